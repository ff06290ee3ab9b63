// Stage 1: train the bottleneck denoiser G∘E. SiLD uses denoising score matching at small noise
// (σ ~ log-uniform[σ_min, σ_1], no KL); the VAE-LDM baseline uses the reparameterised encoder
// with β·KL and clean inputs. Everything else — data order, optimiser, schedule — is shared.
#pragma once

#include <c10/core/Device.h>

#include <string>

#include "models/molecule_autoencoder.h"
#include "models/noise_schedule.h"
#include "models/training.h"

namespace sild::models {

enum class Method { kSild, kVaeLdm };
Method method_from_string(const std::string& name);  ///< sild | vae-ldm
std::string to_string(Method method);

struct Stage1Options {
  Method method = Method::kSild;
  TrainLoopOptions loop;
  /// SiLD's small-noise range, in units of the ambient per-coordinate scale.
  SigmaSamplingOptions sigma{SigmaDistribution::kLogUniform, 0.05, 0.5};
  double vae_beta = 1e-3;  ///< KL weight of the VAE-LDM baseline
  /// SiLD only, > 0: the decoder reads E(x_σ) + τ·u·std(E)·ε with u ~ U(0, 1) per row and std
  /// the batch's per-coordinate spread (LatentNoise). 0: the plain bottleneck denoiser.
  double latent_noise = 0;
  /// > 0: length-bucketed batches (bucketed_batch_indices with pools of this many batches), each
  /// cut to its longest sequence before the step, so little work goes into PAD positions. Needs
  /// the causal decoder (then the cut changes no logit of the kept positions). 0: full length.
  int64_t length_buckets = 0;
};

/// Trains `model` (built with variational = (method == kVaeLdm)) and reports through `observer`.
TrainResult train_stage1(MoleculeAutoencoder& model, const TokenData& train, const TokenData& validation,
                         const Stage1Options& options, const c10::Device& device,
                         const TrainObserver& observer);

/// Mean validation metrics of a Stage-1 model on clean inputs: loss, token and sequence accuracy
/// (with length_buckets, over each batch cut to its longest molecule, as training sees it), and
/// molecule accuracy: the share whose non-PAD positions are all right, i.e. whose decoded token
/// sequence is the input's (PAD positions after EOS are never read).
std::vector<std::pair<std::string, double>> evaluate_stage1(MoleculeAutoencoder& model, const TokenData& data,
                                                            const Stage1Options& options,
                                                            const c10::Device& device);

}  // namespace sild::models
