// Fuzz target: the two parsers of user-written settings. Even first byte: the `--filter`
// language (src/molecules/property_filter.h), which must accept or throw ConfigError, and whose
// accepted ranges must print (to_string) as conditions that parse back to the same ranges. Odd:
// an INI config file (src/util/config_file.h) against options of every kind the commands use,
// which must store the values or throw ConfigError, never anything else.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "common/errors.h"
#include "fuzz/fuzz_entry.h"
#include "src/molecules/property_filter.h"
#include "src/util/config_file.h"
#include "src/util/option_value.h"

namespace {

bool same(const sild::core::PropertyRange& a, const sild::core::PropertyRange& b) {
  return a.property == b.property && a.min == b.min && a.max == b.max && a.min_inclusive == b.min_inclusive &&
         a.max_inclusive == b.max_inclusive;
}

void check_filter(const std::string& spec) {
  std::vector<sild::core::PropertyRange> ranges;
  try {
    ranges = sild::core::parse_property_filter(spec);
  } catch (const sild::ConfigError&) {
    return;
  }
  std::string printed;
  for (const auto& range : ranges) printed += (printed.empty() ? "" : ",") + range.to_string();
  const auto again = sild::core::parse_property_filter(printed);  // must not throw
  if (again.size() != ranges.size()) std::abort();
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (!same(ranges[i], again[i])) std::abort();
  }
}

void check_config(const std::string& text) {
  namespace po = boost::program_options;
  int64_t steps = 100;
  double rate = 1e-3;
  std::string name = "sild";
  bool flag = false;
  po::options_description options("fuzz");
  options.add_options()("steps", sild::core::value_with_default(&steps), "")(
      "lr", sild::core::value_with_default(&rate), "")("name", sild::core::value_with_default(&name), "")(
      "flag", po::bool_switch(&flag), "")("list", po::value<std::vector<std::string>>()->multitoken(), "");
  const std::string path = "/tmp/sild-fuzz-config-" + std::to_string(::getpid()) + ".ini";
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
  }
  po::variables_map values;
  try {
    sild::core::parse_config_file(path, options, values, "fuzz");
  } catch (const sild::ConfigError&) {
  }
  std::remove(path.c_str());
}

}  // namespace

SILD_FUZZ_ENTRY(config_parsers) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 0) {
    check_filter(text);
  } else {
    check_config(text);
  }
  return 0;
}
