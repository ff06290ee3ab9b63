// INI configuration files (see config_file.h).
#include "src/util/config_file.h"

#include <boost/program_options.hpp>
#include <fstream>

#include "common/errors.h"

namespace sild::core {

void parse_config_file(const std::string& path, const boost::program_options::options_description& options,
                       boost::program_options::variables_map& values, const std::string& hint) {
  namespace po = boost::program_options;
  std::ifstream in(path);
  if (!in) throw IoError(located(path, 0, "cannot open config file"));
  try {
    po::store(po::parse_config_file(in, options, /*allow_unregistered=*/false), values);
    po::notify(values);
  } catch (const po::error& error) {
    throw ConfigError(located(path, 0, error.what(), hint));
  }
}

}  // namespace sild::core
