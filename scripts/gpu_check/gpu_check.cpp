// The GPU check of scripts/gpu-check.sh: built against any LibTorch with models/ alone (no RDKit,
// Boost, SQLite or spdlog). It prints one table:
//   - CPU vs CUDA agreement (fp32, TF32 off) of one Stage-1 and one Stage-2 loss and gradient,
//     and of DDIM and DDPM sampling from the same seed (noise drawn on the CPU generator);
//   - training throughput of both stages at the QM9 and ZINC250k shapes, fp32 and bf16, as
//     TFLOP/s and as a fraction of a bf16 matrix-product rate measured in the same run;
//   - the real trainers (Stage 1, Stage 2 with a resume) for a few steps on the GPU, fp32 and bf16;
//   - latent sampling plus decoding at batch 10,000 in molecules/s, and peak GPU memory;
//   - the two-process data-parallel check, or a line saying why it was skipped.
// Exit status 1 when an agreement check fails, 2 when no GPU is visible.
// FLOPs per step come from PyTorch's profiler where the flop counter builds (Debian's LibTorch:
// `gpu_check --count-flops` writes scripts/gpu_check/flops.tsv), else from that file.
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/latent_denoiser.h"
#include "models/losses.h"
#include "models/molecule_autoencoder.h"
#include "models/precision.h"
#include "models/random_streams.h"
#include "models/sampler.h"
#include "models/stage1_trainer.h"
#include "models/stage2_trainer.h"
#include "models/torch_compat.h"
#ifdef SILD_HAVE_FLOP_COUNTER
#include "benchmarks/flop_counter.h"
#endif
#ifdef SILD_GPU_CHECK_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace {

using namespace sild::models;

// The two default shapes. QM9 is configs/qm9.ini; the ZINC250k shape is the drug-like setting
// (SELFIES up to 80 tokens, 8 latent tokens of 32 channels, transformer Stage 2).
struct Shape {
  std::string name;
  int64_t vocab, length, ambient, model_dim, heads, encoder_layers, decoder_layers, latent_tokens,
      latent_channels;
  int64_t stage1_batch, denoiser_hidden, denoiser_layers, stage2_batch;
  std::string denoiser;
};
const Shape kQm9{"qm9", 32, 23, 32, 128, 4, 2, 2, 1, 64, 128, 256, 4, 256, "mlp"};
const Shape kZinc{"zinc250k", 96, 80, 64, 256, 8, 4, 4, 8, 32, 128, 512, 6, 256, "transformer"};

MoleculeAutoencoder make_autoencoder(const Shape& s) {
  torch::manual_seed(11);
  return MoleculeAutoencoder(MoleculeAutoencoderOptions(s.vocab, s.length)
                                 .ambient_dim(s.ambient)
                                 .model_dim(s.model_dim)
                                 .heads(s.heads)
                                 .encoder_layers(s.encoder_layers)
                                 .decoder_layers(s.decoder_layers)
                                 .latent_tokens(s.latent_tokens)
                                 .latent_channels(s.latent_channels));
}

LatentDenoiser make_denoiser(const Shape& s) {
  torch::manual_seed(12);
  return LatentDenoiser(LatentDenoiserOptions(s.latent_tokens, s.latent_channels)
                            .architecture(s.denoiser)
                            .hidden(s.denoiser_hidden)
                            .layers(s.denoiser_layers)
                            .heads(s.heads));
}

Stage1Batch stage1_batch(const Shape& s, int64_t n) {
  auto g = step_generator(1, 0, RandomStream::kTrainingStep);
  auto tokens = torch::randint(3, s.vocab, {n, s.length}, g, torch::kLong);
  auto lengths = torch::randint(s.length / 3, s.length + 1, {n, 1}, g, torch::kLong);
  auto padding = torch::arange(s.length).unsqueeze(0) >= lengths;
  tokens.masked_fill_(padding, 0);
  return {tokens, padding};
}

struct StepInputs {
  Stage1Batch batch;
  torch::Tensor sigma1, noise1, z0, sigma2, noise2;
};

StepInputs step_inputs(const Shape& s, int64_t n1, int64_t n2) {
  StepInputs in;
  in.batch = stage1_batch(s, n1);
  auto g = step_generator(2, 0, RandomStream::kTrainingStep);
  in.sigma1 = torch::rand({n1}, g) * 0.45 + 0.05;
  in.noise1 = normal_noise({n1, s.length, s.ambient}, g, torch::kFloat);
  in.z0 = normal_noise({n2, s.latent_tokens, s.latent_channels}, g, torch::kFloat);
  in.sigma2 = torch::exp(normal_noise({n2}, g, torch::kFloat) * 1.2 - 1.2);
  in.noise2 = normal_noise({n2, s.latent_tokens, s.latent_channels}, g, torch::kFloat);
  return in;
}

StepInputs to_device(const StepInputs& in, const torch::Device& d) {
  return {{in.batch.tokens.to(d), in.batch.padding.to(d)},
          in.sigma1.to(d),
          in.noise1.to(d),
          in.z0.to(d),
          in.sigma2.to(d),
          in.noise2.to(d)};
}

double stage1_step(MoleculeAutoencoder& ae, const StepInputs& in) {
  auto loss = sild_stage1_loss(ae, in.batch, in.sigma1, in.noise1).loss;
  loss.backward();
  return loss.item<double>();
}

double stage2_step(LatentDenoiser& f, const StepInputs& in) {
  auto loss = stage2_loss(f, in.z0, in.sigma2, in.noise2, LossWeighting::kEdm);
  loss.backward();
  return loss.item<double>();
}

torch::Tensor flat_grads(torch::nn::Module& m) {
  std::vector<torch::Tensor> g;
  for (auto& p : m.parameters()) {
    if (p.grad().defined()) g.push_back(p.grad().detach().to(torch::kCPU).reshape({-1}));
  }
  return torch::cat(g);
}

double relative(const torch::Tensor& a, const torch::Tensor& b) {
  auto scale = std::max(b.abs().max().item<double>(), 1e-12);
  return (a - b).abs().max().item<double>() / scale;
}

struct Row {
  std::string check, value, verdict;
};
std::vector<Row> rows;
bool failed = false;

void agreement(const std::string& what, double error, double tolerance) {
  const bool ok = error <= tolerance;
  failed = failed || !ok;
  char text[96];
  std::snprintf(text, sizeof text, "max rel. error %.2e (tolerance %.0e)", error, tolerance);
  rows.push_back({what, text, ok ? "ok" : "FAIL"});
}

void info(const std::string& what, const std::string& value) { rows.push_back({what, value, ""}); }

void sync(const torch::Device& d) {
  if (d.is_cuda()) torch::cuda::synchronize(d.index() < 0 ? 0 : d.index());
}

double seconds(const torch::Device& d, const std::function<void()>& work, int warmup, int repeats) {
  for (int i = 0; i < warmup; ++i) work();
  sync(d);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repeats; ++i) work();
  sync(d);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
}

std::map<std::string, double> read_flops(const std::string& path) {
  std::map<std::string, double> flops;
  std::ifstream in(path);
  std::string key;
  double value;
  while (in >> key >> value) flops[key] = value;
  return flops;
}

void check_agreement(const torch::Device& gpu) {
  at::globalContext().setAllowTF32CuBLAS(false);
  at::globalContext().setAllowTF32CuDNN(false);
  const Shape& s = kQm9;
  auto in = step_inputs(s, 64, 256);
  auto ae_cpu = make_autoencoder(s), ae_gpu = make_autoencoder(s);
  ae_gpu->to(gpu);
  const double l1_cpu = stage1_step(ae_cpu, in), l1_gpu = stage1_step(ae_gpu, to_device(in, gpu));
  agreement("stage 1 loss, cpu vs cuda", std::abs(l1_cpu - l1_gpu) / std::abs(l1_cpu), 1e-5);
  agreement("stage 1 gradients, cpu vs cuda", relative(flat_grads(*ae_gpu), flat_grads(*ae_cpu)), 1e-3);
  auto f_cpu = make_denoiser(s), f_gpu = make_denoiser(s);
  f_gpu->to(gpu);
  const double l2_cpu = stage2_step(f_cpu, in), l2_gpu = stage2_step(f_gpu, to_device(in, gpu));
  agreement("stage 2 loss, cpu vs cuda", std::abs(l2_cpu - l2_gpu) / std::abs(l2_cpu), 1e-5);
  agreement("stage 2 gradients, cpu vs cuda", relative(flat_grads(*f_gpu), flat_grads(*f_cpu)), 1e-3);

  f_cpu->eval();
  f_gpu->eval();
  for (auto kind : {SamplerKind::kDdim, SamplerKind::kDdpm}) {
    SamplerOptions options;
    options.kind = kind;
    options.steps = 20;
    auto draw = [&](LatentDenoiser& f, const torch::Device& d) {
      auto g = step_generator(5, 0, RandomStream::kMoleculeSampling);
      auto noise =
          normal_noise({512, s.latent_tokens, s.latent_channels}, g, torch::TensorOptions().device(d));
      return sample([&](const at::Tensor& x, const at::Tensor& sigma) { return f->forward(x, sigma); }, noise,
                    options, g)
          .to(torch::kCPU);
    };
    const auto name = kind == SamplerKind::kDdim ? "DDIM" : "DDPM";
    agreement(std::string(name) + " samples, same seed, cpu vs cuda",
              relative(draw(f_gpu, gpu), draw(f_cpu, torch::kCPU)), 1e-3);
  }
  at::globalContext().setAllowTF32CuBLAS(true);
}

double matmul_rate(const torch::Device& gpu) {
  const int64_t n = 8192;
  auto a = torch::randn({n, n}, torch::TensorOptions().device(gpu).dtype(torch::kBFloat16));
  auto b = torch::randn({n, n}, torch::TensorOptions().device(gpu).dtype(torch::kBFloat16));
  const double t = seconds(
      gpu, [&] { (void)torch::mm(a, b); }, 3, 10);
  return 2.0 * n * n * n / t;
}

void throughput(const torch::Device& gpu, double peak, const std::map<std::string, double>& flops) {
  for (const Shape* s : {&kQm9, &kZinc}) {
    auto in = to_device(step_inputs(*s, s->stage1_batch, s->stage2_batch), gpu);
    for (auto precision : {Precision::kFp32, Precision::kBf16}) {
      auto ae = make_autoencoder(*s);
      ae->to(gpu);
      torch::optim::AdamW opt1(ae->parameters(), torch::optim::AdamWOptions(1e-4));
      auto f = make_denoiser(*s);
      f->to(gpu);
      torch::optim::AdamW opt2(f->parameters(), torch::optim::AdamWOptions(1e-4));
      const double t1 = seconds(
          gpu,
          [&] {
            opt1.zero_grad();
            at::Tensor loss;
            {
              AutocastScope autocast(precision);  // forward and loss; backward follows the recorded casts
              loss = sild_stage1_loss(ae, in.batch, in.sigma1, in.noise1).loss;
            }
            loss.backward();
            opt1.step();
          },
          5, 30);
      const double t2 = seconds(
          gpu,
          [&] {
            opt2.zero_grad();
            at::Tensor loss;
            {
              AutocastScope autocast(precision);
              loss = stage2_loss(f, in.z0, in.sigma2, in.noise2, LossWeighting::kEdm);
            }
            loss.backward();
            opt2.step();
          },
          5, 30);
      for (auto [stage, t] : {std::pair<std::string, double>{"stage1", t1}, {"stage2", t2}}) {
        const std::string key = s->name + "." + stage;
        std::string text = std::to_string(static_cast<int64_t>(1.0 / t)) + " steps/s";
        if (auto it = flops.find(key); it != flops.end()) {
          char more[96];
          std::snprintf(more, sizeof more, ", %.1f TFLOP/s = %.1f%% of bf16 mm", it->second / t / 1e12,
                        100.0 * it->second / t / peak);
          text += more;
        }
        info("train " + key + " " + to_string(precision) + " (batch " +
                 std::to_string(stage == "stage1" ? s->stage1_batch : s->stage2_batch) + ")",
             text);
      }
    }
  }
}

// The real trainers (run_train_loop: pinned non-blocking batches, checkpoints written from CUDA
// tensors, the EMA on the device, validation) for a few steps on the GPU, then a resume.
void trainers(const torch::Device& gpu) {
  const Shape& s = kQm9;
  const auto dir = std::filesystem::temp_directory_path() / "sild-gpu-check";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto data = stage1_batch(s, 512);
  TokenData train{data.tokens, data.padding};
  TokenData validation{data.tokens.slice(0, 0, 64), data.padding.slice(0, 0, 64)};
  for (auto precision : {Precision::kFp32, Precision::kBf16}) {
    auto ae = make_autoencoder(s);
    Stage1Options stage1;
    stage1.loop.steps = 60;
    stage1.loop.batch_size = s.stage1_batch;
    stage1.loop.log_interval = 20;
    stage1.loop.eval_interval = 0;
    stage1.loop.checkpoint_interval = 30;
    stage1.loop.checkpoint_path = (dir / ("stage1-" + to_string(precision) + ".ckpt")).string();
    stage1.loop.precision = precision;
    double last_loss = std::nan("");
    auto observer = [&](const TrainEvent& event) {
      if (!event.validation) last_loss = event.values.front().second;
    };
    const auto start = std::chrono::steady_clock::now();
    auto r1 = train_stage1(ae, train, validation, stage1, gpu, observer);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const bool ok1 = r1.steps_done == 60 && std::isfinite(last_loss);
    failed = failed || !ok1;
    char text[128];
    std::snprintf(text, sizeof text, "60 steps, %.0f steps/s incl. validation and 2 checkpoints, loss %.3f",
                  60 / seconds, last_loss);
    rows.push_back({"train_stage1 on " + gpu.str() + ", " + to_string(precision), text, ok1 ? "ok" : "FAIL"});

    auto latents = normal_noise({512, s.latent_tokens, s.latent_channels},
                                step_generator(4, 0, RandomStream::kTrainingStep), torch::kFloat);
    auto f = make_denoiser(s), ema = make_denoiser(s);
    Stage2Options stage2;
    stage2.loop.steps = 40;
    stage2.loop.batch_size = s.stage2_batch;
    stage2.loop.log_interval = 20;
    stage2.loop.eval_interval = 0;
    stage2.loop.checkpoint_interval = 20;
    stage2.loop.checkpoint_path = (dir / ("stage2-" + to_string(precision) + ".ckpt")).string();
    stage2.loop.precision = precision;
    stage2.loop.should_stop = [&] { return false; };
    stage2.loop.steps = 20;  // first half, then resume from the checkpoint (EMA inside it)
    train_stage2(f, ema, latents, {}, stage2, gpu, observer);
    stage2.loop.steps = 40;
    stage2.loop.resume = true;
    auto f2 = make_denoiser(s), ema2 = make_denoiser(s);
    auto r2 = train_stage2(f2, ema2, latents, {}, stage2, gpu, observer);
    const bool ok2 = r2.resumed_from == 20 && r2.steps_done == 40 && std::isfinite(last_loss);
    failed = failed || !ok2;
    std::snprintf(text, sizeof text, "20 steps, resumed from step %lld to %lld, loss %.3f",
                  static_cast<long long>(r2.resumed_from), static_cast<long long>(r2.steps_done), last_loss);
    rows.push_back(
        {"train_stage2 on " + gpu.str() + " + resume, " + to_string(precision), text, ok2 ? "ok" : "FAIL"});
  }
  std::filesystem::remove_all(dir);
}

void sampling(const torch::Device& gpu) {
  for (const Shape* s : {&kQm9, &kZinc}) {
    auto ae = make_autoencoder(*s);
    auto f = make_denoiser(*s);
    ae->to(gpu);
    f->to(gpu);
    ae->eval();
    f->eval();
    torch::NoGradGuard no_grad;
    SamplerOptions options;  // DDIM, 50 steps: the default sampler
    const int64_t n = 10000;
#ifdef SILD_GPU_CHECK_CUDA
    c10::cuda::CUDACachingAllocator::resetPeakStats(gpu.index() < 0 ? 0 : gpu.index());
#endif
    const double t = seconds(
        gpu,
        [&] {
          auto g = step_generator(9, 0, RandomStream::kMoleculeSampling);
          auto noise =
              normal_noise({n, s->latent_tokens, s->latent_channels}, g, torch::TensorOptions().device(gpu));
          auto z = sample([&](const at::Tensor& x, const at::Tensor& sigma) { return f->forward(x, sigma); },
                          noise, options, g);
          auto tokens = ae->decode_tokens(z).to(torch::kCPU);
        },
        1, 3);
    std::string text =
        std::to_string(static_cast<int64_t>(n / t)) + " molecules/s (DDIM 50 + decode, to host tokens)";
#ifdef SILD_GPU_CHECK_CUDA
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(gpu.index() < 0 ? 0 : gpu.index());
    char more[64];
    std::snprintf(more, sizeof more, ", peak %.2f GiB", stats.allocated_bytes[0].peak / 1073741824.0);
    text += more;
#endif
    info("sample " + s->name + " batch 10,000", text);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string flops_path =
      args.size() > 1 && args[0] == "--flops" ? args[1] : "scripts/gpu_check/flops.tsv";
#ifdef SILD_HAVE_FLOP_COUNTER
  if (!args.empty() && args[0] == "--count-flops") {  // on the CPU, once: FLOPs are device-independent
    torch::set_num_threads(2);
    for (const Shape* s : {&kQm9, &kZinc}) {
      auto in = step_inputs(*s, s->stage1_batch, s->stage2_batch);
      auto ae = make_autoencoder(*s);
      auto f = make_denoiser(*s);
      std::printf("%s.stage1 %.6e\n", s->name.c_str(),
                  static_cast<double>(count_flops([&] { stage1_step(ae, in); }).flops));
      std::printf("%s.stage2 %.6e\n", s->name.c_str(),
                  static_cast<double>(count_flops([&] { stage2_step(f, in); }).flops));
    }
    return 0;
  }
#endif
  if (!args.empty() && args[0] == "--trainers-on-cpu") {  // the trainer rows on the CPU, to test this program
    torch::set_num_threads(2);
    trainers(torch::kCPU);
    for (const auto& r : rows)
      std::printf("| %s | %s | %s |\n", r.check.c_str(), r.value.c_str(), r.verdict.c_str());
    return failed ? 1 : 0;
  }
  std::printf("libtorch %s, cuda %s, %d device(s)\n", TORCH_VERSION,
              torch::cuda::is_available() ? "available" : "unavailable",
              static_cast<int>(torch::cuda::device_count()));
  if (!torch::cuda::is_available()) {
    std::fprintf(stderr, "gpu_check: no CUDA device is visible; nothing to check\n");
    return 2;
  }
  const torch::Device gpu(torch::kCUDA, 0);
  check_agreement(gpu);
  const double peak = matmul_rate(gpu);
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f TFLOP/s", peak / 1e12);
  info("bf16 matrix product 8192^3 (same run)", rate);
  throughput(gpu, peak, read_flops(flops_path));
  trainers(gpu);
  sampling(gpu);
  if (torch::cuda::device_count() >= 2) {
    info("two-process NCCL data parallelism",
         "not run by this program: use torchrun with sild train (README, GPU)");
  } else {
    info("two-process NCCL data parallelism", "skipped: one GPU (NCCL needs one GPU per process)");
  }
  size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.check.size());
  std::printf("\n| %-*s | result | |\n|%s|---|---|\n", static_cast<int>(width), "check",
              std::string(width + 2, '-').c_str());
  for (const auto& r : rows)
    std::printf("| %-*s | %s | %s |\n", static_cast<int>(width), r.check.c_str(), r.value.c_str(),
                r.verdict.c_str());
  return failed ? 1 : 0;
}
