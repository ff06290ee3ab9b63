// The command-line layer: each subcommand binds Boost.Program_options flags to the fields of a
// library options struct (style S8), calls the library, and prints a summary. Nothing here
// computes anything itself.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

namespace sild::cli {

namespace po = boost::program_options;

/// Thrown for bad command-line usage; main() prints the message and exits with code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Command {
  std::string name;
  std::string summary;
  /// Runs the command with the arguments after its name; returns the exit code.
  std::function<int(const std::vector<std::string>& args)> run;
};

/// All subcommands in the order `sild --help` lists them.
const std::vector<Command>& commands();

/// Parses `args` against `options` (+ positional), handling --help: prints usage and returns
/// false when help was asked for. Throws UsageError on unknown or malformed flags.
bool parse_command_line(const std::string& command, const std::string& usage,
                        const std::vector<std::string>& args, po::options_description& options,
                        po::variables_map& values,
                        const po::positional_options_description* positional = nullptr);

/// Adds `--max-smiles-length` bound to `limit` (its current value is the default).
void add_max_smiles_length(po::options_description& flags, size_t* limit);

/// Throws IoError unless the results database at `path` exists: commands that only read the
/// store must not create an empty one.
void require_existing_store(const std::string& path);

/// "sild NAME ARGS..." as typed, for the store's runs table.
std::string command_line_of(const std::string& name, const std::vector<std::string>& args);

int run_convert(const std::vector<std::string>& args);
int run_props(const std::vector<std::string>& args);
int run_runs(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_data(const std::vector<std::string>& args);
int run_train(const std::vector<std::string>& args);
int run_sample(const std::vector<std::string>& args);
int run_reconstruct(const std::vector<std::string>& args);
int run_export(const std::vector<std::string>& args);
int run_encode(const std::vector<std::string>& args);
int run_decode(const std::vector<std::string>& args);
int run_generate(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_experiment(const std::vector<std::string>& args);
int run_images(const std::vector<std::string>& args);

}  // namespace sild::cli
