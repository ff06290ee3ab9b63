// Shared experiment flags (see experiment_flags.h).
#include "src/cli/experiment_flags.h"

#include "common/atomic_file.h"

namespace sild::cli {

void add_experiment_flags(po::options_description& flags, models::ManifoldExperimentOptions& options,
                          const ExperimentFlagHelp& help, std::string& out, std::string& store_path) {
  flags.add_options()
      ("k", po::value(&options.manifold.k)->default_value(options.manifold.k), "intrinsic dimension of the manifold")
      ("manifold", po::value(&options.manifold.kind)->default_value(options.manifold.kind), "linear, sphere or torus")
      ("components", po::value(&options.manifold.components)->default_value(options.manifold.components), "mixture components")
      ("latent", po::value(&options.latent)->default_value(options.latent), "bottleneck width (0 = 4k)")
      ("hidden", po::value(&options.hidden)->default_value(options.hidden), "MLP width")
      ("layers", po::value(&options.layers)->default_value(options.layers), "hidden layers of E and of G")
      ("steps", po::value(&options.steps)->default_value(options.steps), "Stage-1 training steps")
      ("batch", po::value(&options.batch)->default_value(options.batch), "batch size")
      ("lr", po::value(&options.lr)->default_value(options.lr), "peak learning rate (Adam, cosine decay)")
      ("sigma-min", po::value(&options.sigma_min)->default_value(options.sigma_min), "Stage-1 noise range, low end")
      ("sigma-max", po::value(&options.sigma_max)->default_value(options.sigma_max), "Stage-1 noise range, high end")
      ("stage2-steps", po::value(&options.stage2_steps)->default_value(options.stage2_steps),
       ("Stage-2 steps, also used for the ambient baseline (" + help.stage2_zero + ")").c_str())
      ("samples", po::value(&options.samples)->default_value(options.samples), "generated samples compared with fresh true samples")
      ("seed", po::value(&options.seed)->default_value(options.seed), "seed of the data, the embedding and the training")
      ("threads", po::value(&options.threads)->default_value(options.threads), "torch threads, 0 = all cores")
      ("out", po::value(&out)->default_value(out), ("directory for " + help.outputs).c_str())
      ("store", po::value(&store_path)->default_value(store_path), "results database");
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  AtomicFile file(path.string());
  file.stream() << text;
  file.commit();
}

}  // namespace sild::cli
