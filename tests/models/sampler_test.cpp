// Samplers: with the exact denoiser of a Gaussian they must reproduce that Gaussian; every
// sampler turns noise into finite samples; the ancestral split preserves variance.
#include "models/sampler.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/errors.h"
#include "models/precision.h"
#include "models/random_streams.h"
#include "models/torch_compat.h"

namespace sild::models {
namespace {

// Data ~ N(mu, s² I): the posterior mean is E[x0 | x_σ] = mu + s²/(s²+σ²)·(x_σ − mu).
Denoiser gaussian_denoiser(double mu, double s) {
  return [=](const at::Tensor& x, const at::Tensor& sigma) {
    auto sigma2 = (sigma * sigma).view({-1, 1});
    return mu + (s * s) / (s * s + sigma2) * (x - mu);
  };
}

TEST(SamplerTest, AncestralSplitPreservesTheVariance) {
  auto [down, up] = ancestral_split(2.0, 1.0, 1.0);
  EXPECT_NEAR(down * down + up * up, 1.0, 1e-12);
  EXPECT_NEAR(down, 0.25 * 2.0, 1e-12);  // DDPM posterior: σ_down = σ_next²/σ
  auto [d0, u0] = ancestral_split(2.0, 1.0, 0.0);
  EXPECT_DOUBLE_EQ(d0, 1.0);
  EXPECT_DOUBLE_EQ(u0, 0.0);
}

TEST(SamplerTest, EverySamplerRecoversAGaussianFromNoise) {
  torch::manual_seed(0);
  const double mu = 1.5;
  const double s = 0.5;
  for (auto kind : {SamplerKind::kDdpm, SamplerKind::kDdim, SamplerKind::kHeun}) {
    for (auto schedule : {ScheduleKind::kKarras, ScheduleKind::kVpCosine}) {
      SamplerOptions options;
      options.kind = kind;
      options.schedule = schedule;
      // First-order steps need more levels than Heun's second-order ones for the same error.
      options.steps = kind == SamplerKind::kHeun ? 40 : 200;
      // x_T ~ N(0, σ_max²) ignores the data mean; the ODE shrinks that offset by s/σ_max,
      // so σ_max = 80 keeps the bias (≈ 0.01) inside the tolerance.
      options.sigma_max = 80.0;
      auto noise = torch::randn({20000, 4}, torch::kFloat64);
      auto x = sample(gaussian_denoiser(mu, s), noise, options);
      ASSERT_TRUE(torch::isfinite(x).all().item<bool>());
      EXPECT_NEAR(x.mean().item<double>(), mu, 0.02) << to_string(kind) << "/" << to_string(schedule);
      EXPECT_NEAR(x.std().item<double>(), s, 0.03) << to_string(kind) << "/" << to_string(schedule);
    }
  }
}

TEST(SamplerTest, DeterministicSamplersAreReproducibleAndStochasticOnesFollowTheGenerator) {
  auto noise = torch::randn({16, 3}, torch::kFloat64);
  SamplerOptions options;
  options.steps = 10;
  auto a = sample(gaussian_denoiser(0.0, 1.0), noise, options);
  auto b = sample(gaussian_denoiser(0.0, 1.0), noise, options);
  EXPECT_TRUE(torch::equal(a, b));
  options.kind = SamplerKind::kDdpm;
  auto g1 = at::detail::createCPUGenerator(7);
  auto g2 = at::detail::createCPUGenerator(7);
  EXPECT_TRUE(torch::equal(sample(gaussian_denoiser(0.0, 1.0), noise, options, g1),
                           sample(gaussian_denoiser(0.0, 1.0), noise, options, g2)));
}

TEST(SamplerTest, RejectsBadOptions) {
  auto noise = torch::randn({2, 2});
  SamplerOptions options;
  options.steps = 0;
  EXPECT_THROW(sample(gaussian_denoiser(0, 1), noise, options), ConfigError);
  options.steps = 5;
  options.eta = 1.5;
  EXPECT_THROW(sample(gaussian_denoiser(0, 1), noise, options), ConfigError);
  EXPECT_THROW(sampler_kind_from_string("euler"), ConfigError);
}

// Every device this build can use: the CPU, and CUDA when LibTorch has it and a GPU is present.
std::vector<torch::Device> devices() {
  std::vector<torch::Device> out{torch::kCPU};
  if (torch::cuda::is_available()) out.emplace_back(torch::kCUDA, 0);
  return out;
}

TEST(SamplerTest, NoiseForASeedIsTheSameWhateverTheDevice) {
  // normal_noise draws on the CPU generator and moves the numbers: the noise a seed gives does not
  // depend on the requested device (or dtype). On a CPU-only build this runs the same path for cpu.
  const auto reference =
      normal_noise({4, 3, 5}, step_generator(3, 7, RandomStream::kMoleculeSampling), torch::kFloat);
  for (const auto& device : devices()) {
    auto noise = normal_noise({4, 3, 5}, step_generator(3, 7, RandomStream::kMoleculeSampling),
                              torch::TensorOptions().device(device));
    EXPECT_EQ(noise.device(), device);
    EXPECT_TRUE(torch::equal(noise.to(torch::kCPU), reference)) << device;
    auto as_double = normal_noise({4, 3, 5}, step_generator(3, 7, RandomStream::kMoleculeSampling),
                                  torch::TensorOptions().device(device).dtype(torch::kDouble));
    EXPECT_TRUE(torch::equal(as_double.to(torch::kCPU).to(torch::kFloat), reference));
  }
}

TEST(SamplerTest, DdpmSamplesForASeedAreTheSameWhateverTheDevice) {
  // The DDPM step adds noise inside the loop: it is drawn on the CPU generator too.
  SamplerOptions options;
  options.kind = SamplerKind::kDdpm;
  options.steps = 8;
  auto draw = [&](const torch::Device& device) {
    auto generator = step_generator(11, 0, RandomStream::kMoleculeSampling);
    auto noise = normal_noise({64, 2}, generator, torch::TensorOptions().device(device));
    return sample(gaussian_denoiser(0.5, 1.0), noise, options, generator).to(torch::kCPU);
  };
  const auto reference = draw(torch::kCPU);
  EXPECT_TRUE(torch::isfinite(reference).all().item<bool>());
  for (const auto& device : devices())
    EXPECT_TRUE(torch::allclose(draw(device), reference, 1e-5, 1e-5)) << device;
}

TEST(PrecisionTest, NamesChecksAndScopes) {
  EXPECT_EQ(precision_from_string("bf16"), Precision::kBf16);
  EXPECT_EQ(to_string(precision_from_string("fp32")), "fp32");
  EXPECT_THROW(precision_from_string("fp16"), ConfigError);
  EXPECT_NO_THROW(check_precision(Precision::kBf16, torch::kCPU));
  EXPECT_NO_THROW(check_precision(Precision::kFp32, torch::kCPU));
  ASSERT_FALSE(compat::autocast_enabled(c10::DeviceType::CUDA));
  ASSERT_FALSE(compat::autocast_enabled(c10::DeviceType::CPU));
  auto product = [] { return torch::mm(torch::ones({2, 2}), torch::ones({2, 2})).scalar_type(); };
  {
    AutocastScope fp32(Precision::kFp32);
    EXPECT_FALSE(compat::autocast_enabled(c10::DeviceType::CUDA));
    EXPECT_EQ(product(), torch::kFloat);
  }
  {
    AutocastScope bf16(Precision::kBf16);
    EXPECT_TRUE(compat::autocast_enabled(c10::DeviceType::CUDA));
    EXPECT_EQ(compat::autocast_dtype(c10::DeviceType::CUDA), at::kBFloat16);
    EXPECT_TRUE(compat::autocast_enabled(c10::DeviceType::CPU));
    EXPECT_EQ(product(), torch::kBFloat16);  // CPU matrix products autocast too
  }
  EXPECT_FALSE(compat::autocast_enabled(c10::DeviceType::CUDA));
  EXPECT_FALSE(compat::autocast_enabled(c10::DeviceType::CPU));
  EXPECT_EQ(product(), torch::kFloat);
}

}  // namespace
}  // namespace sild::models
