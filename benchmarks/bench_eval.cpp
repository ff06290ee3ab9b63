// The MOSES metric suite (FCD excluded) on 30,000 generated molecules against a QM9 split
// (test 13,000, test_scaffolds 13,000, train 80,000): seconds for the reference statistics and
// for the metrics, in total. Target from issue 3: the whole suite within 30 s on 2 cores. No
// baseline row: MOSES's Python metrics need PyTorch, which this machine cannot install.
#include <chrono>
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
  std::set<std::string> train(qm9.begin() + 56000, qm9.begin() + 136000 > qm9.end() ? qm9.end() : qm9.begin() + 136000);
  const chem::SaScorer scorer;
  const chem::MosesFilters filters;
  auto start = std::chrono::steady_clock::now();
  auto seconds_since = [](auto t) { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count(); };
  auto test_stats = chem::compute_reference_statistics(test, scorer);
  auto scaffold_stats = chem::compute_reference_statistics(scaffolds, scorer);
  const double reference_seconds = seconds_since(start);
  auto metrics_start = std::chrono::steady_clock::now();
  auto metrics = chem::moses_metrics(generated, test_stats, &scaffold_stats, &train, scorer, filters);
  const double metric_seconds = seconds_since(metrics_start);
  bench::print_header();
  bench::print_row("eval_reference_statistics", "qm9/26000", {reference_seconds, 26000 / reference_seconds});
  bench::print_row("eval_metrics", "qm9/30000_vs_13000", {metric_seconds, 30000 / metric_seconds});
  bench::print_row("eval_total", "qm9", {reference_seconds + metric_seconds, 30000 / (reference_seconds + metric_seconds)});
  for (const auto& [name, value] : metrics) std::fprintf(stderr, "%s\t%s\n", name.c_str(), value ? std::to_string(*value).c_str() : "n/a");
}
