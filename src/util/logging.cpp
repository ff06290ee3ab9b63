// spdlog setup: a single stderr sink with a compact "[level] message" pattern.
#include "src/util/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "common/errors.h"

namespace sild::core {

void configure_logging(const std::string& level) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw ConfigError("unknown log level '" + level +
                      "' (use trace, debug, info, warn, error, critical or off)");
  }
  auto logger = spdlog::stderr_color_mt("sild");
  logger->set_pattern("%^[%l]%$ %v");
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
}

}  // namespace sild::core
