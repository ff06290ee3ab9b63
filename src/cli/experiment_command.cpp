// `sild experiment manifold`: Stage 1 of the collapse-and-refine experiment (models/
// manifold_experiment.h) as a command: a table on the terminal, CSV, SVG plots and the store.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "common/json.h"
#include "models/experiments/manifold_experiment.h"
#include "src/cli/command.h"
#include "src/cli/experiment_flags.h"
#include "src/report/svg_plot.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

std::vector<double> parse_sigmas(const std::string& text) {
  std::vector<double> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    try {
      out.push_back(std::stod(item));
    } catch (const std::exception&) {
      throw UsageError("--sigmas: '" + item + "' is not a number (write e.g. 0.003,0.01,0.03)");
    }
    if (out.back() <= 0) throw UsageError("--sigmas must be positive");
  }
  return out;
}

int run_manifold(const std::vector<std::string>& args) {
  models::ManifoldExperimentOptions options;
  std::string sigmas, out = "manifold-experiment", store_path = "sild.sqlite";
  po::options_description flags("experiment manifold options");
  flags.add_options()("d", core::value_with_default(&options.manifold.d), "ambient dimension")(
      "n", core::value_with_default(&options.n), "training samples")(
      "sigmas", po::value(&sigmas), "measurement grid, comma-separated (default: 13 values from 0.001 to 1)")(
      "measure-every", po::value(&options.measure_every)->default_value(500),
      "steps between effective-rank measurements during training");
  add_experiment_flags(flags, options,
                       {"0 = Stage 1 only", "manifold.csv, training.csv, generation.csv and the SVG plots"},
                       out, store_path);
  po::variables_map values;
  if (!parse_command_line("experiment manifold", "[--k K --d D --manifold linear|sphere|torus ...]", args,
                          flags, values)) {
    return 0;
  }
  options.manifold.seed = options.seed;
  if (!sigmas.empty()) options.sigmas = parse_sigmas(sigmas);
  options.on_step = [](int64_t step, double loss) {
    spdlog::info("manifold stage1 s:{} loss:{:.5g}", step, loss);
  };
  options.should_stop = [] { return core::interrupted(); };
  store::Database database(store_path);
  JsonObject config;
  config.add("manifold", options.manifold.kind)
      .add("k", options.manifold.k)
      .add("d", options.manifold.d)
      .add("n", options.n)
      .add("steps", options.steps)
      .add("sigma_min", options.sigma_min)
      .add("sigma_max", options.sigma_max)
      .add("seed", static_cast<int64_t>(options.seed));
  store::RunRecorder run(database, {"experiment", "manifold " + options.manifold.kind,
                                    command_line_of("experiment manifold", args), config.str(),
                                    JsonObject().add("sild", kVersion).str()});
  auto result = models::run_manifold_experiment(options);
  if (result.stopped) throw core::Interrupted();

  std::filesystem::create_directories(out);
  const int64_t k = options.manifold.k;
  std::string table = fmt::format("{:>9} {:>9} {:>9} {:>12} {:>11}  top singular values\n", "sigma",
                                  "eff.rank", "exact k", "err/sigma^2", "dist to M");
  std::string csv =
      "sigma,effective_rank,exact_k_fraction,normalised_error,manifold_distance,singular_values\n";
  core::PlotSeries rank{"effective rank", {}, {}, ""}, error{"E|D(x)-x|^2/sigma^2", {}, {}, ""},
      k_line{"k", {}, {}, "#888888"};
  for (const auto& m : result.by_sigma) {
    std::string singular;
    for (double v : m.singular_values) singular += fmt::format("{}{:.3f}", singular.empty() ? "" : " ", v);
    table += fmt::format("{:>9.4g} {:>9.2f} {:>9.2f} {:>12.3f} {:>11.4f}  {}\n", m.sigma, m.effective_rank,
                         m.exact_k_fraction, m.normalised_error, m.manifold_distance, singular);
    csv += fmt::format("{},{},{},{},{},{}\n", m.sigma, m.effective_rank, m.exact_k_fraction,
                       m.normalised_error, m.manifold_distance, singular);
    rank.x.push_back(m.sigma);
    rank.y.push_back(m.effective_rank);
    error.x.push_back(m.sigma);
    error.y.push_back(m.normalised_error);
    k_line.x.push_back(m.sigma);
    k_line.y.push_back(static_cast<double>(k));
  }
  std::cout << table
            << fmt::format("reconstruction distance to the manifold: {:.4g}; {:.1f} s\n",
                           result.reconstruction_distance, result.seconds);
  const std::filesystem::path dir(out);
  write_text(dir / "manifold.csv", csv);
  std::string training = "step,loss,effective_rank\n";
  core::PlotSeries over_steps{"effective rank at the middle sigma", {}, {}, ""};
  for (const auto& m : result.by_step) {
    training += fmt::format("{},{},{}\n", m.step, m.loss, m.effective_rank);
    over_steps.x.push_back(static_cast<double>(m.step));
    over_steps.y.push_back(m.effective_rank);
  }
  write_text(dir / "training.csv", training);
  const std::string title = fmt::format("{} k={} d={}", options.manifold.kind, k, options.manifold.d);
  write_text(dir / "effective_rank.svg",
             core::line_plot_svg({rank, k_line}, {"effective rank vs sigma (" + title + ")", "sigma", "rank",
                                                  480, 300, true, false, true}));
  write_text(dir / "normalised_error.svg",
             core::line_plot_svg({error, k_line}, {"normalised error vs sigma (" + title + ")", "sigma",
                                                   "E|D-x|^2/sigma^2", 480, 300, true, true, true}));
  if (!over_steps.x.empty()) {
    write_text(dir / "rank_over_training.svg",
               core::line_plot_svg({over_steps}, {"effective rank during training", "step", "rank", 480, 300,
                                                  false, false, true}));
  }
  std::map<std::string, std::optional<double>> metrics{
      {"reconstruction_distance", result.reconstruction_distance}, {"seconds", result.seconds}};
  for (const auto& m : result.by_sigma) {
    metrics[fmt::format("effective_rank@{}", m.sigma)] = m.effective_rank;
    metrics[fmt::format("normalised_error@{}", m.sigma)] = m.normalised_error;
  }
  if (result.stage2) {
    std::string generation = "model,sliced_wasserstein,mmd,manifold_distance,weight_error,weights\n";
    std::cout << fmt::format("\n{:<22} {:>10} {:>10} {:>10} {:>10}  recovered weights (true: {:.3f})\n",
                             "generation", "SW1", "MMD^2", "dist to M", "weight TV",
                             fmt::join(result.true_weights, " "));
    for (const auto& [name, m] :
         {std::pair<const char*, const models::GenerationMeasurement&>{"sild (stage 2 + G)", result.sild},
          {"ambient diffusion", result.ambient},
          {"true vs true", result.reference}}) {
      std::string weights;
      for (double w : m.weights) weights += fmt::format("{}{:.3f}", weights.empty() ? "" : " ", w);
      std::cout << fmt::format("{:<22} {:>10.4f} {:>10.5f} {:>10.4f} {:>10.3f}  {}\n", name,
                               m.sliced_wasserstein, m.mmd, m.manifold_distance, m.weight_error, weights);
      generation += fmt::format("{},{},{},{},{},{}\n", name, m.sliced_wasserstein, m.mmd, m.manifold_distance,
                                m.weight_error, weights);
    }
    write_text(dir / "generation.csv", generation);
    for (const auto& [prefix, m] :
         {std::pair<std::string, const models::GenerationMeasurement&>{"sild", result.sild},
          {"ambient", result.ambient}}) {
      metrics[prefix + "/sliced_wasserstein"] = m.sliced_wasserstein;
      metrics[prefix + "/mmd"] = m.mmd;
      metrics[prefix + "/manifold_distance"] = m.manifold_distance;
      metrics[prefix + "/weight_error"] = m.weight_error;
    }
  }
  run.add_metrics(metrics, "1");
  store::record_run_file(database, run.id(), "results", "out", out);
  run.finish();
  spdlog::info("experiment manifold: results in {} (run {})", out, run.id());
  return 0;
}

}  // namespace

int run_experiment(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout
        << "usage: sild experiment manifold|scaling [options]\n\n"
           "  manifold  Stage 1 of the collapse-and-refine experiment on a mixture of Gaussians on a\n"
           "            k-dimensional manifold in R^d: Jacobian effective rank and normalised denoising\n"
           "            error over sigma, then Stage 2 and an ambient diffusion baseline compared with\n"
           "            fresh true samples (see 'sild experiment manifold --help').\n"
           "  scaling   the sample-complexity sweep: SiLD and the ambient baseline trained on n samples\n"
           "            in R^d for every n of --ns and d of --ds; Stage-2 error per (n, d), and how much\n"
           "            it moves with d (see 'sild experiment scaling --help').\n";
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "manifold") return run_manifold(rest);
  if (args[0] == "scaling") return run_scaling_experiment(rest);
  throw UsageError("sild experiment: unknown experiment '" + args[0] +
                   "' (expected 'manifold' or 'scaling')");
}

}  // namespace sild::cli
