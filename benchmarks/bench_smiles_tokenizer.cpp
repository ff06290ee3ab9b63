// SMILES tokenisation throughput (molecules/s) on QM9 and HIV; baseline: the usual atom-level
// regular expression with std::regex, measured in the same run.
#include <regex>

#include "benchmarks/bench_data.h"
#include "benchmarks/harness.h"
#include "chem/smiles_tokenizer.h"

int main() {
  using namespace sild;
  const std::regex atom_regex(
      R"((\[[^\]]+]|Br?|Cl?|N|O|S|P|F|I|b|c|n|o|s|p|\(|\)|\.|=|#|-|\+|\\|\/|:|~|@|\?|>|\*|\$|%[0-9]{2}|[0-9]))");
  bench::print_header();
  for (const char* dataset : {"qm9.csv.gz", "hiv.csv.gz"}) {
    auto smiles = bench::load_smiles(dataset);
    if (smiles.empty()) continue;
    size_t sink = 0;
    auto baseline = bench::measure(static_cast<double>(smiles.size()), [&] {
      for (const auto& s : smiles) {
        for (auto it = std::sregex_iterator(s.begin(), s.end(), atom_regex); it != std::sregex_iterator();
             ++it)
          ++sink;
      }
    });
    auto ours = bench::measure(static_cast<double>(smiles.size()), [&] {
      for (const auto& s : smiles) sink += chem::tokenize_smiles(s).tokens.size();
    });
    bench::print_row("smiles_tokenize", dataset, ours, baseline);
    if (sink == 0) std::fprintf(stderr, "unexpected: no tokens\n");
  }
}
