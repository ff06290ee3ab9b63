// Typed errors that end a command (style S7b) and the programmer-error assertion (S7c).
// Per-record problems are not exceptions: they are returned as std::optional / results
// and counted by the caller.
#pragma once

#include <stdexcept>
#include <string>

namespace sild {

/// Base of every error that ends a command. `what()` is the whole one-line message.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Bad input data: a file whose content cannot be used (names file, line and a hint).
class InputError : public Error {
 public:
  using Error::Error;
};

/// The file system or a database refused: cannot open, write, rename, lock.
class IoError : public Error {
 public:
  using Error::Error;
};

/// Conflicting or invalid options and configuration. main() maps it to exit code 2.
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// Formats "file:line: message (hint: ...)" the same way everywhere.
inline std::string located(const std::string& file, long line, const std::string& message,
                           const std::string& hint = {}) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": " + message;
  if (!hint.empty()) out += " (hint: " + hint + ")";
  return out;
}

/// Thrown by SILD_ASSERT; a logic_error because it signals a bug, not bad input.
[[noreturn]] inline void assert_failed(const char* expr, const char* why, const char* file, int line) {
  throw std::logic_error(std::string(file) + ":" + std::to_string(line) + ": internal error: " + expr +
                         " failed: " + why);
}

/// The user asked the work to stop (Ctrl-C, SIGTERM); main() maps it to exit code 130. Thrown
/// by loops whose options carry a `should_stop` callback, so any library can stop cleanly.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted; partial output was discarded") {}
};

}  // namespace sild

/// Programmer errors only: never reachable from user input.
#define SILD_ASSERT(cond, why)                                          \
  do {                                                                  \
    if (!(cond)) ::sild::assert_failed(#cond, why, __FILE__, __LINE__); \
  } while (0)
