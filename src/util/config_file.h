// INI configuration files (`key = value` lines, keys as the flags without "--"), parsed against
// the same Boost.Program_options description the flags use: config.ini in model directories and
// --config files alike. Values already stored in `values` (given as flags) win.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <string>

namespace sild::core {

/// Stores and notifies the file's values; IoError when it cannot be opened, ConfigError naming
/// the file for an unknown key or a bad value, with `hint`.
void parse_config_file(const std::string& path, const boost::program_options::options_description& options,
                       boost::program_options::variables_map& values, const std::string& hint);

}  // namespace sild::core
