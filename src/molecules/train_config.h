// Everything that defines a trained model and how it was trained, as one struct with defaults.
// The same Boost.Program_options description binds command-line flags and `config.ini` keys to
// its fields, so `--help` shows the real defaults, a typo in a config file is an error naming
// the key, and the model directory's config.ini can be fed back with --config.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "chem/vocabulary.h"
#include "common/json.h"
#include "models/char_rnn_trainer.h"
#include "models/latent_denoiser.h"
#include "models/molecule_autoencoder.h"
#include "models/sampler.h"
#include "models/stage1_trainer.h"
#include "models/stage2_trainer.h"

namespace sild::core {

struct TrainConfig {
  // data
  std::string representation = "selfies";  ///< selfies | smiles
  int64_t max_length = 0;                  ///< 0 = longest training sequence + 2
  double validation_fraction = 0.05;  ///< held out from the training file when the dataset has no valid.smi
  // networks
  int64_t ambient_dim = 64;
  bool one_hot = false;
  int64_t model_dim = 256;
  int64_t heads = 4;
  int64_t encoder_layers = 3;
  int64_t decoder_layers = 3;
  int64_t latent_tokens = 1;
  int64_t latent_channels = 64;
  bool causal_decoder = false;
  bool autoregressive_decoder = false;
  double dropout = 0.0;
  std::string method = "sild";  ///< sild | vae-ldm | charrnn
  double vae_beta = 1e-3;
  // the CharRNN baseline (--method charrnn; MOSES's defaults)
  int64_t charrnn_hidden = 768;
  int64_t charrnn_layers = 3;
  double charrnn_dropout = 0.2;
  int64_t charrnn_steps = 10000;
  int64_t charrnn_batch = 64;
  double charrnn_lr = 1e-3;
  // stage 1
  int64_t stage1_steps = 5000;
  int64_t stage1_batch = 128;
  double stage1_lr = 5e-4;
  double stage1_sigma_min = 0.05;
  double stage1_sigma_max = 0.5;
  int64_t length_buckets = 0;
  double stage1_latent_noise = 0;  ///< τ of models::Stage1Options::latent_noise (sild only)
  // stage 2
  std::string denoiser = "auto";  ///< auto | mlp | transformer
  int64_t denoiser_hidden = 512;
  int64_t denoiser_layers = 4;
  int64_t stage2_steps = 5000;
  int64_t stage2_batch = 256;
  double stage2_lr = 5e-4;
  std::string stage2_sigma = "log-normal";  ///< log-normal | log-uniform | vp-cosine
  double stage2_sigma_min = 0.002;
  double stage2_sigma_max = 80.0;
  std::string loss_weighting = "edm";
  double ema_decay = 0.999;
  // loop
  int64_t warmup_steps = 200;
  double weight_decay = 0.01;
  double grad_clip = 1.0;
  int64_t log_interval = 50;
  int64_t eval_interval = 500;
  int64_t checkpoint_interval = 500;
  uint64_t seed = 0;
  std::string precision = "fp32";  ///< fp32 | bf16 (CUDA autocast)
  // sampling defaults stored with the model
  std::string sampler = "ddim";
  int64_t sampler_steps = 50;
  std::string schedule = "karras";
  double eta = 0.0;
};

/// Binds every TrainConfig field to `options` (flag name = key name with '-').
void describe_train_config(boost::program_options::options_description& options, TrainConfig& config);

/// The resolved configuration as JSON (the store's run row) and as aligned lines (the log).
Json train_config_json(const TrainConfig& config);
std::string train_config_table(const TrainConfig& config);

/// Writes config.ini atomically: every key with its value, readable by read_train_config.
void write_train_config(const TrainConfig& config, const std::string& path);
/// Reads a config.ini into `config` (unknown or malformed keys: sild::ConfigError naming the file).
void read_train_config(const std::string& path, TrainConfig& config);

/// Checks ranges and names; throws sild::ConfigError with the offending key.
void validate(const TrainConfig& config);

/// The keys that fix a trained model's networks and token space (representation, L, widths,
/// depths, latent shape, method, denoiser form). Fine-tuning (`--init`) keeps them.
const std::vector<std::string>& network_keys();
/// The network keys whose values differ between `a` and `b`, in table order.
std::vector<std::string> network_differences(const TrainConfig& a, const TrainConfig& b);
/// Copies the network keys of `from` into `into`; every other key of `into` stays.
void keep_network(const TrainConfig& from, TrainConfig& into);

chem::Representation representation_of(const TrainConfig& config);
/// True for --method charrnn (a language model: no latent space, no stages).
bool is_char_rnn(const TrainConfig& config);
models::MoleculeAutoencoderOptions autoencoder_options(const TrainConfig& config, int64_t vocab_size,
                                                       int64_t max_length);
models::LatentDenoiserOptions denoiser_options(const TrainConfig& config);
models::Stage1Options stage1_options(const TrainConfig& config);
models::Stage2Options stage2_options(const TrainConfig& config);
models::SamplerOptions sampler_options(const TrainConfig& config);
models::CharRnnOptions char_rnn_options(const TrainConfig& config, int64_t vocab_size);
models::CharRnnTrainOptions char_rnn_train_options(const TrainConfig& config);

}  // namespace sild::core
