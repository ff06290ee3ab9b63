// INI configuration files (see config_file.h).
#include "src/util/config_file.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "src/util/option_value.h"

namespace sild::core {

void parse_config_file(const std::string& path, const boost::program_options::options_description& options,
                       boost::program_options::variables_map& values, const std::string& hint) {
  namespace po = boost::program_options;
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw IoError(located(path, 0, "is a directory, not a config file", "check the path given to --config"));
  }
  std::ifstream in(path);
  if (!in) throw IoError(located(path, 0, "cannot open config file", "check the path given to --config"));
  std::string text;
  long line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (const std::string placeholder = boost_placeholder_in(line); !placeholder.empty()) {
      throw ConfigError(located(path, line_number, "'" + placeholder + "' may not appear in a value", hint));
    }
    text += line + '\n';
  }
  if (in.bad()) throw IoError(located(path, 0, "read failed"));
  std::istringstream content(text);
  try {
    po::store(po::parse_config_file(content, options, /*allow_unregistered=*/false), values);
    po::notify(values);
  } catch (const po::error& error) {
    throw ConfigError(located(path, 0, error.what(), hint));
  }
}

}  // namespace sild::core
