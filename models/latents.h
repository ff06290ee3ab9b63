// Score-induced latents: encoding a data set with the frozen Stage-1 encoder at σ = 0 (the VAE
// uses its mean), and the per-channel statistics that standardise them for Stage 2.
#pragma once

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <string>

#include "models/molecule_autoencoder.h"
#include "models/training.h"

namespace sild::models {

struct LatentStatistics {
  at::Tensor mean;                                        ///< [m, c]
  at::Tensor std;                                         ///< [m, c], floored at 1e-6
  at::Tensor standardise(const at::Tensor& z) const;      ///< (z − mean)/std, z [B, m, c]
  at::Tensor unstandardise(const at::Tensor& z) const;    ///< z·std + mean
  void save(const std::string& path) const;               ///< atomic; throws IoError
  static LatentStatistics load(const std::string& path);  ///< throws InputError when unusable
};

/// E(x) for every molecule, in batches under NoGradGuard; returns [N, m, c] on the CPU, rows in the
/// order of `data`. Batches group molecules of similar length, cut to the longest of them.
at::Tensor encode_latents(MoleculeAutoencoder& model, const TokenData& data, const c10::Device& device,
                          int64_t batch_size = 256);

/// Per-channel mean and std over the first dimension of latents [N, m, c].
LatentStatistics latent_statistics(const at::Tensor& latents);

/// Per-channel mean and std pooled over samples and tokens ([1, c], broadcast over the m
/// tokens): for spatial latents, whose tokens are pixels, so that near-constant border pixels are
/// not blown up to unit variance.
LatentStatistics channel_statistics(const at::Tensor& latents);

}  // namespace sild::models
