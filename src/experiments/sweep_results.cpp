// The collapse sweep's result file and table (see sweep_results.h).
#include "src/experiments/sweep_results.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/csv_writer.h"

namespace sild::core {

ExperimentResults write_sweep_results(const models::SweepExperimentResult& result, const std::string& out) {
  std::filesystem::create_directories(out);
  ExperimentResults results;
  std::string table =
      fmt::format("{:>2} {:<7} {:>4} {:>4} {:>11} {:>11} {:>8} {:>13} {:>15} {:>15}\n", "k", "M", "d", "seed",
                  "rank range", "err/s2 up", "floor", "steps s1(plat)", "SW1 sild/amb", "dist sild/amb");
  std::string csv =
      "k,manifold,d,seed,rank_min,rank_max,exact_k_min,rank_is_k,error_min,error_max,error_near_k,floor,"
      "stage1_steps,stage1_plateau_step,sild_stage2_steps,ambient_stage2_steps,sild_sliced_wasserstein,"
      "ambient_sliced_wasserstein,reference_sliced_wasserstein,sild_mmd,ambient_mmd,sild_manifold_distance,"
      "ambient_manifold_distance,sild_weight_error,ambient_weight_error,seconds\n";
  int rank_ok = 0, error_ok = 0, sw1_wins = 0, distance_wins = 0;
  for (const auto& c : result.cells) {
    rank_ok += c.rank_is_k;
    error_ok += c.error_near_k;
    sw1_wins += c.sild.sliced_wasserstein <= c.ambient.sliced_wasserstein;
    distance_wins += c.sild.manifold_distance <= c.ambient.manifold_distance;
    table += fmt::format(
        "{:>2} {:<7} {:>4} {:>4} {:>5.2f}-{:<4.2f}{} {:>5.2f}-{:<4.2f}{} {:>8.4f} {:>6}({:>6}) "
        "{:>7.4f}/{:<7.4f} "
        "{:>7.4f}/{:<7.4f}\n",
        c.k, c.manifold, c.d, c.seed, c.rank_min, c.rank_max, c.rank_is_k ? '*' : ' ', c.error_min,
        c.error_max, c.error_near_k ? '*' : ' ', c.floor, c.stage1_steps, c.stage1_plateau_step,
        c.sild.sliced_wasserstein, c.ambient.sliced_wasserstein, c.sild.manifold_distance,
        c.ambient.manifold_distance);
    auto number = [](double v) { return fmt::format("{}", v); };
    csv += csv_row({number(c.k),
                    c.manifold,
                    number(c.d),
                    fmt::format("{}", c.seed),
                    number(c.rank_min),
                    number(c.rank_max),
                    number(c.exact_k_min),
                    c.rank_is_k ? "1" : "0",
                    number(c.error_min),
                    number(c.error_max),
                    c.error_near_k ? "1" : "0",
                    number(c.floor),
                    fmt::format("{}", c.stage1_steps),
                    fmt::format("{}", c.stage1_plateau_step),
                    fmt::format("{}", c.sild_stage2_steps),
                    fmt::format("{}", c.ambient_stage2_steps),
                    number(c.sild.sliced_wasserstein),
                    number(c.ambient.sliced_wasserstein),
                    number(c.reference.sliced_wasserstein),
                    number(c.sild.mmd),
                    number(c.ambient.mmd),
                    number(c.sild.manifold_distance),
                    number(c.ambient.manifold_distance),
                    number(c.sild.weight_error),
                    number(c.ambient.weight_error),
                    number(c.seconds)});
  }
  const auto cells = result.cells.size();
  table += fmt::format(
      "\n* = meets the prediction. Rank exactly k over the training range: {}/{} cells; normalised error "
      "within 25% of k in its upper half: {}/{}; SiLD at least as close as the ambient model in SW1: {}/{}, "
      "in distance to the manifold: {}/{}. {:.0f} s.\n",
      rank_ok, cells, error_ok, cells, sw1_wins, cells, distance_wins, cells, result.seconds);
  write_text(std::filesystem::path(out) / "sweep.csv", csv);
  results.table = table;
  results.metrics = {{"cells", static_cast<double>(cells)},
                     {"cells_rank_is_k", static_cast<double>(rank_ok)},
                     {"cells_error_near_k", static_cast<double>(error_ok)},
                     {"cells_sild_wins_sw1", static_cast<double>(sw1_wins)},
                     {"cells_sild_wins_distance", static_cast<double>(distance_wins)},
                     {"seconds", result.seconds}};
  return results;
}

}  // namespace sild::core
