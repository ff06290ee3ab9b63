// TorchScript feature networks and their Fréchet distance (see torchscript_features.h).
#include "models/metrics/torchscript_features.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <filesystem>

#include "common/errors.h"
#include "models/metrics/frechet_distance.h"

namespace sild::models {
namespace {

constexpr const char* kLoadHint =
    "pass a TorchScript file saved with torch.jit.save (torch.jit.script or torch.jit.trace of the network)";
constexpr const char* kRunHint =
    "the network must take [B, C, H, W] float images in [0, 1] and return a tensor [B, ...]";

}  // namespace

struct TorchScriptFeatures::Network {
  torch::jit::Module module;
};

TorchScriptFeatures::TorchScriptFeatures(const std::string& path)
    : path_(path), name_(std::filesystem::path(path).stem().string()) {
  std::error_code error_code;
  if (!std::filesystem::is_regular_file(path, error_code)) {
    throw InputError(located(path, 0, "feature network not found", kLoadHint));
  }
  try {
    network_ = std::make_unique<Network>(Network{torch::jit::load(path, torch::kCPU)});
  } catch (const c10::Error& error) {
    throw InputError(located(
        path, 0, std::string("not a TorchScript module: ") + error.what_without_backtrace(), kLoadHint));
  } catch (const std::exception& error) {
    throw InputError(located(path, 0, std::string("not a TorchScript module: ") + error.what(), kLoadHint));
  }
  if (!network_->module.find_method("forward")) {
    throw InputError(located(path, 0, "the TorchScript module has no forward method", kLoadHint));
  }
  network_->module.eval();
}

TorchScriptFeatures::~TorchScriptFeatures() = default;
TorchScriptFeatures::TorchScriptFeatures(TorchScriptFeatures&&) noexcept = default;
TorchScriptFeatures& TorchScriptFeatures::operator=(TorchScriptFeatures&&) noexcept = default;

at::Tensor TorchScriptFeatures::features(const at::Tensor& images, int64_t batch) {
  TORCH_CHECK(images.dim() == 4, "feature network input must be images [N, C, H, W]");
  TORCH_CHECK(batch > 0, "feature batch must be positive");
  torch::NoGradGuard no_grad;
  auto inputs = images.to(torch::kFloat32);
  std::vector<at::Tensor> parts;
  for (int64_t first = 0; first < inputs.size(0); first += batch) {
    const int64_t count = std::min(batch, inputs.size(0) - first);
    c10::IValue output;
    try {
      output = network_->module.forward({inputs.narrow(0, first, count)});
    } catch (const std::exception& error) {
      std::string what = error.what();
      if (auto* c10_error = dynamic_cast<const c10::Error*>(&error))
        what = c10_error->what_without_backtrace();
      throw InputError(
          located(path_, 0, "the feature network failed on images " + c10::str(inputs.sizes()) + ": " + what,
                  kRunHint));
    }
    if (!output.isTensor()) {
      throw InputError(located(
          path_, 0, "the feature network returned a " + output.tagKind() + ", not a tensor", kRunHint));
    }
    auto tensor = output.toTensor();
    if (tensor.dim() < 2) {
      throw InputError(located(path_, 0,
                               "the feature network returned a tensor of shape " + c10::str(tensor.sizes()) +
                                   ", which has no feature dimension",
                               kRunHint));
    }
    if (tensor.size(0) != count) {
      throw InputError(located(path_, 0,
                               "the feature network returned " + std::to_string(tensor.size(0)) +
                                   " rows for a batch of " + std::to_string(count) + " images",
                               kRunHint));
    }
    auto flat = tensor.flatten(1).to(torch::kFloat64);  // [count, F]
    if (!parts.empty() && flat.size(1) != parts.front().size(1)) {
      throw InputError(located(path_, 0,
                               "the feature network returned " + std::to_string(flat.size(1)) +
                                   " features, earlier batches had " + std::to_string(parts.front().size(1)),
                               kRunHint));
    }
    parts.push_back(flat);
  }
  return parts.empty() ? torch::empty({0, 0}, torch::kFloat64) : torch::cat(parts);
}

double feature_frechet_distance(TorchScriptFeatures& network, const at::Tensor& a, const at::Tensor& b,
                                int64_t batch) {
  if (a.size(0) < 2 || b.size(0) < 2) {
    throw ConfigError(network.metric_name() + " needs at least 2 images in each set, got " +
                      std::to_string(a.size(0)) + " and " + std::to_string(b.size(0)));
  }
  auto [mu_a, sigma_a] = feature_statistics(network.features(a, batch));
  auto [mu_b, sigma_b] = feature_statistics(network.features(b, batch));
  return frechet_distance(mu_a, sigma_a, mu_b, sigma_b);
}

}  // namespace sild::models
