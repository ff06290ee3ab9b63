// Every option of an image model (`sild images train`), bound once to command-line flags and
// to the model directory's config.ini through one table of fields, so the two cannot drift.
// Conversion to the models/ option structs lives here too; the CLI only parses.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>

#include "common/json.h"
#include "models/images/image_autoencoder.h"
#include "models/images/image_stage1_trainer.h"
#include "models/latent_denoiser.h"
#include "models/sampler.h"
#include "models/stage2_trainer.h"

namespace sild::core {

struct ImageConfig {
  std::string dataset = "mnist";  ///< stacked-mnist | mnist | fashion-mnist | celeba
  int64_t image_size = 0;         ///< 0 = the dataset's own (28; CelebA 64)
  int64_t train_limit = 0;  ///< training images used (0 = all; Stacked MNIST draws this many, default 60,000)
  std::string method = "sild";  ///< sild | vae-ldm (the paper's LDM-CNN)
  int64_t width = 32;           ///< CNN width after the first convolution (doubled per level)
  int64_t levels = 2;           ///< stride-2 steps of E (28 -> 7 for 2; 64 -> 8 for 3)
  int64_t latent_channels = 4;  ///< c of the spatial latent
  double vae_beta = 1e-3;
  int64_t stage1_steps = 2000;
  int64_t stage1_batch = 64;
  double stage1_lr = 1e-3;
  double stage1_sigma_min = 0.01;
  double stage1_sigma_max = 0.1;
  std::string denoiser = "auto";  ///< auto (transformer for h·w > 1) | mlp | transformer
  int64_t denoiser_hidden = 64;
  int64_t denoiser_layers = 3;
  int64_t heads = 4;
  int64_t stage2_steps = 3000;
  int64_t stage2_batch = 128;
  double stage2_lr = 1e-3;
  double ema_decay = 0.999;
  int64_t warmup_steps = 100;
  double weight_decay = 0.01;
  double grad_clip = 1.0;
  int64_t log_interval = 100;
  int64_t eval_interval = 500;
  int64_t checkpoint_interval = 500;
  uint64_t seed = 0;
  std::string precision = "fp32";  ///< fp32 | bf16 (CUDA autocast)
  std::string sampler = "ddim";
  int64_t sampler_steps = 50;
};

/// Adds one flag per field, with the current values as defaults.
void describe_image_config(boost::program_options::options_description& options, ImageConfig& config);
/// config.ini: `key = value` for every field, atomically.
/// The resolved configuration as JSON (the store's run row) and as aligned lines (the log).
Json image_config_json(const ImageConfig& config);
std::string image_config_table(const ImageConfig& config);

void write_image_config(const ImageConfig& config, const std::string& path);
/// Reads config.ini into `config`; ConfigError naming the file for unknown keys or bad values.
void read_image_config(const std::string& path, ImageConfig& config);
/// ConfigError for a value out of range or an unknown name.
void validate(const ImageConfig& config);

/// Channels and native side of a dataset name; ConfigError for an unknown one.
std::pair<int64_t, int64_t> image_dataset_shape(const std::string& dataset);
/// The side images are trained at: image_size, or the dataset's own.
int64_t resolved_image_size(const ImageConfig& config);

models::ImageAutoencoderOptions image_autoencoder_options(const ImageConfig& config);
models::LatentDenoiserOptions image_denoiser_options(const ImageConfig& config);
models::ImageStage1Options image_stage1_options(const ImageConfig& config);
models::Stage2Options image_stage2_options(const ImageConfig& config);
models::SamplerOptions image_sampler_options(const ImageConfig& config);

}  // namespace sild::core
