// Flags, config.ini, JSON and the log table from one field table (see config_fields.h).
#include "src/util/config_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>

#include "common/atomic_file.h"
#include "src/util/config_file.h"
#include "src/util/option_value.h"

namespace sild::core {
namespace {

std::string text_of(const ConfigField& field) {
  return std::visit([](auto* value) { return fmt::format("{}", *value); }, field.value);
}

}  // namespace

void describe_fields(boost::program_options::options_description& options, const ConfigFields& fields) {
  for (const auto& field : fields) {
    std::visit([&](auto* value) { options.add_options()(field.key, value_with_default(value), field.help); },
               field.value);
  }
}

void write_fields(const std::string& path, const std::string& header, const ConfigFields& fields) {
  AtomicFile file(path);
  file.stream() << "# " << header << "\n";
  for (const auto& field : fields) file.stream() << field.key << " = " << text_of(field) << "\n";
  file.commit();
}

void read_fields(const std::string& path, const ConfigFields& fields, const std::string& hint) {
  boost::program_options::options_description options;
  describe_fields(options, fields);
  boost::program_options::variables_map values;
  parse_config_file(path, options, values, hint);
}

Json fields_json(const ConfigFields& fields) {
  Json json = Json::object();
  for (const auto& field : fields) {
    std::visit([&](auto* value) { json[field.key] = *value; }, field.value);
  }
  return json;
}

std::string fields_table(const ConfigFields& fields) {
  size_t width = 0;
  for (const auto& field : fields) width = std::max(width, std::string(field.key).size());
  std::string out;
  for (const auto& field : fields) out += fmt::format("  {:<{}}  {}\n", field.key, width, text_of(field));
  return out;
}

}  // namespace sild::core
