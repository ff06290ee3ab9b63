// The MOSES metric suite (FCD excluded) on 30,000 generated molecules against a QM9 split
// (test 13,000, test_scaffolds 13,000, train 80,000): seconds for the reference statistics, for
// each phase of the metrics, and in total. Target from issue 3: the whole suite within 30 s on
// 2 cores. Baseline: with SILD_MOSES_SRC pointing at a MOSES checkout, MOSES's own
// get_all_metrics runs on the same files in the same run (benchmarks/python/moses_baseline.py,
// 2 worker processes, FCD stubbed out), and the largest difference between its values and
// ours is printed.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "benchmarks/bench_data.h"
#include "benchmarks/harness.h"
#include "chem/mol_io.h"
#include "chem/moses_filters.h"
#include "chem/moses_metrics.h"
#include "chem/sa_score.h"

int main() {
  using namespace sild;
  chem::silence_rdkit_logs();
  auto qm9 = bench::load_smiles("qm9.csv.gz");
  if (qm9.size() < 133000) return 0;
  std::vector<std::string> test(qm9.begin(), qm9.begin() + 13000);
  std::vector<std::string> scaffolds(qm9.begin() + 13000, qm9.begin() + 26000);
  std::vector<std::string> generated(qm9.begin() + 26000, qm9.begin() + 56000);
  std::set<std::string> train(qm9.begin() + 56000,
                              qm9.begin() + 136000 > qm9.end() ? qm9.end() : qm9.begin() + 136000);
  const chem::SaScorer scorer;
  const chem::MosesFilters filters;
  auto start = std::chrono::steady_clock::now();
  auto seconds_since = [](auto t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  auto test_stats = chem::compute_reference_statistics(test, scorer);
  auto scaffold_stats = chem::compute_reference_statistics(scaffolds, scorer);
  const double reference_seconds = seconds_since(start);
  auto metrics_start = std::chrono::steady_clock::now();
  chem::MosesMetricsOptions options;
  std::vector<std::pair<std::string, double>> phases;
  options.on_phase = [&](const std::string& phase, double seconds) { phases.emplace_back(phase, seconds); };
  auto metrics =
      chem::moses_metrics(generated, test_stats, &scaffold_stats, &train, scorer, filters, options);
  const double metric_seconds = seconds_since(metrics_start);
  // MOSES's own code on the same inputs, when a checkout is available.
  double moses_seconds = 0.0;
  std::map<std::string, double> moses_values;
  if (const char* moses_src = std::getenv("SILD_MOSES_SRC"); moses_src != nullptr && *moses_src != '\0') {
    const auto dir =
        std::filesystem::temp_directory_path() / ("sild-bench-eval-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto write = [&](const char* name, const auto& smiles) {
      std::ofstream out(dir / name);
      for (const auto& s : smiles) out << s << "\n";
      return (dir / name).string();
    };
    const std::string command = "/usr/bin/python3 " + std::string(SILD_SOURCE_DIR) +
                                "/benchmarks/python/moses_baseline.py --moses-src " + moses_src +
                                " --generated " + write("gen.smi", generated) + " --test " +
                                write("test.smi", test) + " --test-scaffolds " + write("sf.smi", scaffolds) +
                                " --train " + write("train.smi", train) + " --n-jobs 2 2>/dev/null";
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char line[512];
      while (std::fgets(line, sizeof line, pipe) != nullptr) {
        char name[256];
        double value = 0.0;
        if (std::sscanf(line, "seconds %lf", &value) == 1)
          moses_seconds = value;
        else if (std::sscanf(line, "%255[^\t]\t%lf", name, &value) == 2)
          moses_values[name] = value;
      }
      pclose(pipe);
    }
    std::filesystem::remove_all(dir);
  }
  const double total = reference_seconds + metric_seconds;
  bench::print_header();
  bench::print_row("eval_reference_statistics", "qm9/26000", {reference_seconds, 26000 / reference_seconds});
  bench::print_row("eval_metrics", "qm9/30000_vs_13000", {metric_seconds, 30000 / metric_seconds});
  bench::print_row("eval_total", "qm9", {total, 30000 / total},
                   moses_seconds > 0 ? bench::Timing{moses_seconds, 30000 / moses_seconds} : bench::Timing{});
  if (moses_seconds > 0) {
    double worst = 0.0;
    std::string worst_name;
    for (const auto& [name, value] : metrics) {
      auto it = moses_values.find(name);
      if (!value || it == moses_values.end() || std::isnan(it->second)) continue;
      const double difference = std::abs(*value - it->second);
      if (difference >= worst) worst = difference, worst_name = name;
    }
    std::fprintf(stderr,
                 "MOSES get_all_metrics: %.1f s; largest |sild - MOSES| = %.3g (%s) over %zu metrics\n",
                 moses_seconds, worst, worst_name.c_str(), moses_values.size());
  }
  for (const auto& [phase, seconds] : phases)
    std::fprintf(stderr, "phase\t%.3f s\t%s\n", seconds, phase.c_str());
  for (const auto& [name, value] : metrics)
    std::fprintf(stderr, "%s\t%s\n", name.c_str(), value ? std::to_string(*value).c_str() : "n/a");
}
