// The one logger (style S11): spdlog to stderr, configured once by main(). Libraries in src/
// log through spdlog's default logger; chem/ and models/ do not log at all.
#pragma once

#include <string>

namespace sild::core {

/// Sets the default spdlog logger to stderr with `level` (trace, debug, info, warn, error,
/// critical, off). Throws sild::ConfigError for an unknown level.
void configure_logging(const std::string& level);

}  // namespace sild::core
