// The manifold experiment's result files and table (see manifold_results.h).
#include "src/experiments/manifold_results.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "common/csv_writer.h"
#include "src/report/svg_plot.h"

namespace sild::core {

ExperimentResults write_manifold_results(const models::ManifoldExperimentResult& result,
                                         const models::ManifoldExperimentOptions& options,
                                         const std::string& out) {
  std::filesystem::create_directories(out);
  ExperimentResults results;
  const int64_t k = options.manifold.k;
  std::string table = fmt::format("{:>9} {:>9} {:>9} {:>12} {:>11}  top singular values\n", "sigma",
                                  "eff.rank", "exact k", "err/sigma^2", "dist to M");
  std::string csv =
      "sigma,effective_rank,exact_k_fraction,normalised_error,manifold_distance,singular_values\n";
  PlotSeries rank{"effective rank", {}, {}, ""}, error{"E|D(x)-x|^2/sigma^2", {}, {}, ""},
      k_line{"k", {}, {}, "#888888"};
  for (const auto& m : result.by_sigma) {
    std::string singular;
    for (double v : m.singular_values) singular += fmt::format("{}{:.3f}", singular.empty() ? "" : " ", v);
    table += fmt::format("{:>9.4g} {:>9.2f} {:>9.2f} {:>12.3f} {:>11.4f}  {}\n", m.sigma, m.effective_rank,
                         m.exact_k_fraction, m.normalised_error, m.manifold_distance, singular);
    csv += csv_row({fmt::format("{}", m.sigma), fmt::format("{}", m.effective_rank),
                    fmt::format("{}", m.exact_k_fraction), fmt::format("{}", m.normalised_error),
                    fmt::format("{}", m.manifold_distance), singular});
    rank.x.push_back(m.sigma);
    rank.y.push_back(m.effective_rank);
    error.x.push_back(m.sigma);
    error.y.push_back(m.normalised_error);
    k_line.x.push_back(m.sigma);
    k_line.y.push_back(static_cast<double>(k));
  }
  table += fmt::format(
      "reconstruction distance to the manifold: {:.4g}; Stage 1: {} of {} steps{}; {:.1f} s\n",
      result.reconstruction_distance, result.stage1_steps, options.steps,
      options.plateau.window == 0      ? std::string()
      : result.stage1_plateau_step > 0 ? fmt::format(" (plateau at {})", result.stage1_plateau_step)
                                       : std::string(" (no plateau before the cap)"),
      result.seconds);
  const std::filesystem::path dir(out);
  write_text(dir / "manifold.csv", csv);
  std::string training = "step,loss,effective_rank\n";
  PlotSeries over_steps{"effective rank at the middle sigma", {}, {}, ""};
  for (const auto& m : result.by_step) {
    training +=
        csv_row({fmt::format("{}", m.step), fmt::format("{}", m.loss), fmt::format("{}", m.effective_rank)});
    over_steps.x.push_back(static_cast<double>(m.step));
    over_steps.y.push_back(m.effective_rank);
  }
  write_text(dir / "training.csv", training);
  const std::string title = fmt::format("{} k={} d={}", options.manifold.kind, k, options.manifold.d);
  write_text(dir / "effective_rank.svg",
             line_plot_svg({rank, k_line}, {"effective rank vs sigma (" + title + ")", "sigma", "rank", 480,
                                            300, true, false, true}));
  write_text(dir / "normalised_error.svg",
             line_plot_svg({error, k_line}, {"normalised error vs sigma (" + title + ")", "sigma",
                                             "E|D-x|^2/sigma^2", 480, 300, true, true, true}));
  if (!over_steps.x.empty()) {
    write_text(dir / "rank_over_training.svg",
               line_plot_svg({over_steps}, {"effective rank during training", "step", "rank", 480, 300, false,
                                            false, true}));
  }
  auto& metrics = results.metrics;
  metrics = {{"reconstruction_distance", result.reconstruction_distance},
             {"seconds", result.seconds},
             {"stage1_steps", static_cast<double>(result.stage1_steps)},
             {"stage1_plateau_step", static_cast<double>(result.stage1_plateau_step)}};
  if (result.stage2) {
    metrics["sild_stage2_steps"] = static_cast<double>(result.sild_stage2_steps);
    metrics["ambient_stage2_steps"] = static_cast<double>(result.ambient_stage2_steps);
  }
  if (!result.stage1_validation.empty()) {
    std::string validation = "step,validation_loss\n";
    for (const auto& [step, loss] : result.stage1_validation) {
      validation += csv_row({fmt::format("{}", step), fmt::format("{}", loss)});
    }
    write_text(dir / "stage1_validation.csv", validation);
  }
  for (const auto& m : result.by_sigma) {
    metrics[fmt::format("effective_rank@{}", m.sigma)] = m.effective_rank;
    metrics[fmt::format("normalised_error@{}", m.sigma)] = m.normalised_error;
  }
  if (result.stage2) {
    std::string generation = "model,sliced_wasserstein,mmd,manifold_distance,weight_error,weights\n";
    table +=
        fmt::format("\n{:<22} {:>10} {:>10} {:>10} {:>10}  recovered weights (true: {:.3f})\n", "generation",
                    "SW1", "MMD^2", "dist to M", "weight TV", fmt::join(result.true_weights, " "));
    for (const auto& [name, m] :
         {std::pair<const char*, const models::GenerationMeasurement&>{"sild (stage 2 + G)", result.sild},
          {"ambient diffusion", result.ambient},
          {"true vs true", result.reference}}) {
      std::string weights;
      for (double w : m.weights) weights += fmt::format("{}{:.3f}", weights.empty() ? "" : " ", w);
      table += fmt::format("{:<22} {:>10.4f} {:>10.5f} {:>10.4f} {:>10.3f}  {}\n", name, m.sliced_wasserstein,
                           m.mmd, m.manifold_distance, m.weight_error, weights);
      generation +=
          csv_row({name, fmt::format("{}", m.sliced_wasserstein), fmt::format("{}", m.mmd),
                   fmt::format("{}", m.manifold_distance), fmt::format("{}", m.weight_error), weights});
    }
    table += fmt::format("Stage-2 steps: sild {}, ambient {} of {}\n", result.sild_stage2_steps,
                         result.ambient_stage2_steps, options.stage2_steps);
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
  results.table = table;
  return results;
}

}  // namespace sild::core
