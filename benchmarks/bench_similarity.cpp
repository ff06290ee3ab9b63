// Tanimoto comparisons/s: SNN (each of 30,000 QM9 molecules against 13,000 others), IntDiv over
// 10,000, threads 1 and all; baseline: RDKit's C++ TanimotoSimilarity over ExplicitBitVects of
// the same fingerprints (single-threaded), on the same pairs, same run.
#include <DataStructs/BitOps.h>
#include <DataStructs/ExplicitBitVect.h>

#include <memory>
#include <thread>

#include "benchmarks/bench_data.h"
#include "benchmarks/harness.h"
#include "chem/fingerprint.h"
#include "chem/mol_io.h"
#include "chem/similarity.h"

int main() {
  using namespace sild;
  chem::silence_rdkit_logs();
  auto smiles = bench::load_smiles("qm9.csv.gz", 43000);
  if (smiles.size() < 43000) return 0;
  std::vector<std::string> reference(smiles.begin(), smiles.begin() + 13000);
  std::vector<std::string> generated(smiles.begin() + 13000, smiles.end());
  auto ref_fps = chem::morgan_fingerprints(reference);
  auto gen_fps = chem::morgan_fingerprints(generated);
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  // RDKit baseline on the first 2,000 queries (the full set would take minutes).
  auto to_bitvect = [](const chem::FingerprintMatrix& m, size_t row) {
    auto bv = std::make_unique<ExplicitBitVect>(m.bits());
    for (unsigned bit : m.on_bits(row)) bv->setBit(bit);
    return bv;
  };
  std::vector<std::unique_ptr<ExplicitBitVect>> ref_bv;
  std::vector<const ExplicitBitVect*> ref_ptrs;
  for (size_t j = 0; j < ref_fps.rows(); ++j) {
    ref_bv.push_back(to_bitvect(ref_fps, j));
    ref_ptrs.push_back(ref_bv.back().get());
  }
  const size_t baseline_queries = 2000;
  std::vector<std::unique_ptr<ExplicitBitVect>> query_bv;
  for (size_t i = 0; i < baseline_queries; ++i) query_bv.push_back(to_bitvect(gen_fps, i));
  double sink = 0;
  auto rdkit = bench::measure(
      static_cast<double>(baseline_queries * ref_fps.rows()),
      [&] {
        for (const auto& query : query_bv) {
          double best = 0;
          for (const auto* reference_bv : ref_ptrs)
            best = std::max(best, TanimotoSimilarity(*query, *reference_bv));
          sink += best;
        }
      },
      1, 0);

  bench::print_header();
  const double snn_pairs = static_cast<double>(gen_fps.rows() * ref_fps.rows());
  chem::FingerprintMatrix intdiv_set(1024);
  for (size_t i = 0; i < 10000; ++i) {
    size_t r = intdiv_set.add_row();
    std::copy(gen_fps.row(i), gen_fps.row(i) + 16, intdiv_set.row(r));
  }
  for (int threads : {1, cores}) {
    auto snn = bench::measure(
        snn_pairs, [&] { sink += chem::max_similarity(gen_fps, ref_fps, threads)[0]; }, 1, 0);
    bench::print_row("snn_30000x13000", "threads=" + std::to_string(threads), snn, rdkit);
    auto intdiv = bench::measure(
        1e8, [&] { sink += chem::internal_diversity(intdiv_set, 1, threads); }, 1, 0);
    bench::print_row("intdiv_10000", "threads=" + std::to_string(threads), intdiv, rdkit);
  }
  if (sink == 0) std::fprintf(stderr, "unexpected zero\n");
}
