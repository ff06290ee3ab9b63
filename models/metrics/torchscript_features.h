// Features from a TorchScript network the user supplies (`--features model.pt`), and the Fréchet
// distance in that feature space, reported as "FD(<file stem>)": sild ships no image feature
// network, so it never calls such a distance FID. The network must map [B, C, H, W] float images
// in [0, 1] to [B, ...]; everything after the batch dimension is flattened into the features.
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>

namespace sild::models {

class TorchScriptFeatures {
 public:
  /// Loads `path` with torch::jit::load (on the CPU, in eval mode). InputError naming the file,
  /// with a hint, when it is missing, not a TorchScript module or has no forward method.
  explicit TorchScriptFeatures(const std::string& path);
  ~TorchScriptFeatures();
  TorchScriptFeatures(TorchScriptFeatures&&) noexcept;
  TorchScriptFeatures& operator=(TorchScriptFeatures&&) noexcept;

  /// The file stem ("inception" for dir/inception.pt).
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  /// "FD(<name>)", the metric's reported name.
  std::string metric_name() const { return "FD(" + name_ + ")"; }

  /// Features [N, F] float64 of images [N, C, H, W] (converted to float32), `batch` at a time
  /// under NoGradGuard. InputError naming the file when the network fails on the images, returns
  /// something other than a tensor of at least 2 dimensions, a batch size other than its input's,
  /// or a different feature size from one batch to the next. N = 0 gives [0, 0].
  at::Tensor features(const at::Tensor& images, int64_t batch = 256);

 private:
  struct Network;
  std::unique_ptr<Network> network_;
  std::string path_;
  std::string name_;
};

/// Fréchet distance (models/metrics/frechet_distance.h) between the feature statistics of two image
/// sets [N, C, H, W] and [M, C, H, W]; ConfigError when either has fewer than 2 images.
double feature_frechet_distance(TorchScriptFeatures& network, const at::Tensor& a, const at::Tensor& b,
                                int64_t batch = 256);

}  // namespace sild::models
