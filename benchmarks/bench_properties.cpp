// QED and SA-score throughput (molecules/s, parsing excluded) on the NCI set, single-threaded
// and with all cores; baseline: RDKit's Python QED.qed and Contrib sascorer on the same
// molecules, run as a subprocess in the same benchmark run (skipped when python3-rdkit is absent).
#include <GraphMol/ROMol.h>
#include <GraphMol/RWMol.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "benchmarks/bench_data.h"
#include "benchmarks/harness.h"
#include "chem/mol_io.h"
#include "chem/qed.h"
#include "chem/sa_score.h"
#include "common/parallel.h"

namespace {

/// Runs the Python baseline on `path`; returns property -> molecules/s (empty when unavailable).
std::map<std::string, double> python_baseline(const std::string& path) {
  std::map<std::string, double> rates;
  std::string script = std::string(SILD_SOURCE_DIR) + "/benchmarks/python/props_baseline.py";
  if (!std::filesystem::exists("/usr/bin/python3")) return rates;
  FILE* pipe = popen(("/usr/bin/python3 " + script + " " + path + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return rates;
  char name[32];
  double molecules = 0, seconds = 0;
  while (std::fscanf(pipe, "%31s %lf %lf", name, &molecules, &seconds) == 3) {
    if (seconds > 0) rates[name] = molecules / seconds;
  }
  pclose(pipe);
  return rates;
}

}  // namespace

int main() {
  using namespace sild;
  chem::silence_rdkit_logs();
  auto smiles = bench::load_smiles(bench::kNciPath);
  if (smiles.empty()) return 0;
  std::vector<chem::MolPtr> molecules;
  std::string kept_path = (std::filesystem::temp_directory_path() / "sild_bench_props.smi").string();
  std::ofstream kept(kept_path);
  for (const auto& s : smiles) {
    auto mol = chem::mol_from_smiles(s);
    if (mol && mol->getNumAtoms() > 0) {
      kept << s << '\n';
      molecules.push_back(std::move(mol));
    }
  }
  kept.close();
  auto baseline = python_baseline(kept_path);
  const chem::SaScorer scorer;
  const double n = static_cast<double>(molecules.size());
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bench::print_header();
  volatile double sink = 0;
  bench::Timing python_qed{n / std::max(baseline["qed"], 1e-9), baseline["qed"]};
  bench::Timing python_sa{n / std::max(baseline["sa"], 1e-9), baseline["sa"]};
  for (int threads : {1, cores}) {
    auto qed = bench::measure(n, [&] {
      parallel_for(molecules.size(), threads, [&](size_t i) { sink = sink + chem::qed(*molecules[i]); });
    });
    bench::print_row("qed", "nci5k/threads=" + std::to_string(threads), qed, python_qed);
    auto sa = bench::measure(n, [&] {
      parallel_for(molecules.size(), threads, [&](size_t i) { sink = sink + scorer.score(*molecules[i]); });
    });
    bench::print_row("sa_score", "nci5k/threads=" + std::to_string(threads), sa, python_sa);
  }
  std::filesystem::remove(kept_path);
}
