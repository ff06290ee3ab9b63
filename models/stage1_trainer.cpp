// The Stage-1 training loop: setup, loop (maybe-eval, step, maybe-log, maybe-checkpoint),
// teardown. Batches and noise are fixed functions of (seed, step), so a resumed run continues
// exactly where the checkpoint left off.
#include "models/stage1_trainer.h"

#include "common/errors.h"
#include "models/losses.h"
#include "models/train_loop.h"

namespace sild::models {
namespace {

constexpr const char* kCheckpointKind = "stage1";

/// The rows `indices` on `device`; with `trim`, cut (on the CPU) to their longest sequence.
Stage1Batch take(const TokenData& data, const at::Tensor& indices, const c10::Device& device,
                 bool trim = false) {
  auto rows = take_rows(data, indices, trim ? 1 : 0);
  return {to_device(rows.tokens, device), to_device(rows.padding, device)};
}

/// Noise is drawn for the whole global batch (`global` rows) and this process keeps rows
/// [first, last), so data-parallel processes see exactly the noise of a single process.
Stage1Losses step_losses(MoleculeAutoencoder& model, const Stage1Batch& batch, const Stage1Options& options,
                         at::Generator generator, int64_t global, int64_t first, int64_t last) {
  const auto device = batch.tokens.device();
  if (options.method == Method::kVaeLdm) {
    auto noise =
        torch::randn({global, model->options.latent_tokens(), model->options.latent_channels()}, generator);
    return vae_stage1_loss(model, batch, options.vae_beta, to_device(noise.slice(0, first, last), device));
  }
  auto uniform = torch::rand({global}, generator, torch::kDouble).slice(0, first, last).contiguous();
  auto sigma = torch::empty({last - first}, torch::kDouble);
  auto u = uniform.accessor<double, 1>();
  auto s = sigma.accessor<double, 1>();
  for (int64_t i = 0; i < last - first; ++i) s[i] = sigma_from_uniform(options.sigma, u[i]);
  // Drawn at full length and cut: a trimmed batch sees the noise of the same positions untrimmed.
  auto noise = torch::randn({global, model->options.max_length(), model->ambient_dim()}, generator);
  noise = to_device(noise.slice(0, first, last).slice(1, 0, batch.tokens.size(1)), device);
  if (options.latent_noise <= 0) {
    return sild_stage1_loss(model, batch, to_device(sigma.to(torch::kFloat), device), noise);
  }
  // Drawn after the ambient noise, so runs without latent noise draw exactly what they did.
  auto scale = options.latent_noise * torch::rand({global}, generator).slice(0, first, last);
  auto latent =
      torch::randn({global, model->options.latent_tokens(), model->options.latent_channels()}, generator);
  LatentNoise perturbation{to_device(scale, device), to_device(latent.slice(0, first, last), device)};
  return sild_stage1_loss(model, batch, to_device(sigma.to(torch::kFloat), device), noise, &perturbation);
}

}  // namespace

Method method_from_string(const std::string& name) {
  if (name == "sild") return Method::kSild;
  if (name == "vae-ldm") return Method::kVaeLdm;
  throw ConfigError("--method must be sild or vae-ldm, not '" + name + "'");
}

std::string to_string(Method method) { return method == Method::kSild ? "sild" : "vae-ldm"; }

std::vector<std::pair<std::string, double>> evaluate_stage1(MoleculeAutoencoder& model, const TokenData& data,
                                                            const Stage1Options& options,
                                                            const c10::Device& device) {
  torch::NoGradGuard no_grad;
  bool was_training = model->is_training();
  model->eval();
  double loss = 0, token = 0, sequence = 0, molecule = 0, count = 0;
  const int64_t batch_size = options.loop.batch_size;
  const int64_t batches = std::min(options.loop.eval_batches, (data.size() + batch_size - 1) / batch_size);
  for (int64_t b = 0; b < batches; ++b) {
    auto indices = torch::arange(b * batch_size, std::min(data.size(), (b + 1) * batch_size), torch::kLong);
    // Cut like the training batches when they are cut: positions past a batch's longest molecule
    // are never trained then (and never read when decoding, which stops at EOS).
    auto batch = take(data, indices, device, options.length_buckets > 0);
    // Reconstruction G(E(x)) of clean inputs (the VAE uses its mean).
    auto latent = model->encode(model->embed(batch.tokens), batch.padding).mean;
    auto logits = model->decode(latent, batch.tokens.size(1), batch.tokens);
    double n = static_cast<double>(indices.size(0));
    loss += n * torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                                     batch.tokens.reshape({-1}))
                    .item<double>();
    auto [t, s] = reconstruction_accuracy(logits, batch.tokens);
    token += n * t;
    sequence += n * s;
    // The molecule comes back exactly when every non-PAD position (EOS included) is right: what
    // decoding reads (it stops at the first EOS), whatever the PAD positions after it hold.
    molecule += logits.argmax(-1).eq(batch.tokens).logical_or(batch.padding).all(1).sum().item<double>();
    count += n;
  }
  if (was_training) model->train();
  if (count == 0) return {};
  return {{"loss", loss / count},
          {"token_accuracy", token / count},
          {"sequence_accuracy", sequence / count},
          {"molecule_accuracy", molecule / count}};
}

TrainResult train_stage1(MoleculeAutoencoder& model, const TokenData& train, const TokenData& validation,
                         const Stage1Options& options, const c10::Device& device,
                         const TrainObserver& observer) {
  const auto& loop = options.loop;
  if (train.size() == 0) throw ConfigError("stage 1: the training set is empty");
  if (loop.batch_size % loop.world_size != 0) {
    throw ConfigError("stage 1: the batch size must be divisible by the number of processes");
  }
  if ((options.method == Method::kVaeLdm) != model->options.variational()) {
    throw ConfigError("stage 1: the model's encoder head does not match --method " +
                      to_string(options.method));
  }
  if (options.length_buckets < 0) throw ConfigError("--length-buckets must be >= 0");
  if (options.latent_noise < 0) throw ConfigError("--stage1-latent-noise must be >= 0");
  if (options.length_buckets > 0 && !model->causal()) {
    throw ConfigError("--length-buckets needs --causal-decoder (the cut must not change the kept logits)");
  }
  model->to(device);
  model->train();
  TrainLoopHooks hooks;
  hooks.stage = "stage1";
  const bool trim = options.length_buckets > 0;
  at::Tensor lengths;
  if (trim) {
    lengths = train.padding.logical_not().sum(1);
    hooks.batch_indices = [&](int64_t step) {
      return bucketed_batch_indices(lengths, loop.batch_size, options.length_buckets, loop.seed, step);
    };
  }
  hooks.checkpoint_kind = kCheckpointKind;
  hooks.rows = train.size();
  hooks.nan_hint = "lower the learning rate or raise the noise floor";
  hooks.on_start = [&](int64_t) { model->to(device); };
  hooks.step_loss = [&](const at::Tensor& indices, int64_t, at::Generator generator, int64_t global,
                        int64_t first, int64_t last) {
    auto losses =
        step_losses(model, take(train, indices, device, trim), options, generator, global, first, last);
    return StepLoss{losses.loss,
                    {{"reconstruction", losses.reconstruction.item<double>()},
                     {"kl", losses.kl.item<double>()},
                     {"token_accuracy", losses.token_accuracy}}};
  };
  hooks.validate = [&] {
    return evaluate_stage1(model, validation.size() > 0 ? validation : train, options, device);
  };
  auto result = run_train_loop(*model, loop, hooks, observer);
  model->eval();
  return result;
}

}  // namespace sild::models
