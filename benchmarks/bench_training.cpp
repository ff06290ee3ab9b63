// Training throughput of both stages with the QM9 default config (configs/qm9.ini: width 128,
// 2+2 Transformer layers, one latent token of 64 channels, batch 128 / 256; sequences of
// L = 23 tokens over a 32-token vocabulary, the shape of QM9 in SELFIES), on random tokens and
// latents: molecules/s of the real training loops (AdamW, clipping, schedule) and the achieved
// GFLOP/s, counted by PyTorch's profiler (benchmarks/flop_counter.h), as a fraction of the GEMM
// GFLOP/s measured on this machine in the same run. Issue 4 aims for >= 40%.
// Rows: the baseline column is the molecules/s the loop would reach at the GEMM rate, so the
// ratio is the achieved fraction of GEMM throughput.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "benchmarks/flop_counter.h"
#include "benchmarks/harness.h"
#include "models/stage1_trainer.h"
#include "models/stage2_trainer.h"
#include "src/molecules/train_config.h"

namespace {

using namespace sild;

constexpr int64_t kLength = 23, kVocabulary = 32, kMolecules = 8192;

double seconds_of(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// GFLOP/s of an n×n×n float32 matrix product (median of 5 after a warm-up).
double gemm_gflops(int64_t n) {
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  const auto timing = bench::measure(
      1.0, [&] { (void)torch::mm(a, b); }, 5, 2);
  return 2.0 * static_cast<double>(n * n * n) / timing.seconds / 1e9;
}

struct StageMeasurement {
  double seconds_per_step = 0.0;
  double flops_per_step = 0.0;
  double matmul_share = 0.0;
};

/// Per-step time and FLOPs of `run(steps)`, as differences between a long and a short run so
/// that setup and the final evaluation cancel out.
StageMeasurement measure_stage(const std::function<void(int64_t steps)>& run, int64_t short_steps,
                               int64_t long_steps) {
  const auto few = models::count_flops([&] { run(1); });
  const auto more = models::count_flops([&] { run(2); });
  run(short_steps);  // warm-up
  const double short_seconds = seconds_of([&] { run(short_steps); });
  const double long_seconds = seconds_of([&] { run(long_steps); });
  StageMeasurement m;
  m.seconds_per_step = (long_seconds - short_seconds) / static_cast<double>(long_steps - short_steps);
  m.flops_per_step = static_cast<double>(more.flops) - static_cast<double>(few.flops);
  m.matmul_share =
      (static_cast<double>(more.matmul_flops) - static_cast<double>(few.matmul_flops)) / m.flops_per_step;
  return m;
}

void report(const std::string& name, const StageMeasurement& m, int64_t batch, double gemm) {
  bench::Timing timing{m.seconds_per_step, static_cast<double>(batch) / m.seconds_per_step};
  bench::Timing at_gemm{m.flops_per_step / (gemm * 1e9),
                        static_cast<double>(batch) * gemm * 1e9 / m.flops_per_step};
  bench::print_row(name, "step", timing, at_gemm);
  std::printf(
      "# %s: %.1f MFLOP/step (%.0f%% in matrix products), %.2f GFLOP/s achieved = %.1f%% of GEMM %.2f "
      "GFLOP/s\n",
      name.c_str(), m.flops_per_step / 1e6, 100.0 * m.matmul_share,
      m.flops_per_step / m.seconds_per_step / 1e9, 100.0 * m.flops_per_step / m.seconds_per_step / 1e9 / gemm,
      gemm);
}

}  // namespace

int main() {
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(threads);
  torch::manual_seed(0);
  core::TrainConfig config;
  core::read_train_config(SILD_SOURCE_DIR "/configs/qm9.ini", config);
  std::printf("# configs/qm9.ini, L=%lld, V=%lld, %d threads\n", static_cast<long long>(kLength),
              static_cast<long long>(kVocabulary), threads);
  const double gemm = gemm_gflops(1024);
  bench::print_header();
  bench::print_row("gemm 1024^3 float32 (GFLOP/s as items)", "median", {0.0, gemm});

  // ---- Stage 1: the bottleneck denoiser G∘E on random token sequences.
  models::TokenData data;
  data.tokens = torch::randint(3, kVocabulary, {kMolecules, kLength}, torch::kLong);
  data.padding = torch::zeros({kMolecules, kLength}, torch::kBool);
  auto stage1 = core::stage1_options(config);
  stage1.loop.eval_interval = 0;
  stage1.loop.eval_batches = 1;
  stage1.loop.checkpoint_interval = 0;
  stage1.loop.log_interval = 1000000;
  const models::TokenData validation{data.tokens.slice(0, 0, 256), data.padding.slice(0, 0, 256)};
  auto run_stage1 = [&](int64_t steps) {
    models::MoleculeAutoencoder model(core::autoencoder_options(config, kVocabulary, kLength));
    stage1.loop.steps = steps;
    models::train_stage1(model, data, validation, stage1, torch::kCPU, {});
  };
  report("stage1 train (qm9.ini, batch " + std::to_string(stage1.loop.batch_size) + ")",
         measure_stage(run_stage1, 5, 25), stage1.loop.batch_size, gemm);

  // ---- Stage 2: the latent denoiser F on random standardised latents.
  auto latents = torch::randn({kMolecules, config.latent_tokens, config.latent_channels});
  auto stage2 = core::stage2_options(config);
  stage2.loop.eval_interval = 0;
  stage2.loop.eval_batches = 1;
  stage2.loop.checkpoint_interval = 0;
  stage2.loop.log_interval = 1000000;
  auto run_stage2 = [&](int64_t steps) {
    models::LatentDenoiser denoiser(core::denoiser_options(config)), ema(core::denoiser_options(config));
    stage2.loop.steps = steps;
    models::train_stage2(denoiser, ema, latents, latents.slice(0, 0, 256), stage2, torch::kCPU, {});
  };
  report("stage2 train (qm9.ini, batch " + std::to_string(stage2.loop.batch_size) + ")",
         measure_stage(run_stage2, 10, 60), stage2.loop.batch_size, gemm);
  return 0;
}
