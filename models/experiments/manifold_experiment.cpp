// The Stage-1 manifold experiment (see manifold_experiment.h): setup, loop, measurements.
#include "models/experiments/manifold_experiment.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

#include "common/errors.h"
#include "models/latent_denoiser.h"
#include "models/lr_schedule.h"
#include "models/sampler.h"
#include "models/stage2_trainer.h"
#include "models/training.h"

namespace sild::models {
namespace {

torch::nn::Sequential mlp(int64_t in, int64_t hidden, int64_t layers, int64_t out) {
  torch::nn::Sequential net;
  int64_t width = in;
  for (int64_t i = 0; i < layers; ++i) {
    net->push_back(torch::nn::Linear(width, hidden));
    net->push_back(torch::nn::SiLU());
    width = hidden;
  }
  net->push_back(torch::nn::Linear(width, out));
  return net;
}

struct BottleneckDenoiser : torch::nn::Module {
  BottleneckDenoiser(int64_t d, int64_t hidden, int64_t layers, int64_t latent)
      : encoder(register_module("encoder", mlp(d, hidden, layers, latent))),
        decoder(register_module("decoder", mlp(latent, hidden, layers, d))) {}
  torch::Tensor forward(const torch::Tensor& x) { return decoder->forward(encoder->forward(x)); }
  torch::nn::Sequential encoder, decoder;
};

std::vector<double> default_sigmas() {
  std::vector<double> out;
  for (int i = 0; i <= 12; ++i) out.push_back(std::pow(10.0, -3.0 + 3.0 * i / 12.0));
  return out;
}

}  // namespace

std::vector<double> measurement_sigmas(const ManifoldExperimentOptions& options) {
  if (!options.measure_sigmas) return {};
  return options.sigmas.empty() ? default_sigmas() : options.sigmas;
}

namespace {

/// Jacobians of `model` at the rows of x [B, d]: [B, d, d], one backward pass per output.
torch::Tensor jacobians(BottleneckDenoiser& model, const torch::Tensor& x) {
  auto input = x.detach().clone().requires_grad_(true);
  auto output = model.forward(input);
  const int64_t d = x.size(1);
  std::vector<torch::Tensor> rows;
  for (int64_t i = 0; i < d; ++i) {
    auto grad = torch::autograd::grad({output.select(1, i).sum()}, {input}, {}, /*retain_graph=*/true)[0];
    rows.push_back(grad);  // d output_i / d input, per point
  }
  return torch::stack(rows, 1);  // [B, d(out), d(in)]
}

struct RankSummary {
  double mean = 0.0;
  double exact_fraction = 0.0;
  std::vector<double> singular_values;
};

RankSummary effective_rank(BottleneckDenoiser& model, const torch::Tensor& points, double sigma, int64_t k,
                           uint64_t seed) {
  auto generator = step_generator(seed, 0, RandomStream::kManifoldRank);
  auto noisy = points + sigma * torch::randn(points.sizes(), generator);
  auto values = torch::linalg_svdvals(jacobians(model, noisy));  // [B, d], descending
  auto ranks = (values > 0.5).sum(1).to(torch::kDouble);
  RankSummary summary;
  summary.mean = ranks.mean().item<double>();
  summary.exact_fraction = (ranks == static_cast<double>(k)).to(torch::kDouble).mean().item<double>();
  auto mean_values = values.mean(0);
  for (int64_t i = 0; i < std::min<int64_t>(mean_values.size(0), 2 * k + 2); ++i) {
    summary.singular_values.push_back(mean_values[i].item<double>());
  }
  return summary;
}

/// Trains F on rows [n, w] (already standardised) and returns `count` samples [count, w]; the
/// steps it trained go to `steps_done`.
torch::Tensor train_and_sample(const torch::Tensor& rows, const ManifoldExperimentOptions& options,
                               int64_t count, RandomStream stream, int64_t& steps_done) {
  const int64_t width = rows.size(1);
  auto denoiser_options = LatentDenoiserOptions(1, width)
                              .architecture("mlp")
                              .hidden(options.stage2_hidden)
                              .layers(options.stage2_layers);
  torch::manual_seed(options.seed + static_cast<uint64_t>(stream));
  LatentDenoiser denoiser(denoiser_options), ema(denoiser_options);
  Stage2Options stage2;
  stage2.loop.steps = options.stage2_steps;
  stage2.loop.batch_size = options.batch;
  stage2.loop.lr.peak = options.lr;
  stage2.loop.lr.min = options.lr * 0.05;
  stage2.loop.lr.warmup_steps = std::min<int64_t>(100, options.stage2_steps / 10);
  stage2.loop.eval_interval = options.plateau.window > 0 ? options.eval_interval : 0;
  stage2.loop.plateau = options.plateau;
  stage2.loop.checkpoint_interval = 0;
  stage2.loop.log_interval = 100;
  stage2.loop.seed = options.seed + static_cast<uint64_t>(stream);
  stage2.loop.should_stop = options.should_stop;
  stage2.ema_decay = 0.995;
  const auto latents = rows.unsqueeze(1);  // [n, 1, w]
  steps_done = train_stage2(denoiser, ema, latents, latents.slice(0, 0, std::min<int64_t>(256, rows.size(0))),
                            stage2, torch::kCPU, {})
                   .steps_done;
  ema->eval();
  torch::NoGradGuard no_grad;
  auto generator = step_generator(options.seed, 0, stream);
  auto noise = torch::randn({count, 1, width}, generator);
  SamplerOptions sampler;  // DDIM, 50 steps, Karras schedule
  auto samples = sample([&](const at::Tensor& x, const at::Tensor& sigma) { return ema->forward(x, sigma); },
                        noise, sampler, generator);
  return samples.squeeze(1);
}

GenerationMeasurement measure_generation(const torch::Tensor& generated, const torch::Tensor& truth,
                                         const ManifoldMixture& mixture, uint64_t seed) {
  GenerationMeasurement m;
  m.sliced_wasserstein = sliced_wasserstein(generated, truth, 128, seed);
  m.span_wasserstein =
      sliced_wasserstein(mixture.span_coordinates(generated), mixture.span_coordinates(truth), 128, seed);
  m.mmd = gaussian_mmd(generated, truth);
  m.manifold_distance = mixture.distance(generated).mean().item<double>();
  auto counts =
      torch::bincount(mixture.assign(generated), {}, mixture.options().components).to(torch::kDouble);
  counts = counts / counts.sum();
  for (int64_t c = 0; c < counts.size(0); ++c) {
    m.weights.push_back(counts[c].item<double>());
    m.weight_error += 0.5 * std::abs(m.weights.back() - mixture.weights()[static_cast<size_t>(c)]);
  }
  return m;
}

}  // namespace

double sliced_wasserstein(const at::Tensor& a, const at::Tensor& b, int64_t directions, uint64_t seed) {
  TORCH_CHECK(a.sizes() == b.sizes(), "sliced Wasserstein compares equal-size sample sets");
  auto generator = step_generator(seed, 0, RandomStream::kSlicedProjections);
  auto projections = torch::randn({a.size(1), directions}, generator, torch::kDouble);
  projections = projections / projections.norm(2, 0, true);
  auto pa = std::get<0>(torch::matmul(a.to(torch::kDouble), projections).sort(0));
  auto pb = std::get<0>(torch::matmul(b.to(torch::kDouble), projections).sort(0));
  return (pa - pb).abs().mean().item<double>();
}

double gaussian_mmd(const at::Tensor& a, const at::Tensor& b) {
  auto x = a.to(torch::kDouble), y = b.to(torch::kDouble);
  auto dyy = torch::cdist(y, y);
  const int64_t n = x.size(0), m = y.size(0);
  auto off_diagonal = dyy.masked_select(~torch::eye(m, torch::kBool));
  const double bandwidth = std::max(off_diagonal.median().item<double>(), 1e-12);
  auto kernel = [&](const torch::Tensor& d) { return torch::exp(-d.pow(2) / (2 * bandwidth * bandwidth)); };
  auto kxx = kernel(torch::cdist(x, x)), kyy = kernel(dyy), kxy = kernel(torch::cdist(x, y));
  const double xx = (kxx.sum() - kxx.diagonal().sum()).item<double>() / static_cast<double>(n * (n - 1));
  const double yy = (kyy.sum() - kyy.diagonal().sum()).item<double>() / static_cast<double>(m * (m - 1));
  return xx + yy - 2.0 * kxy.mean().item<double>();
}

ManifoldExperimentResult run_manifold_experiment(const ManifoldExperimentOptions& options) {
  if (options.sigma_min <= 0 || options.sigma_max < options.sigma_min) {
    throw ConfigError("the Stage-1 noise range needs 0 < sigma-min <= sigma-max");
  }
  if (options.n < 2 || options.steps < 1 || options.batch < 1)
    throw ConfigError("need n >= 2, steps >= 1, batch >= 1");
  if (options.plateau.window < 0 || options.eval_interval < 1 || !(options.plateau.tolerance >= 0) ||
      !(options.plateau.cooldown >= 0)) {
    throw ConfigError(
        "need --plateau-window >= 0, --eval-interval >= 1, --plateau-tolerance >= 0 and --plateau-cooldown "
        ">= 0");
  }
  const auto start = std::chrono::steady_clock::now();
  if (options.threads > 0) torch::set_num_threads(options.threads);
  torch::manual_seed(options.seed);
  const ManifoldMixture mixture(options.manifold);
  const int64_t k = options.manifold.k, d = options.manifold.d;
  const int64_t latent = options.latent > 0 ? options.latent : 4 * k;
  auto data = mixture.sample(options.n, options.seed + 1).first;
  auto held_out =
      mixture.sample(std::max(options.error_points, options.jacobian_points), options.seed + 2).first;
  BottleneckDenoiser model(d, options.hidden, options.layers, latent);
  torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(options.lr));
  const double log_lo = std::log(options.sigma_min), log_hi = std::log(options.sigma_max);
  const double mid_sigma = std::sqrt(options.sigma_min * options.sigma_max);
  LrScheduleOptions schedule{options.lr, options.lr * 0.05, std::min<int64_t>(100, options.steps / 10),
                             options.steps};
  ManifoldExperimentResult result;
  result.true_weights = mixture.weights();

  // The Stage-1 validation loss of the plateau rule: the training loss on held-out points with
  // noise fixed once, so successive values differ only through the model.
  const auto validation_points = held_out.slice(0, 0, std::min<int64_t>(1024, held_out.size(0)));
  torch::Tensor validation_sigma, validation_noise;
  {
    auto generator = step_generator(options.seed, 0, RandomStream::kManifoldValidation);
    validation_sigma =
        torch::exp(log_lo + (log_hi - log_lo) * torch::rand({validation_points.size(0), 1}, generator));
    validation_noise = validation_sigma * torch::randn(validation_points.sizes(), generator);
  }
  auto validation_loss = [&] {
    torch::NoGradGuard no_grad;
    return ((model.forward(validation_points + validation_noise) - validation_points).pow(2).sum(1, true) /
            validation_sigma.pow(2))
        .mean()
        .item<double>();
  };
  PlateauSchedule plateau(schedule, options.steps, options.plateau);

  // ---- Stage 1: DSM at small noise, loss weighted by 1/σ² so every σ counts alike.
  for (int64_t step = 1; step <= plateau.stop_at(); ++step) {
    if (options.should_stop && options.should_stop()) {
      result.stopped = true;
      break;
    }
    auto generator = step_generator(options.seed, step, RandomStream::kManifoldTraining);
    auto index = torch::randint(options.n, {options.batch}, generator, torch::kLong);
    auto x = data.index_select(0, index);
    auto sigma = torch::exp(log_lo + (log_hi - log_lo) * torch::rand({options.batch, 1}, generator));
    auto noisy = x + sigma * torch::randn(x.sizes(), generator);
    auto loss = ((model.forward(noisy) - x).pow(2).sum(1, true) / sigma.pow(2)).mean();
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(plateau.rate(step - 1));
    }
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    const double value = loss.item<double>();
    if (!std::isfinite(value)) throw Error("manifold experiment: the loss became " + std::to_string(value));
    if (options.on_step && step % 100 == 0) options.on_step(step, value);
    if (options.measure_every > 0 && (step % options.measure_every == 0 || step == plateau.stop_at())) {
      auto rank =
          effective_rank(model, held_out.slice(0, 0, options.jacobian_points), mid_sigma, k, options.seed);
      result.by_step.push_back({step, value, rank.mean});
    }
    result.stage1_steps = step;
    if (options.plateau.window > 0 && step % options.eval_interval == 0) {
      const double loss_value = validation_loss();
      result.stage1_validation.emplace_back(step, loss_value);
      if (plateau.record(loss_value, step)) result.stage1_plateau_step = step;
    }
  }

  // ---- Measurements over σ.
  {
    torch::NoGradGuard no_grad;
    auto reconstructed = model.forward(held_out);
    result.reconstruction_distance = mixture.distance(reconstructed).mean().item<double>();
  }
  const auto sigmas = measurement_sigmas(options);
  for (double sigma : sigmas) {
    SigmaMeasurement m;
    m.sigma = sigma;
    auto rank = effective_rank(model, held_out.slice(0, 0, options.jacobian_points), sigma, k, options.seed);
    m.effective_rank = rank.mean;
    m.exact_k_fraction = rank.exact_fraction;
    m.singular_values = rank.singular_values;
    torch::NoGradGuard no_grad;
    auto generator = step_generator(options.seed, 1, RandomStream::kManifoldError);
    auto points = held_out.slice(0, 0, options.error_points);
    auto denoised = model.forward(points + sigma * torch::randn(points.sizes(), generator));
    m.normalised_error = ((denoised - points).pow(2).sum(1).mean() / (sigma * sigma)).item<double>();
    m.manifold_distance = mixture.distance(denoised).mean().item<double>();
    result.by_sigma.push_back(m);
  }
  // ---- Stage 2 (refine) on standardised latents, and the ambient baseline with the same F.
  if (options.stage2_steps > 0 && !result.stopped) {
    torch::Tensor latents;
    {
      torch::NoGradGuard no_grad;
      latents = model.encoder->forward(data);
    }
    auto mean = latents.mean(0, true), std = latents.std(0, /*unbiased=*/true, true).clamp_min(1e-6);
    auto truth = mixture.sample(options.samples, options.seed + 3).first;
    auto generated_latents = train_and_sample((latents - mean) / std, options, options.samples,
                                              RandomStream::kLatentGeneration, result.sild_stage2_steps);
    torch::Tensor decoded;
    {
      torch::NoGradGuard no_grad;
      decoded = model.decoder->forward(generated_latents * std + mean);
    }
    result.sild = measure_generation(decoded, truth, mixture, options.seed);
    // Ambient: one scale for all coordinates (directions off the manifold have no variance).
    auto data_mean = data.mean(0, true);
    const double data_scale = (data - data_mean).pow(2).mean().sqrt().item<double>();
    auto ambient = train_and_sample((data - data_mean) / data_scale, options, options.samples,
                                    RandomStream::kAmbientGeneration, result.ambient_stage2_steps) *
                       data_scale +
                   data_mean;
    result.ambient = measure_generation(ambient, truth, mixture, options.seed);
    result.reference = measure_generation(mixture.sample(options.samples, options.seed + 4).first, truth,
                                          mixture, options.seed);
    result.stage2 = !(options.should_stop && options.should_stop());
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sild::models
