// SELFIES encode and decode throughput (molecules/s) on QM9 and HIV. Baselines measured in the
// same run: the reference Python `selfies` library when SILD_SELFIES_REFERENCE points at a
// checkout of it (it is not packaged for Debian), and always RDKit's SMILES parse + canonical
// write of the same molecules, as a yardstick for "one conversion".
#include <GraphMol/RWMol.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "benchmarks/bench_data.h"
#include "benchmarks/harness.h"
#include "chem/mol_io.h"
#include "chem/selfies.h"

namespace {

/// Seconds the reference library needs to encode and decode `path`'s molecules, or {0, 0}.
std::pair<double, double> python_reference(const std::string& path) {
  const char* checkout = std::getenv("SILD_SELFIES_REFERENCE");
  if (checkout == nullptr) return {0, 0};
  std::string script =
      "import sys,time; sys.path.insert(0, sys.argv[1]); import selfies as sf\n"
      "s=[l.strip() for l in open(sys.argv[2]) if l.strip()]\n"
      "t=time.perf_counter(); e=[]\n"
      "for x in s:\n"
      "  try: e.append(sf.encoder(x))\n"
      "  except Exception: pass\n"
      "t1=time.perf_counter(); [sf.decoder(x) for x in e]; t2=time.perf_counter()\n"
      "print(t1-t, t2-t1)\n";
  std::string script_path = (std::filesystem::temp_directory_path() / "sild_selfies_baseline.py").string();
  std::ofstream(script_path) << script;
  FILE* pipe = popen(("/usr/bin/python3 " + script_path + " " + checkout + " " + path).c_str(), "r");
  double encode = 0, decode = 0;
  if (pipe != nullptr) {
    if (std::fscanf(pipe, "%lf %lf", &encode, &decode) != 2) encode = decode = 0;
    pclose(pipe);
  }
  std::filesystem::remove(script_path);
  return {encode, decode};
}

}  // namespace

int main() {
  using namespace sild;
  chem::silence_rdkit_logs();
  bench::print_header();
  for (const char* dataset : {"qm9.csv.gz", "hiv.csv.gz"}) {
    auto raw = bench::load_smiles(dataset);
    if (raw.empty()) continue;
    std::vector<std::string> smiles;  // canonical input, as the pipelines encode
    for (const auto& s : raw) {
      if (auto canonical = chem::canonical_smiles(s)) smiles.push_back(*canonical);
    }
    std::vector<std::string> encoded;
    for (const auto& s : smiles) {
      try {
        encoded.push_back(chem::selfies_encode(s));
      } catch (const chem::SelfiesEncodeError&) {
      }
    }
    std::string kept = (std::filesystem::temp_directory_path() / "sild_bench_selfies.smi").string();
    {
      std::ofstream out(kept);
      for (const auto& s : smiles) out << s << '\n';
    }
    auto [python_encode, python_decode] = python_reference(kept);
    std::filesystem::remove(kept);
    const double n = static_cast<double>(smiles.size());
    const double m = static_cast<double>(encoded.size());
    size_t sink = 0;
    auto rdkit = bench::measure(
        n,
        [&] {
          for (const auto& s : smiles) sink += chem::canonical_smiles(s).value_or("").size();
        },
        1, 0);
    auto encode = bench::measure(n, [&] {
      for (const auto& s : smiles) {
        try {
          sink += chem::selfies_encode(s).size();
        } catch (const chem::SelfiesEncodeError&) {
        }
      }
    });
    auto decode = bench::measure(m, [&] {
      for (const auto& s : encoded) sink += chem::selfies_decode(s).size();
    });
    bench::print_row("selfies_encode", std::string(dataset) + "/vs_rdkit_canonical", encode, rdkit);
    bench::print_row("selfies_decode", std::string(dataset) + "/vs_rdkit_canonical", decode, rdkit);
    if (python_encode > 0) {
      bench::print_row("selfies_encode", std::string(dataset) + "/vs_python_selfies", encode,
                       {python_encode, n / python_encode});
      bench::print_row("selfies_decode", std::string(dataset) + "/vs_python_selfies", decode,
                       {python_decode, m / python_decode});
    }
    if (sink == 0) std::fprintf(stderr, "unexpected: empty outputs\n");
  }
}
