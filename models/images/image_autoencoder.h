// The Stage-1 networks for images (docs/method.md, after the design §4): a strided CNN encoder E from pixels
// in
// [-1, 1] to a spatial latent [c, h, w] and its mirror decoder G. Each level halves the side with
// a 4×4 stride-2 convolution (the decoder doubles it with the transposed one), with a 3×3
// convolution block at every width. With `variational` E also emits a log-variance: the
// LDM-CNN baseline's only architectural difference, as for molecules.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <vector>

#include "models/molecule_autoencoder.h"  // EncoderOutput

namespace sild::models {

struct ImageAutoencoderOptions {
  ImageAutoencoderOptions(int64_t channels, int64_t image_size)
      : channels_(channels), image_size_(image_size) {}
  TORCH_ARG(int64_t, channels);             ///< C: 1 (grey) or 3
  TORCH_ARG(int64_t, image_size);           ///< H = W, divisible by 2^levels
  TORCH_ARG(int64_t, width) = 32;           ///< channels after the first convolution; doubled per level
  TORCH_ARG(int64_t, levels) = 2;           ///< stride-2 steps: 28 -> 14 -> 7 for 2
  TORCH_ARG(int64_t, latent_channels) = 4;  ///< c of the latent [c, h, w]
  TORCH_ARG(bool, variational) = false;     ///< LDM-CNN baseline: E emits mean and log-variance
};

class ImageAutoencoderImpl : public torch::nn::Module {
 public:
  explicit ImageAutoencoderImpl(const ImageAutoencoderOptions& options);

  /// E: images [B, C, H, W] in [-1, 1] (noisy for SiLD) -> latent [B, c, h, w] (and log-variance).
  EncoderOutput encode(const torch::Tensor& images);
  /// G: latent [B, c, h, w] -> images [B, C, H, W].
  torch::Tensor decode(const torch::Tensor& latent);
  /// {c, h, w} of the latent.
  std::vector<int64_t> latent_shape() const;

  ImageAutoencoderOptions options;

 private:
  torch::nn::Sequential encoder_{nullptr}, decoder_{nullptr};
};
TORCH_MODULE(ImageAutoencoder);

}  // namespace sild::models
