// TrainConfig binding, config.ini I/O and conversion to the models/ option structs.
#include "src/molecules/train_config.h"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "src/util/config_file.h"
#include "src/util/loop_options.h"
#include "src/util/option_value.h"

namespace sild::core {

namespace po = boost::program_options;

void describe_train_config(po::options_description& options, TrainConfig& c) {
  // clang-format off
  options.add_options()
    ("repr", value_with_default(&c.representation), "token representation: selfies or smiles")
    ("max-length", value_with_default(&c.max_length), "sequence length L incl. BOS/EOS; 0 = longest training molecule + 2")
    ("validation-fraction", value_with_default(&c.validation_fraction), "share of the training file held out for validation when the dataset has no valid.smi")
    ("ambient-dim", value_with_default(&c.ambient_dim), "width of the fixed token embedding (the ambient space)")
    ("one-hot", value_with_default(&c.one_hot), "use one-hot tokens as the ambient space")
    ("model-dim", value_with_default(&c.model_dim), "Transformer width of encoder and decoder")
    ("heads", value_with_default(&c.heads), "attention heads")
    ("encoder-layers", value_with_default(&c.encoder_layers), "encoder Transformer blocks")
    ("decoder-layers", value_with_default(&c.decoder_layers), "decoder Transformer blocks")
    ("latent-tokens", value_with_default(&c.latent_tokens), "m, latent tokens")
    ("latent-channels", value_with_default(&c.latent_channels), "c, channels per latent token")
    ("dropout", value_with_default(&c.dropout), "dropout in every Transformer block")
    ("method", value_with_default(&c.method), "sild, or vae-ldm for the VAE baseline")
    ("vae-beta", value_with_default(&c.vae_beta), "KL weight of the VAE baseline")
    ("stage1-steps", value_with_default(&c.stage1_steps), "stage 1 optimisation steps")
    ("stage1-batch", value_with_default(&c.stage1_batch), "stage 1 batch size (global, over all processes)")
    ("stage1-lr", value_with_default(&c.stage1_lr), "stage 1 peak learning rate")
    ("stage1-sigma-min", value_with_default(&c.stage1_sigma_min), "stage 1 smallest noise (per ambient coordinate)")
    ("stage1-sigma-max", value_with_default(&c.stage1_sigma_max), "stage 1 largest noise; sigma ~ log-uniform in between")
    ("denoiser", value_with_default(&c.denoiser), "latent denoiser: auto (mlp for m = 1), mlp or transformer")
    ("denoiser-hidden", value_with_default(&c.denoiser_hidden), "latent denoiser width")
    ("denoiser-layers", value_with_default(&c.denoiser_layers), "latent denoiser blocks")
    ("stage2-steps", value_with_default(&c.stage2_steps), "stage 2 optimisation steps")
    ("stage2-batch", value_with_default(&c.stage2_batch), "stage 2 batch size")
    ("stage2-lr", value_with_default(&c.stage2_lr), "stage 2 peak learning rate")
    ("stage2-sigma", value_with_default(&c.stage2_sigma), "stage 2 noise distribution: log-normal, log-uniform or vp-cosine")
    ("stage2-sigma-min", value_with_default(&c.stage2_sigma_min), "stage 2 smallest noise")
    ("stage2-sigma-max", value_with_default(&c.stage2_sigma_max), "stage 2 largest noise")
    ("loss-weighting", value_with_default(&c.loss_weighting), "stage 2 loss weight: edm, uniform or inverse-sigma2")
    ("ema-decay", value_with_default(&c.ema_decay), "EMA decay of the latent denoiser weights")
    ("warmup-steps", value_with_default(&c.warmup_steps), "linear learning-rate warm-up steps (both stages)")
    ("weight-decay", value_with_default(&c.weight_decay), "AdamW weight decay")
    ("grad-clip", value_with_default(&c.grad_clip), "max gradient norm, 0 = off")
    ("log-interval", value_with_default(&c.log_interval), "steps between progress lines")
    ("eval-interval", value_with_default(&c.eval_interval), "steps between validations")
    ("checkpoint-interval", value_with_default(&c.checkpoint_interval), "steps between checkpoints")
    ("seed", value_with_default(&c.seed), "seed of weights, data order and noise")
    ("precision", value_with_default(&c.precision), "fp32, or bf16 (autocast on CUDA; fp32 master weights)")
    ("sampler", value_with_default(&c.sampler), "default sampler stored with the model: ddpm, ddim or heun")
    ("sampler-steps", value_with_default(&c.sampler_steps), "default sampler steps")
    ("schedule", value_with_default(&c.schedule), "sampling noise schedule: karras or vp-cosine")
    ("eta", value_with_default(&c.eta), "DDIM eta (0 deterministic, 1 = DDPM posterior)");
  // clang-format on
}

void write_train_config(const TrainConfig& c, const std::string& path) {
  AtomicFile file(path);
  auto& out = file.stream();
  out << "# sild model configuration; pass back with --config to train the same model again\n";
  auto line = [&](const char* key, const auto& value) { out << key << " = " << value << "\n"; };
  line("repr", c.representation);
  line("max-length", c.max_length);
  line("validation-fraction", fmt::format("{}", c.validation_fraction));
  line("ambient-dim", c.ambient_dim);
  line("one-hot", c.one_hot ? "true" : "false");
  line("model-dim", c.model_dim);
  line("heads", c.heads);
  line("encoder-layers", c.encoder_layers);
  line("decoder-layers", c.decoder_layers);
  line("latent-tokens", c.latent_tokens);
  line("latent-channels", c.latent_channels);
  line("dropout", fmt::format("{}", c.dropout));
  line("method", c.method);
  line("vae-beta", fmt::format("{}", c.vae_beta));
  line("stage1-steps", c.stage1_steps);
  line("stage1-batch", c.stage1_batch);
  line("stage1-lr", fmt::format("{}", c.stage1_lr));
  line("stage1-sigma-min", fmt::format("{}", c.stage1_sigma_min));
  line("stage1-sigma-max", fmt::format("{}", c.stage1_sigma_max));
  line("denoiser", c.denoiser);
  line("denoiser-hidden", c.denoiser_hidden);
  line("denoiser-layers", c.denoiser_layers);
  line("stage2-steps", c.stage2_steps);
  line("stage2-batch", c.stage2_batch);
  line("stage2-lr", fmt::format("{}", c.stage2_lr));
  line("stage2-sigma", c.stage2_sigma);
  line("stage2-sigma-min", fmt::format("{}", c.stage2_sigma_min));
  line("stage2-sigma-max", fmt::format("{}", c.stage2_sigma_max));
  line("loss-weighting", c.loss_weighting);
  line("ema-decay", fmt::format("{}", c.ema_decay));
  line("warmup-steps", c.warmup_steps);
  line("weight-decay", fmt::format("{}", c.weight_decay));
  line("grad-clip", fmt::format("{}", c.grad_clip));
  line("log-interval", c.log_interval);
  line("eval-interval", c.eval_interval);
  line("checkpoint-interval", c.checkpoint_interval);
  line("seed", c.seed);
  line("precision", c.precision);
  line("sampler", c.sampler);
  line("sampler-steps", c.sampler_steps);
  line("schedule", c.schedule);
  line("eta", fmt::format("{}", c.eta));
  file.commit();
}

void read_train_config(const std::string& path, TrainConfig& config) {
  po::options_description options;
  describe_train_config(options, config);
  po::variables_map values;
  parse_config_file(path, options, values, "see 'sild train --help' for the keys");
}

void validate(const TrainConfig& c) {
  auto positive = [](const char* key, double value) {
    if (!(value > 0)) throw ConfigError(std::string("--") + key + " must be > 0");
  };
  representation_of(c);
  models::method_from_string(c.method);
  models::sigma_distribution_from_string(c.stage2_sigma);
  models::loss_weighting_from_string(c.loss_weighting);
  models::sampler_kind_from_string(c.sampler);
  models::schedule_kind_from_string(c.schedule);
  models::precision_from_string(c.precision);
  if (c.denoiser != "auto" && c.denoiser != "mlp" && c.denoiser != "transformer") {
    throw ConfigError("--denoiser must be auto, mlp or transformer");
  }
  if (c.max_length < 0) throw ConfigError("--max-length must be >= 0");
  if (c.validation_fraction < 0 || c.validation_fraction >= 1)
    throw ConfigError("--validation-fraction must be in [0, 1)");
  positive("ambient-dim", static_cast<double>(c.ambient_dim));
  positive("model-dim", static_cast<double>(c.model_dim));
  positive("heads", static_cast<double>(c.heads));
  if (c.model_dim % c.heads != 0) throw ConfigError("--model-dim must be divisible by --heads");
  positive("latent-tokens", static_cast<double>(c.latent_tokens));
  positive("latent-channels", static_cast<double>(c.latent_channels));
  positive("stage1-batch", static_cast<double>(c.stage1_batch));
  positive("stage2-batch", static_cast<double>(c.stage2_batch));
  positive("stage1-lr", c.stage1_lr);
  positive("stage2-lr", c.stage2_lr);
  positive("stage1-sigma-min", c.stage1_sigma_min);
  positive("stage2-sigma-min", c.stage2_sigma_min);
  positive("log-interval", static_cast<double>(c.log_interval));
  positive("sampler-steps", static_cast<double>(c.sampler_steps));
  if (c.stage1_sigma_max < c.stage1_sigma_min)
    throw ConfigError("--stage1-sigma-max must be >= --stage1-sigma-min");
  if (c.stage2_sigma_max < c.stage2_sigma_min)
    throw ConfigError("--stage2-sigma-max must be >= --stage2-sigma-min");
  if (c.stage1_steps < 0 || c.stage2_steps < 0) throw ConfigError("step counts must be >= 0");
  if (c.eval_interval < 0) throw ConfigError("--eval-interval must be >= 0 (0: only at the end)");
  if (c.checkpoint_interval < 0) throw ConfigError("--checkpoint-interval must be >= 0 (0: only at the end)");
  if (c.ema_decay < 0 || c.ema_decay >= 1) throw ConfigError("--ema-decay must be in [0, 1)");
  if (c.eta < 0 || c.eta > 1) throw ConfigError("--eta must be in [0, 1]");
}

chem::Representation representation_of(const TrainConfig& config) {
  return chem::representation_from_string(config.representation);
}

models::MoleculeAutoencoderOptions autoencoder_options(const TrainConfig& c, int64_t vocab_size,
                                                       int64_t max_length) {
  return models::MoleculeAutoencoderOptions(vocab_size, max_length)
      .ambient_dim(c.ambient_dim)
      .one_hot(c.one_hot)
      .model_dim(c.model_dim)
      .heads(c.heads)
      .encoder_layers(c.encoder_layers)
      .decoder_layers(c.decoder_layers)
      .latent_tokens(c.latent_tokens)
      .latent_channels(c.latent_channels)
      .dropout(c.dropout)
      .variational(models::method_from_string(c.method) == models::Method::kVaeLdm)
      .embedding_seed(static_cast<int64_t>(c.seed));
}

models::LatentDenoiserOptions denoiser_options(const TrainConfig& c) {
  return models::LatentDenoiserOptions(c.latent_tokens, c.latent_channels)
      .architecture(c.denoiser)
      .hidden(c.denoiser_hidden)
      .layers(c.denoiser_layers)
      .heads(c.heads)
      .dropout(c.dropout);
}

models::Stage1Options stage1_options(const TrainConfig& c) {
  models::Stage1Options options;
  options.method = models::method_from_string(c.method);
  options.loop = loop_options(c, c.stage1_steps, c.stage1_batch, c.stage1_lr, c.seed);
  options.sigma.distribution = models::SigmaDistribution::kLogUniform;
  options.sigma.sigma_min = c.stage1_sigma_min;
  options.sigma.sigma_max = c.stage1_sigma_max;
  options.vae_beta = c.vae_beta;
  return options;
}

models::Stage2Options stage2_options(const TrainConfig& c) {
  models::Stage2Options options;
  options.loop =
      loop_options(c, c.stage2_steps, c.stage2_batch, c.stage2_lr, c.seed + 1);  // its own noise stream
  options.sigma.distribution = models::sigma_distribution_from_string(c.stage2_sigma);
  options.sigma.sigma_min = c.stage2_sigma_min;
  options.sigma.sigma_max = c.stage2_sigma_max;
  options.weighting = models::loss_weighting_from_string(c.loss_weighting);
  options.ema_decay = c.ema_decay;
  return options;
}

models::SamplerOptions sampler_options(const TrainConfig& c) {
  models::SamplerOptions options;
  options.kind = models::sampler_kind_from_string(c.sampler);
  options.steps = c.sampler_steps;
  options.schedule = models::schedule_kind_from_string(c.schedule);
  options.sigma_min = c.stage2_sigma_min;
  options.sigma_max = c.stage2_sigma_max;
  options.eta = c.eta;
  return options;
}

}  // namespace sild::core
