// The `sild` executable: global flags, subcommand dispatch, and the single place where errors
// become one "error: ..." line and an exit code (0 ok, 1 runtime error, 2 usage error, 130 Ctrl-C).
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>
#include <vector>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "src/cli/command.h"
#include "src/util/interrupt.h"
#include "src/util/logging.h"
#include "src/util/version.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;
constexpr int kExitInterrupted = 130;

void print_help() {
  std::cout << "sild " << sild::kVersion
            << " - Score-induced Latent Diffusion for molecules\n\n"
               "usage: sild COMMAND [options] [--log-level LEVEL]\n"
               "       sild COMMAND --help      options of one command\n\n"
               "commands:\n";
  for (const auto& command : sild::cli::commands()) {
    std::cout << "  " << command.name << std::string(12 - std::min<size_t>(11, command.name.size()), ' ')
              << command.summary << "\n";
  }
  std::cout << "\nglobal options:\n"
               "  -h, --help           show this help\n"
               "  --version            print the version\n"
               "  --log-level LEVEL    trace, debug, info (default), warn, error, critical, off;\n"
               "                       before or after the command\n\n"
               "exit codes: 0 ok, 1 runtime error, 2 usage error, 130 interrupted\n";
}

// Takes the global --log-level out of `args`, wherever it stands (before or after the command,
// up to a "--"), so `sild eval --log-level debug ...` works like `sild --log-level debug eval`.
std::string take_log_level(std::vector<std::string>& args) {
  std::string log_level = "info";
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      kept.insert(kept.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    if (arg == "--log-level") {
      if (i + 1 >= args.size()) throw sild::cli::UsageError("--log-level needs a value");
      log_level = args[++i];
    } else if (arg.rfind("--log-level=", 0) == 0) {
      log_level = arg.substr(12);
    } else {
      kept.push_back(arg);
    }
  }
  args = std::move(kept);
  return log_level;
}

int run(int argc, char** argv) {
  std::vector<std::string> all(argv + 1, argv + argc);
  const std::string log_level = take_log_level(all);
  size_t index = 0;
  // --help and --version before the command are global; after it they belong to the command.
  for (; index < all.size(); ++index) {
    const std::string& arg = all[index];
    if (arg == "-h" || arg == "--help") {
      print_help();
      return kExitOk;
    }
    if (arg == "--version") {
      std::cout << "sild " << sild::kVersion << "\n";
      return kExitOk;
    }
    if (!arg.empty() && arg[0] == '-')
      throw sild::cli::UsageError("unknown global option '" + arg + "' (see 'sild --help')");
    break;
  }
  try {
    sild::core::configure_logging(log_level);
  } catch (const sild::ConfigError& error) {
    throw sild::cli::UsageError(error.what());
  }
  if (index >= all.size()) {
    print_help();
    return kExitUsageError;
  }
  const std::string name = all[index];
  std::vector<std::string> args(all.begin() + static_cast<std::ptrdiff_t>(index) + 1, all.end());
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
  } catch (const sild::Interrupted& error) {
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
