// The `sild` executable: global flags, subcommand dispatch, and the single place where errors
// become one "error: ..." line and an exit code (0 ok, 1 runtime error, 2 usage error, 130 Ctrl-C).
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <vector>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "src/cli/command.h"
#include "src/interrupt.h"
#include "src/logging.h"
#include "src/version.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;
constexpr int kExitInterrupted = 130;

void print_help() {
  std::cout << "sild " << sild::kVersion
            << " - Score-induced Latent Diffusion for molecules\n\n"
               "usage: sild [--log-level LEVEL] COMMAND [options]\n"
               "       sild COMMAND --help      options of one command\n\n"
               "commands:\n";
  for (const auto& command : sild::cli::commands()) {
    std::cout << "  " << command.name << std::string(12 - std::min<size_t>(11, command.name.size()), ' ')
              << command.summary << "\n";
  }
  std::cout << "\nglobal options:\n"
               "  -h, --help           show this help\n"
               "  --version            print the version\n"
               "  --log-level LEVEL    trace, debug, info (default), warn, error, critical, off\n\n"
               "exit codes: 0 ok, 1 runtime error, 2 usage error, 130 interrupted\n";
}

int run(int argc, char** argv) {
  std::string log_level = "info";
  int index = 1;
  // Global flags come before the command name; everything after it belongs to the command.
  for (; index < argc; ++index) {
    std::string arg = argv[index];
    if (arg == "-h" || arg == "--help") {
      print_help();
      return kExitOk;
    }
    if (arg == "--version") {
      std::cout << "sild " << sild::kVersion << "\n";
      return kExitOk;
    }
    if (arg == "--log-level" || arg.rfind("--log-level=", 0) == 0) {
      if (arg == "--log-level") {
        if (index + 1 >= argc) throw sild::cli::UsageError("--log-level needs a value");
        log_level = argv[++index];
      } else {
        log_level = arg.substr(12);
      }
      continue;
    }
    if (!arg.empty() && arg[0] == '-') throw sild::cli::UsageError("unknown global option '" + arg + "' (see 'sild --help')");
    break;
  }
  try {
    sild::core::configure_logging(log_level);
  } catch (const sild::ConfigError& error) {
    throw sild::cli::UsageError(error.what());
  }
  if (index >= argc) {
    print_help();
    return kExitUsageError;
  }
  std::string name = argv[index];
  std::vector<std::string> args(argv + index + 1, argv + argc);
  for (const auto& command : sild::cli::commands()) {
    if (command.name == name) {
      sild::chem::silence_rdkit_logs();
      sild::core::install_interrupt_handlers();
      return command.run(args);
    }
  }
  throw sild::cli::UsageError("unknown command '" + name + "' (see 'sild --help')");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const sild::cli::UsageError& error) {
    spdlog::error("{}", error.what());
    return kExitUsageError;
  } catch (const sild::ConfigError& error) {
    spdlog::error("{}", error.what());
    return kExitUsageError;
  } catch (const sild::core::Interrupted& error) {
    spdlog::error("{}", error.what());
    return kExitInterrupted;
  } catch (const sild::Error& error) {
    spdlog::error("{}", error.what());
    return kExitRuntimeError;
  } catch (const std::exception& error) {
    spdlog::error("unexpected failure: {}", error.what());
    return kExitRuntimeError;
  }
}
