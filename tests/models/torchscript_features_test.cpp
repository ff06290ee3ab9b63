// TorchScript feature networks: a network built and saved here in C++ loads back, its features
// match a direct computation, the Fréchet distance in its space matches frechet_distance on those
// features, and missing, garbage or ill-shaped networks are InputErrors naming the file.
#include "models/metrics/torchscript_features.h"

#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <fstream>
#include <functional>

#include "common/errors.h"
#include "models/metrics/frechet_distance.h"
#include "test_support.h"

namespace sild::models {
namespace {

constexpr int64_t kFeatures = 6;
constexpr int64_t kPixels = 2 * 5 * 5;  // images [N, 2, 5, 5]

/// Saves a module with one parameter `w` [kPixels, kFeatures] and the given forward; returns w.
at::Tensor save_network(const std::string& path, const std::string& forward) {
  auto w = torch::randn({kPixels, kFeatures});
  torch::jit::Module module("Features");
  module.register_parameter("w", w, /*is_buffer=*/false);
  module.define(forward);
  module.save(path);
  return w;
}

const char* kTanhForward = "def forward(self, x):\n  return torch.tanh(torch.matmul(x.flatten(1), self.w))\n";

void expect_input_error_naming(const std::function<void()>& call, const std::string& path,
                               const std::string& part) {
  try {
    call();
    FAIL() << "no InputError for " << path;
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
  }
}

TEST(TorchScriptFeaturesTest, FeaturesEqualTheNetworkComputedDirectly) {
  auto dir = test::temp_dir("tsfeat");
  auto path = (dir / "tanh_net.pt").string();
  torch::manual_seed(0);
  auto w = save_network(path, kTanhForward);
  TorchScriptFeatures network(path);
  EXPECT_EQ(network.name(), "tanh_net");
  EXPECT_EQ(network.metric_name(), "FD(tanh_net)");
  auto images = torch::rand({11, 2, 5, 5});
  auto features = network.features(images, /*batch=*/4);
  EXPECT_EQ(features.scalar_type(), torch::kFloat64);
  ASSERT_EQ(features.sizes(), (std::vector<int64_t>{11, kFeatures}));
  auto expected = torch::tanh(torch::matmul(images.flatten(1), w)).to(torch::kFloat64);
  EXPECT_TRUE(torch::allclose(features, expected, 1e-6, 1e-6));
  EXPECT_EQ(network.features(torch::rand({0, 2, 5, 5})).numel(), 0);
}

TEST(TorchScriptFeaturesTest, OutputsBeyondTwoDimensionsAreFlattened) {
  auto dir = test::temp_dir("tsfeat-3d");
  auto path = (dir / "net.pt").string();
  auto w = save_network(
      path, "def forward(self, x):\n  return torch.matmul(x.flatten(1), self.w).reshape(-1, 2, 3)\n");
  TorchScriptFeatures network(path);
  auto images = torch::rand({4, 2, 5, 5});
  auto features = network.features(images);
  EXPECT_TRUE(torch::allclose(features, torch::matmul(images.flatten(1), w).to(torch::kFloat64), 1e-6, 1e-6));
}

TEST(TorchScriptFeaturesTest, FrechetDistanceMatchesFrechetDistanceOfDirectFeatures) {
  auto dir = test::temp_dir("tsfeat-fd");
  auto path = (dir / "net.pt").string();
  torch::manual_seed(1);
  auto w = save_network(path, kTanhForward);
  TorchScriptFeatures network(path);
  auto a = torch::rand({64, 2, 5, 5});
  auto b = torch::rand({48, 2, 5, 5}) * 0.5 + 0.25;
  EXPECT_LT(std::abs(feature_frechet_distance(network, a, a)), 1e-6);

  auto direct = [&](const at::Tensor& images) {
    return feature_statistics(torch::tanh(torch::matmul(images.flatten(1), w)).to(torch::kFloat64));
  };
  auto [mu_a, sigma_a] = direct(a);
  auto [mu_b, sigma_b] = direct(b);
  const double expected = frechet_distance(mu_a, sigma_a, mu_b, sigma_b);
  const double distance = feature_frechet_distance(network, a, b, /*batch=*/10);
  EXPECT_GT(distance, 0.01);
  EXPECT_NEAR(distance, expected, 1e-6 * std::max(1.0, expected));
  EXPECT_THROW(feature_frechet_distance(network, a.narrow(0, 0, 1), b), ConfigError);
}

TEST(TorchScriptFeaturesTest, MissingAndGarbageFilesAreInputErrorsNamingTheFile) {
  auto dir = test::temp_dir("tsfeat-bad");
  auto missing = (dir / "missing.pt").string();
  expect_input_error_naming([&] { TorchScriptFeatures network(missing); }, missing, "not found");
  auto garbage = (dir / "garbage.pt").string();
  std::ofstream(garbage) << "not a TorchScript module";
  expect_input_error_naming([&] { TorchScriptFeatures network(garbage); }, garbage, "TorchScript");
  expect_input_error_naming([&] { TorchScriptFeatures network(dir.string()); }, dir.string(), "not found");
}

TEST(TorchScriptFeaturesTest, IllShapedOutputsAndFailingNetworksAreInputErrors) {
  auto dir = test::temp_dir("tsfeat-shape");
  auto images = torch::rand({3, 2, 5, 5});

  auto flat = (dir / "flat.pt").string();
  save_network(flat, "def forward(self, x):\n  return torch.matmul(x.flatten(1), self.w).sum(1)\n");
  TorchScriptFeatures flat_network(flat);
  expect_input_error_naming([&] { flat_network.features(images); }, flat, "feature dimension");

  auto pooled = (dir / "pooled.pt").string();
  save_network(pooled,
               "def forward(self, x):\n  return torch.matmul(x.flatten(1), self.w).sum(0, keepdim=True)\n");
  TorchScriptFeatures pooled_network(pooled);
  expect_input_error_naming([&] { pooled_network.features(images); }, pooled, "rows for a batch of 3");

  auto tuple = (dir / "tuple.pt").string();
  save_network(tuple, "def forward(self, x):\n  y = torch.matmul(x.flatten(1), self.w)\n  return (y, y)\n");
  TorchScriptFeatures tuple_network(tuple);
  expect_input_error_naming([&] { tuple_network.features(images); }, tuple, "not a tensor");

  auto tanh_net = (dir / "tanh.pt").string();
  save_network(tanh_net, kTanhForward);
  TorchScriptFeatures network(tanh_net);
  expect_input_error_naming(
      [&] {
        network.features(torch::rand({3, 1, 5, 5}));
      },
      tanh_net, "failed on images");
}

}  // namespace
}  // namespace sild::models
