// TrainConfig's field table (flags, config.ini, JSON, log table) and conversion to the models/
// option structs.
#include "src/molecules/train_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <variant>

#include "common/errors.h"
#include "src/util/config_fields.h"
#include "src/util/loop_options.h"
#include "src/util/option_value.h"

namespace sild::core {

namespace po = boost::program_options;

ConfigFields train_config_fields(TrainConfig& c) {
  ConfigFields fields{
      {"repr", &c.representation, "token representation: selfies or smiles"},
      {"max-length", &c.max_length, "sequence length L incl. BOS/EOS; 0 = longest training molecule + 2"},
      {"validation-fraction", &c.validation_fraction,
       "share of the training file held out for validation when the dataset has no valid.smi"},
      {"ambient-dim", &c.ambient_dim, "width of the fixed token embedding (the ambient space)"},
      {"one-hot", &c.one_hot, "use one-hot tokens as the ambient space"},
      {"model-dim", &c.model_dim, "Transformer width of encoder and decoder"},
      {"heads", &c.heads, "attention heads"},
      {"encoder-layers", &c.encoder_layers, "encoder Transformer blocks"},
      {"decoder-layers", &c.decoder_layers, "decoder Transformer blocks"},
      {"latent-tokens", &c.latent_tokens, "m, latent tokens"},
      {"latent-channels", &c.latent_channels, "c, channels per latent token"},
      {"causal-decoder", &c.causal_decoder,
       "causal self-attention in the decoder (a position's logits ignore the positions after it)"},
      {"autoregressive-decoder", &c.autoregressive_decoder,
       "the decoder also reads the tokens before each position and decodes greedily, left to right "
       "(implies causal-decoder)"},
      {"dropout", &c.dropout, "dropout in every Transformer block"},
      {"method", &c.method, "sild, vae-ldm for the VAE baseline, or charrnn for MOSES's CharRNN baseline"},
      {"vae-beta", &c.vae_beta, "KL weight of the VAE baseline"},
      {"charrnn-hidden", &c.charrnn_hidden, "CharRNN LSTM width"},
      {"charrnn-layers", &c.charrnn_layers, "CharRNN LSTM layers"},
      {"charrnn-dropout", &c.charrnn_dropout, "CharRNN dropout between LSTM layers"},
      {"charrnn-steps", &c.charrnn_steps, "CharRNN optimisation steps"},
      {"charrnn-batch", &c.charrnn_batch, "CharRNN batch size"},
      {"charrnn-lr", &c.charrnn_lr, "CharRNN peak learning rate"},
      {"stage1-steps", &c.stage1_steps, "stage 1 optimisation steps"},
      {"stage1-batch", &c.stage1_batch, "stage 1 batch size (global, over all processes)"},
      {"stage1-lr", &c.stage1_lr, "stage 1 peak learning rate"},
      {"stage1-sigma-min", &c.stage1_sigma_min, "stage 1 smallest noise (per ambient coordinate)"},
      {"stage1-sigma-max", &c.stage1_sigma_max, "stage 1 largest noise; sigma ~ log-uniform in between"},
      {"stage1-latent-noise", &c.stage1_latent_noise,
       "stage 1 (sild): the decoder reads E(x_sigma) + tau*u*std(E)*noise, u ~ U(0,1) per molecule, std "
       "per latent coordinate over the batch; tau > 0 makes G tolerate the stage-2 prior's small errors"},
      {"length-buckets", &c.length_buckets,
       "stage 1: batches of similar length from pools of this many batches, each cut to its longest "
       "molecule (needs causal-decoder); 0 = every batch at full length"},
      {"denoiser", &c.denoiser, "latent denoiser: auto (mlp for m = 1), mlp or transformer"},
      {"denoiser-hidden", &c.denoiser_hidden, "latent denoiser width"},
      {"denoiser-layers", &c.denoiser_layers, "latent denoiser blocks"},
      {"stage2-steps", &c.stage2_steps, "stage 2 optimisation steps"},
      {"stage2-batch", &c.stage2_batch, "stage 2 batch size"},
      {"stage2-lr", &c.stage2_lr, "stage 2 peak learning rate"},
      {"stage2-sigma", &c.stage2_sigma, "stage 2 noise distribution: log-normal, log-uniform or vp-cosine"},
      {"stage2-sigma-min", &c.stage2_sigma_min, "stage 2 smallest noise"},
      {"stage2-sigma-max", &c.stage2_sigma_max, "stage 2 largest noise"},
      {"loss-weighting", &c.loss_weighting, "stage 2 loss weight: edm, uniform or inverse-sigma2"},
      {"ema-decay", &c.ema_decay, "EMA decay of the latent denoiser weights"},
  };
  add_loop_fields(fields, c);
  fields.insert(fields.end(),
                {{"sampler", &c.sampler, "default sampler stored with the model: ddpm, ddim or heun"},
                 {"sampler-steps", &c.sampler_steps, "default sampler steps"},
                 {"schedule", &c.schedule, "sampling noise schedule: karras or vp-cosine"},
                 {"eta", &c.eta, "DDIM eta (0 deterministic, 1 = DDPM posterior)"}});
  return fields;
}

void describe_train_config(po::options_description& options, TrainConfig& c) {
  describe_fields(options, train_config_fields(c));
}

void write_train_config(const TrainConfig& config, const std::string& path) {
  TrainConfig copy = config;
  write_fields(path, "sild model configuration; pass back with --config to train the same model again",
               train_config_fields(copy));
}

void read_train_config(const std::string& path, TrainConfig& config) {
  read_fields(path, train_config_fields(config), "see 'sild train --help' for the keys");
}

Json train_config_json(const TrainConfig& config) {
  TrainConfig copy = config;
  return fields_json(train_config_fields(copy));
}

std::string train_config_table(const TrainConfig& config) {
  TrainConfig copy = config;
  return fields_table(train_config_fields(copy));
}

void validate(const TrainConfig& c) {
  auto positive = [](const char* key, double value) {
    if (!(value > 0)) throw ConfigError(std::string("--") + key + " must be > 0");
  };
  representation_of(c);
  if (!is_char_rnn(c)) models::method_from_string(c.method);
  models::sigma_distribution_from_string(c.stage2_sigma);
  models::loss_weighting_from_string(c.loss_weighting);
  models::sampler_kind_from_string(c.sampler);
  models::schedule_kind_from_string(c.schedule);
  models::precision_from_string(c.precision);
  if (c.denoiser != "auto" && c.denoiser != "mlp" && c.denoiser != "transformer") {
    throw ConfigError("--denoiser must be auto, mlp or transformer");
  }
  if (c.max_length < 0) throw ConfigError("--max-length must be >= 0");
  if (c.length_buckets < 0) throw ConfigError("--length-buckets must be >= 0");
  if (c.stage1_latent_noise < 0) throw ConfigError("--stage1-latent-noise must be >= 0");
  if (c.length_buckets > 0 && !c.causal_decoder && !c.autoregressive_decoder)
    throw ConfigError("--length-buckets needs --causal-decoder");
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
  positive("charrnn-hidden", static_cast<double>(c.charrnn_hidden));
  positive("charrnn-layers", static_cast<double>(c.charrnn_layers));
  positive("charrnn-batch", static_cast<double>(c.charrnn_batch));
  positive("charrnn-lr", c.charrnn_lr);
  if (c.charrnn_steps < 0) throw ConfigError("step counts must be >= 0");
  if (c.charrnn_dropout < 0 || c.charrnn_dropout >= 1)
    throw ConfigError("--charrnn-dropout must be in [0, 1)");
}

bool is_char_rnn(const TrainConfig& config) { return config.method == "charrnn"; }

const std::vector<std::string>& network_keys() {
  static const std::vector<std::string> keys = {
      "repr",           "max-length",     "ambient-dim",           "one-hot",         "model-dim",
      "heads",          "encoder-layers", "decoder-layers",        "latent-tokens",   "latent-channels",
      "method",         "denoiser",       "denoiser-hidden",       "denoiser-layers", "charrnn-hidden",
      "charrnn-layers", "causal-decoder", "autoregressive-decoder"};
  return keys;
}

std::vector<std::string> network_differences(const TrainConfig& a, const TrainConfig& b) {
  const Json left = train_config_json(a);
  const Json right = train_config_json(b);
  std::vector<std::string> differ;
  for (const auto& key : network_keys()) {
    if (left.at(key) != right.at(key)) differ.push_back(key);
  }
  return differ;
}

void keep_network(const TrainConfig& from, TrainConfig& into) {
  TrainConfig source = from;
  const ConfigFields from_fields = train_config_fields(source);
  const ConfigFields into_fields = train_config_fields(into);
  const auto& keys = network_keys();
  for (size_t i = 0; i < into_fields.size(); ++i) {
    if (std::find(keys.begin(), keys.end(), into_fields[i].key) == keys.end()) continue;
    std::visit(
        [&](auto* target) {
          using Field = std::remove_pointer_t<decltype(target)>;
          *target = *std::get<Field*>(from_fields[i].value);
        },
        into_fields[i].value);
  }
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
      .causal_decoder(c.causal_decoder)
      .autoregressive_decoder(c.autoregressive_decoder)
      .pad_id(chem::Vocabulary::kPad)
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
  options.length_buckets = c.length_buckets;
  options.latent_noise = c.stage1_latent_noise;
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

models::CharRnnOptions char_rnn_options(const TrainConfig& c, int64_t vocab_size) {
  static_assert(chem::Vocabulary::kPad == 0 && chem::Vocabulary::kBos == 1 && chem::Vocabulary::kEos == 2,
                "CharRnnOptions' default special ids are the vocabulary's");
  return models::CharRnnOptions(vocab_size)
      .hidden(c.charrnn_hidden)
      .layers(c.charrnn_layers)
      .dropout(c.charrnn_dropout)
      .pad_id(chem::Vocabulary::kPad)
      .bos_id(chem::Vocabulary::kBos)
      .eos_id(chem::Vocabulary::kEos);
}

models::CharRnnTrainOptions char_rnn_train_options(const TrainConfig& c) {
  models::CharRnnTrainOptions options;
  options.loop = loop_options(c, c.charrnn_steps, c.charrnn_batch, c.charrnn_lr, c.seed);
  options.loop.weight_decay = 0.0;  // MOSES trains it with plain Adam
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
