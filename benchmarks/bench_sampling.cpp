// End-to-end sampling throughput (issue 4: aim >= 1,000 molecules/s on 2 cores with 50 DDIM
// steps): latent sampling with F, decoding with G, tokens to SMILES, and RDKit validity, for
// 5,000 molecules in batches of 1,000 from a model with the QM9 default config. Pass a trained
// model directory as the first argument (e.g. the one benchmarks/qm9_quality.sh trains);
// without one, a model with configs/qm9.ini's shapes is trained for a few steps on 20,000 QM9
// molecules (the networks cost the same; its samples are not chemistry worth looking at).
// Baseline: the molecules/s the sampler's FLOPs (counted by PyTorch's profiler) would allow at
// the GEMM GFLOP/s measured in the same run; the ratio is the achieved fraction of that bound.
#include <GraphMol/RWMol.h>
#include <torch/torch.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "benchmarks/bench_data.h"
#include "benchmarks/flop_counter.h"
#include "benchmarks/harness.h"
#include "chem/mol_io.h"
#include "common/parallel.h"
#include "src/molecules/molecule_model.h"

namespace {

using namespace sild;
namespace fs = std::filesystem;

constexpr int64_t kCount = 5000, kBatch = 1000, kSteps = 50;

std::string make_model(const fs::path& dir) {
  auto smiles = bench::load_smiles("qm9.csv.gz", 20000);
  if (smiles.empty()) smiles = bench::load_smiles(bench::kNciPath);
  fs::create_directories(dir);
  std::ofstream(dir / "train.smi") << [&] {
    std::string text;
    for (const auto& s : smiles) text += s + "\n";
    return text;
  }();
  core::TrainOptions options;
  options.data = (dir / "train.smi").string();
  options.out = (dir / "model").string();
  core::read_train_config(SILD_SOURCE_DIR "/configs/qm9.ini", options.config);
  options.config.stage1_steps = 20;
  options.config.stage2_steps = 20;
  options.config.eval_interval = 0;
  core::train_molecule_model(options);
  return options.out;
}

}  // namespace

int main(int argc, char** argv) {
  chem::silence_rdkit_logs();
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
  const fs::path scratch = fs::temp_directory_path() / ("sild-bench-sampling-" + std::to_string(getpid()));
  const std::string model_dir = argc > 1 ? argv[1] : make_model(scratch);
  auto model = core::MoleculeModel::load(model_dir, "cpu");
  core::SampleOptions options;
  options.count = kCount;
  options.batch_size = kBatch;
  options.sampler = "ddim";
  options.steps = kSteps;
  std::printf("# model %s, %lld molecules, batch %lld, DDIM %lld steps, %d threads\n", model_dir.c_str(),
              static_cast<long long>(kCount), static_cast<long long>(kBatch), static_cast<long long>(kSteps),
              threads);

  // The bound: FLOPs of one batch at the GEMM rate of this machine, now.
  auto a = torch::randn({1024, 1024}), b = torch::randn({1024, 1024});
  const double gemm = 2.0 * 1024 * 1024 * 1024 /
                      bench::measure(
                          1.0, [&] { (void)torch::mm(a, b); }, 5, 2)
                          .seconds /
                      1e9;
  core::SampleOptions one_batch = options;
  one_batch.count = kBatch;
  const auto flops = models::count_flops([&] { model.sample(one_batch); });
  const double flops_per_molecule = static_cast<double>(flops.flops) / static_cast<double>(kBatch);
  const bench::Timing bound{flops_per_molecule / (gemm * 1e9), gemm * 1e9 / flops_per_molecule};

  (void)model.sample(one_batch);  // warm-up
  core::SampleTimings spent;
  const auto start = std::chrono::steady_clock::now();
  const auto smiles = model.sample(options, &spent);
  const auto validity_start = std::chrono::steady_clock::now();
  std::vector<char> valid(smiles.size(), 0);
  parallel_for(smiles.size(), threads,
               [&](size_t i) { valid[i] = chem::mol_from_smiles(smiles[i]) != nullptr; });
  const auto end = std::chrono::steady_clock::now();
  const double validity = std::chrono::duration<double>(end - validity_start).count();
  const double total = std::chrono::duration<double>(end - start).count();
  int64_t valid_count = 0;
  for (char v : valid) valid_count += v;

  bench::print_header();
  auto row = [&](const std::string& name, double seconds, const bench::Timing& baseline = {}) {
    bench::print_row(name, "5000", {seconds, static_cast<double>(kCount) / seconds}, baseline);
  };
  row("sample: latents (F, DDIM 50)", spent.latents);
  row("sample: decode (G + argmax)", spent.decode);
  row("sample: tokens to SMILES", spent.detokenize);
  row("sample: RDKit validity", validity);
  row("sample: end to end", total, bound);
  std::printf(
      "# %.1f MFLOP per molecule (%.0f%% in matrix products); GEMM %.1f GFLOP/s; %lld of %lld valid\n",
      flops_per_molecule / 1e6,
      100.0 * static_cast<double>(flops.matmul_flops) / static_cast<double>(flops.flops), gemm,
      static_cast<long long>(valid_count), static_cast<long long>(kCount));
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  return 0;
}
