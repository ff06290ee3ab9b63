// ImageConfig's field table, config.ini I/O and conversions (see image_config.h).
#include "src/images/image_config.h"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <vector>

#include "common/errors.h"
#include "src/util/config_fields.h"
#include "src/util/loop_options.h"
#include "src/util/option_value.h"

namespace sild::core {
namespace {

namespace po = boost::program_options;

/// The one list of keys: flags, config.ini and --help all come from it.
ConfigFields fields(ImageConfig& c) {
  ConfigFields fields{
      {"dataset", &c.dataset, "stacked-mnist, mnist, fashion-mnist or celeba"},
      {"image-size", &c.image_size,
       "image side in pixels (0 = the dataset's own: 28, CelebA 64; 128 for large CelebA)"},
      {"train-limit", &c.train_limit, "training images (0 = all; Stacked MNIST draws this many, 0 = 60,000)"},
      {"method", &c.method, "sild, or vae-ldm for the LDM-CNN baseline"},
      {"width", &c.width, "CNN width after the first convolution, doubled per level"},
      {"levels", &c.levels, "stride-2 levels of the encoder (the latent side is size / 2^levels)"},
      {"latent-channels", &c.latent_channels, "channels c of the spatial latent"},
      {"vae-beta", &c.vae_beta, "KL weight of the baseline (per pixel)"},
      {"stage1-steps", &c.stage1_steps, "stage 1 optimisation steps"},
      {"stage1-batch", &c.stage1_batch, "stage 1 batch size"},
      {"stage1-lr", &c.stage1_lr, "stage 1 peak learning rate"},
      {"stage1-sigma-min", &c.stage1_sigma_min, "stage 1 smallest noise (pixels in [-1, 1])"},
      {"stage1-sigma-max", &c.stage1_sigma_max, "stage 1 largest noise; log-uniform in between"},
      {"denoiser", &c.denoiser,
       "latent denoiser: auto (transformer over the latent pixels), mlp or transformer"},
      {"denoiser-hidden", &c.denoiser_hidden, "latent denoiser width"},
      {"denoiser-layers", &c.denoiser_layers, "latent denoiser blocks"},
      {"heads", &c.heads, "attention heads of the Transformer denoiser"},
      {"stage2-steps", &c.stage2_steps, "stage 2 optimisation steps"},
      {"stage2-batch", &c.stage2_batch, "stage 2 batch size"},
      {"stage2-lr", &c.stage2_lr, "stage 2 peak learning rate"},
      {"ema-decay", &c.ema_decay, "EMA decay of the latent denoiser"},
  };
  add_loop_fields(fields, c);  // seed: also Stacked MNIST's draws
  fields.insert(fields.end(), {{"sampler", &c.sampler, "default sampler: ddpm, ddim or heun"},
                               {"sampler-steps", &c.sampler_steps, "default sampler steps"}});
  return fields;
}

}  // namespace

void describe_image_config(po::options_description& options, ImageConfig& config) {
  describe_fields(options, fields(config));
}

void write_image_config(const ImageConfig& config, const std::string& path) {
  ImageConfig copy = config;
  write_fields(path, "sild image model configuration; pass back with --config to train the same model again",
               fields(copy));
}

void read_image_config(const std::string& path, ImageConfig& config) {
  read_fields(path, fields(config), "see 'sild images train --help' for the keys");
}

Json image_config_json(const ImageConfig& config) {
  ImageConfig copy = config;
  return fields_json(fields(copy));
}

std::string image_config_table(const ImageConfig& config) {
  ImageConfig copy = config;
  return fields_table(fields(copy));
}

std::pair<int64_t, int64_t> image_dataset_shape(const std::string& dataset) {
  if (dataset == "mnist" || dataset == "fashion-mnist") return {1, 28};
  if (dataset == "stacked-mnist") return {3, 28};
  if (dataset == "celeba") return {3, 64};
  throw ConfigError("--dataset must be stacked-mnist, mnist, fashion-mnist or celeba, not '" + dataset + "'");
}

int64_t resolved_image_size(const ImageConfig& config) {
  return config.image_size > 0 ? config.image_size : image_dataset_shape(config.dataset).second;
}

void validate(const ImageConfig& c) {
  const auto [channels, native] = image_dataset_shape(c.dataset);
  models::method_from_string(c.method);
  models::sampler_kind_from_string(c.sampler);
  models::precision_from_string(c.precision);
  if (c.denoiser != "auto" && c.denoiser != "mlp" && c.denoiser != "transformer") {
    throw ConfigError("--denoiser must be auto, mlp or transformer");
  }
  if (c.image_size != 0 && c.dataset != "celeba") {
    throw ConfigError("--image-size applies to celeba only (" + c.dataset + " images are " +
                      std::to_string(native) + " pixels)");
  }
  const int64_t size = resolved_image_size(c);
  if (c.levels < 0 || c.levels > 6 || size % (int64_t{1} << c.levels) != 0) {
    throw ConfigError(
        fmt::format("--levels {}: the image side {} must be divisible by 2^levels", c.levels, size));
  }
  for (const auto& [key, value] : {std::pair<const char*, double>{"width", static_cast<double>(c.width)},
                                   {"latent-channels", static_cast<double>(c.latent_channels)},
                                   {"stage1-batch", static_cast<double>(c.stage1_batch)},
                                   {"stage2-batch", static_cast<double>(c.stage2_batch)},
                                   {"stage1-lr", c.stage1_lr},
                                   {"stage2-lr", c.stage2_lr},
                                   {"stage1-sigma-min", c.stage1_sigma_min},
                                   {"denoiser-hidden", static_cast<double>(c.denoiser_hidden)},
                                   {"heads", static_cast<double>(c.heads)},
                                   {"log-interval", static_cast<double>(c.log_interval)},
                                   {"sampler-steps", static_cast<double>(c.sampler_steps)}}) {
    if (!(value > 0)) throw ConfigError(std::string("--") + key + " must be > 0");
  }
  if (c.denoiser_hidden % c.heads != 0) throw ConfigError("--denoiser-hidden must be divisible by --heads");
  if (c.eval_interval < 0) throw ConfigError("--eval-interval must be >= 0 (0: only at the end)");
  if (c.checkpoint_interval < 0) throw ConfigError("--checkpoint-interval must be >= 0 (0: only at the end)");
  if (c.stage1_sigma_max < c.stage1_sigma_min)
    throw ConfigError("--stage1-sigma-max must be >= --stage1-sigma-min");
  if (c.stage1_steps < 0 || c.stage2_steps < 0 || c.train_limit < 0)
    throw ConfigError("step counts and limits must be >= 0");
  if (c.ema_decay < 0 || c.ema_decay >= 1) throw ConfigError("--ema-decay must be in [0, 1)");
}

models::ImageAutoencoderOptions image_autoencoder_options(const ImageConfig& c) {
  return models::ImageAutoencoderOptions(image_dataset_shape(c.dataset).first, resolved_image_size(c))
      .width(c.width)
      .levels(c.levels)
      .latent_channels(c.latent_channels)
      .variational(models::method_from_string(c.method) == models::Method::kVaeLdm);
}

models::LatentDenoiserOptions image_denoiser_options(const ImageConfig& c) {
  const int64_t side = resolved_image_size(c) >> c.levels;
  return models::LatentDenoiserOptions(side * side, c.latent_channels)
      .architecture(c.denoiser)
      .hidden(c.denoiser_hidden)
      .layers(c.denoiser_layers)
      .heads(c.heads);
}

models::ImageStage1Options image_stage1_options(const ImageConfig& c) {
  models::ImageStage1Options options;
  options.method = models::method_from_string(c.method);
  options.loop = loop_options(c, c.stage1_steps, c.stage1_batch, c.stage1_lr, c.seed);
  options.sigma.sigma_min = c.stage1_sigma_min;
  options.sigma.sigma_max = c.stage1_sigma_max;
  options.vae_beta = c.vae_beta;
  return options;
}

models::Stage2Options image_stage2_options(const ImageConfig& c) {
  models::Stage2Options options;
  options.loop = loop_options(c, c.stage2_steps, c.stage2_batch, c.stage2_lr, c.seed + 1);
  options.ema_decay = c.ema_decay;
  return options;
}

models::SamplerOptions image_sampler_options(const ImageConfig& c) {
  models::SamplerOptions options;
  options.kind = models::sampler_kind_from_string(c.sampler);
  options.steps = c.sampler_steps;
  const auto stage2 = image_stage2_options(c);
  options.sigma_min = stage2.sigma.sigma_min;
  options.sigma_max = stage2.sigma.sigma_max;
  return options;
}

}  // namespace sild::core
