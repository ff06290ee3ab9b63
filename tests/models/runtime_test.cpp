// Runtime setup: device names, thread count, seeding, and that matrix work is numerically sound.
#include "models/runtime.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/errors.h"

namespace sild::models {
namespace {

TEST(RuntimeTest, ResolvesCpuAndRejectsUnknownDevices) {
  EXPECT_EQ(resolve_device("cpu"), c10::Device(c10::kCPU));
  EXPECT_THROW(resolve_device("tpu"), ConfigError);
  if (!torch::cuda::is_available()) {
    EXPECT_EQ(resolve_device("auto"), c10::Device(c10::kCPU));
    EXPECT_THROW(resolve_device("cuda"), ConfigError);
  }
}

TEST(RuntimeTest, SetsTheThreadCountAndSeedsReproducibly) {
  RuntimeOptions options;
  options.device = "cpu";
  options.threads = 1;
  options.seed = 42;
  setup_runtime(options);
  EXPECT_EQ(torch::get_num_threads(), 1);
  auto first = torch::randn({8});
  setup_runtime(options);
  EXPECT_TRUE(torch::equal(first, torch::randn({8})));
  options.threads = -1;
  EXPECT_THROW(setup_runtime(options), ConfigError);
}

TEST(RuntimeTest, MatrixProductAgreesWithAnExplicitSum) {
  torch::manual_seed(0);
  auto a = torch::randn({64, 48}, torch::kFloat64);
  auto b = torch::randn({48, 32}, torch::kFloat64);
  auto product = torch::mm(a, b);
  auto explicit_sum = (a.unsqueeze(2) * b.unsqueeze(0)).sum(1);
  EXPECT_LT((product - explicit_sum).abs().max().item<double>(), 1e-12);
  EXPECT_NE(runtime_description().find("libtorch"), std::string::npos);
}

}  // namespace
}  // namespace sild::models
