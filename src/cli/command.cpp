// Command table and the shared flag-parsing helper (see command.h).
#include "src/cli/command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "common/errors.h"
#include "src/util/option_value.h"

namespace sild::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {"convert", "convert molecules between SMILES and SELFIES, line by line", run_convert},
      {"props", "compute QED, SA score, logP and molecular weight for a molecule file", run_props},
      {"data", "prepare a dataset: canonicalise, de-duplicate, filter, split (train/test/test_scaffolds)",
       run_data},
      {"eval", "MOSES metrics of generated molecules against a dataset's splits", run_eval},
      {"train", "train a SiLD (or VAE-LDM baseline) molecule model: stage 1, latents, stage 2", run_train},
      {"sample", "sample molecules from a trained model", run_sample},
      {"generate", "a candidate library: sample until N molecules pass the filters, write .smi/.csv/.sdf",
       run_generate},
      {"reconstruct", "decode(encode(x)) for every molecule of a file, with a model", run_reconstruct},
      {"encode", "write the latent vector of every molecule of a file as CSV", run_encode},
      {"decode", "decode latent vectors (a CSV as encode writes it) to molecules", run_decode},
      {"export",
       "copy a trained model without its training state, optionally with float16 weights (to ship it)",
       run_export},
      {"report", "a self-contained HTML report of a run: metrics, molecules, histograms, curves, provenance",
       run_report},
      {"images",
       "image benchmarks: train/sample/reconstruct/eval SiLD vs LDM-CNN on (Stacked) MNIST, Fashion-MNIST, "
       "CelebA",
       run_images},
      {"experiment",
       "synthetic-manifold experiments: collapse onto a known k-manifold (manifold), sample complexity over "
       "d (scaling)",
       run_experiment},
      {"runs", "list the runs in the results store, or show one with its metrics", run_runs},
  };
  return kCommands;
}

void add_max_smiles_length(po::options_description& flags, size_t* limit) {
  // Read as a signed number: Boost would turn "-5" into a huge size_t, i.e. no limit at all.
  flags.add_options()("max-smiles-length",
                      po::value<long long>()
                          ->default_value(static_cast<long long>(*limit))
                          ->notifier([limit](long long value) {
                            if (value < 0)
                              throw UsageError("--max-smiles-length must be >= 0 (0 = no limit)");
                            *limit = static_cast<size_t>(value);
                          }),
                      "longer input SMILES are skipped and counted, never parsed (RDKit's parser is "
                      "superlinear in the length); 0 = no limit");
}

void require_existing_store(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw IoError(located(path, 0, "no results database here", "pass --store PATH"));
}

std::string command_line_of(const std::string& name, const std::vector<std::string>& args) {
  // Quoted for a POSIX shell where needed, so the line can be pasted back (resume hints).
  auto quoted = [](const std::string& arg) {
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_./=:,+@%") == std::string::npos;
    if (plain) return arg;
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  std::string line = "sild " + name;
  for (const auto& arg : args) line += " " + quoted(arg);
  return line;
}

bool parse_command_line(const std::string& command, const std::string& usage,
                        const std::vector<std::string>& args, po::options_description& options,
                        po::variables_map& values, const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help and exit");
  for (const auto& arg : args) {
    if (const std::string placeholder = core::boost_placeholder_in(arg); !placeholder.empty()) {
      throw UsageError("sild " + command + ": '" + arg + "' holds '" + placeholder +
                       "', which options may not contain (write it without the surrounding %)");
    }
  }
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional != nullptr) parser.positional(*positional);
    const auto parsed = parser.run();
    if (positional == nullptr) {  // without a positional description Boost would drop them silently
      for (const auto& option : parsed.options) {
        if (option.string_key.empty() && !option.original_tokens.empty()) {
          throw UsageError("sild " + command + ": unexpected argument '" + option.original_tokens.front() +
                           "' (options start with --; see 'sild " + command + " --help')");
        }
      }
    }
    po::store(parsed, values);
    if (values.count("help") != 0) {
      std::cout << "usage: sild " << command << " " << usage << "\n\n" << options << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    std::string message = error.what();
    // Positional arguments are options inside Boost: name them as the user typed them, not '--id'.
    if (positional != nullptr) {
      for (unsigned position = 0; position < std::min(positional->max_total_count(), 8U); ++position) {
        const std::string& name = positional->name_for_position(position);
        for (size_t at; (at = message.find("option '--" + name + "'")) != std::string::npos;)
          message.replace(at, name.size() + 11, "argument " + name);
      }
    }
    throw UsageError("sild " + command + ": " + message + " (see 'sild " + command + " --help')");
  }
  return true;
}

}  // namespace sild::cli
