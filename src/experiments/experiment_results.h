// What an experiment hands back to the command that ran it once its files are written: the
// table the terminal shows and the metrics the store keeps. The CLI only prints and records.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace sild::core {

struct ExperimentResults {
  std::string table;                                     ///< for the terminal
  std::map<std::string, std::optional<double>> metrics;  ///< for the store
};

/// Writes `text` to `path` atomically.
void write_text(const std::filesystem::path& path, const std::string& text);

}  // namespace sild::core
