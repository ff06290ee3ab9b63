// Command table and the shared flag-parsing helper (see command.h).
#include "src/cli/command.h"

#include <filesystem>
#include <iostream>

#include "common/errors.h"

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

void require_existing_store(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw IoError(located(path, 0, "no results database here", "pass --store PATH"));
}

std::string command_line_of(const std::string& name, const std::vector<std::string>& args) {
  std::string line = "sild " + name;
  for (const auto& arg : args) line += " " + arg;
  return line;
}

bool parse_command_line(const std::string& command, const std::string& usage,
                        const std::vector<std::string>& args, po::options_description& options,
                        po::variables_map& values, const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help and exit");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional != nullptr) parser.positional(*positional);
    po::store(parser.run(), values);
    if (values.count("help") != 0) {
      std::cout << "usage: sild " << command << " " << usage << "\n\n" << options << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError("sild " + command + ": " + error.what() + " (see 'sild " + command + " --help')");
  }
  return true;
}

}  // namespace sild::cli
