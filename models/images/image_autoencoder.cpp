// Strided CNN encoder/decoder (see image_autoencoder.h).
#include "models/images/image_autoencoder.h"

#include <torch/torch.h>

namespace sild::models {
namespace {

namespace nn = torch::nn;

/// GroupNorm groups for `channels`: 8 when it divides, else 1 (LayerNorm over the map).
int64_t groups_for(int64_t channels) { return channels % 8 == 0 ? 8 : 1; }

/// 3×3 convolution, normalisation and SiLU at a fixed width.
void add_block(nn::Sequential& net, int64_t in, int64_t out) {
  net->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1)));
  net->push_back(nn::GroupNorm(nn::GroupNormOptions(groups_for(out), out)));
  net->push_back(nn::SiLU());
}

}  // namespace

ImageAutoencoderImpl::ImageAutoencoderImpl(const ImageAutoencoderOptions& options_) : options(options_) {
  const int64_t levels = options.levels(), width = options.width();
  TORCH_CHECK(options.channels() > 0 && width > 0 && options.latent_channels() > 0 && levels >= 0,
              "image autoencoder sizes must be positive");
  TORCH_CHECK(options.image_size() % (int64_t{1} << levels) == 0,
              "the image size must be divisible by 2^levels");
  nn::Sequential encoder, decoder;
  // E: C -> width, then per level a block and a stride-2 step to twice the width.
  add_block(encoder, options.channels(), width);
  int64_t current = width;
  for (int64_t level = 0; level < levels; ++level) {
    add_block(encoder, current, current);
    encoder->push_back(nn::Conv2d(nn::Conv2dOptions(current, 2 * current, 4).stride(2).padding(1)));
    encoder->push_back(nn::SiLU());
    current *= 2;
  }
  add_block(encoder, current, current);
  encoder->push_back(nn::Conv2d(
      nn::Conv2dOptions(current, options.latent_channels() * (options.variational() ? 2 : 1), 3).padding(1)));
  // G: the mirror image, latent -> the widest maps, transposed stride-2 steps back to H×W.
  add_block(decoder, options.latent_channels(), current);
  for (int64_t level = 0; level < levels; ++level) {
    add_block(decoder, current, current);
    decoder->push_back(
        nn::ConvTranspose2d(nn::ConvTranspose2dOptions(current, current / 2, 4).stride(2).padding(1)));
    decoder->push_back(nn::SiLU());
    current /= 2;
  }
  add_block(decoder, current, current);
  decoder->push_back(nn::Conv2d(nn::Conv2dOptions(current, options.channels(), 3).padding(1)));
  encoder_ = register_module("encoder", encoder);
  decoder_ = register_module("decoder", decoder);
}

EncoderOutput ImageAutoencoderImpl::encode(const torch::Tensor& images) {
  TORCH_CHECK(images.dim() == 4 && images.size(1) == options.channels() &&
                  images.size(2) == options.image_size() && images.size(3) == options.image_size(),
              "image encoder input must be [B, C, H, W] with the configured C and size");
  auto out = encoder_->forward(images);  // [B, c or 2c, h, w]
  if (!options.variational()) return {out, {}};
  auto parts = out.chunk(2, 1);
  return {parts[0], parts[1].clamp(-30.0, 20.0)};
}

torch::Tensor ImageAutoencoderImpl::decode(const torch::Tensor& latent) {
  const auto shape = latent_shape();
  TORCH_CHECK(latent.dim() == 4 && latent.size(1) == shape[0] && latent.size(2) == shape[1] &&
                  latent.size(3) == shape[2],
              "image decoder input must be [B, c, h, w]");
  return decoder_->forward(latent);  // [B, C, H, W]
}

std::vector<int64_t> ImageAutoencoderImpl::latent_shape() const {
  const int64_t side = options.image_size() >> options.levels();
  return {options.latent_channels(), side, side};
}

}  // namespace sild::models
