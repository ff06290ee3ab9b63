// The training objectives, one function each, so trainers stay short and tests can check the
// formulas directly:
//   Stage 1 SiLD:  CE(G(E(embed(x) + σε)), x) at small σ (denoising score matching for tokens);
//   Stage 1 VAE:   CE(G(μ + e^{logσ²/2}ε), x) + β·KL(q(z|x) ‖ N(0, I)), no input noise;
//   Stage 2:       w(σ)·‖D(z + σε, σ) − z‖² on standardised latents.
#pragma once

#include <ATen/Tensor.h>

#include "models/latent_denoiser.h"
#include "models/molecule_autoencoder.h"
#include "models/noise_schedule.h"

namespace sild::models {

struct Stage1Batch {
  at::Tensor tokens;   ///< [B, L] int64
  at::Tensor padding;  ///< [B, L] bool, true = PAD
};

struct Stage1Losses {
  at::Tensor loss;               ///< scalar to minimise
  at::Tensor reconstruction;     ///< scalar cross-entropy per token
  at::Tensor kl;                 ///< scalar KL per sample (VAE; 0 for SiLD)
  double token_accuracy = 0;     ///< fraction of positions whose argmax equals the token
  double sequence_accuracy = 0;  ///< fraction of sequences reconstructed exactly
};

/// Optional noise on the latent the decoder sees: z + scale_i * std(z) * noise, with std(z) the
/// batch's per-coordinate standard deviation (detached), so the encoder cannot outgrow it.
struct LatentNoise {
  at::Tensor scale;  ///< [B] relative noise level of each row
  at::Tensor noise;  ///< [B, m, c] standard normal
};

/// SiLD Stage 1: `sigma` [B] noise levels in units of the ambient per-coordinate scale; with
/// `latent`, the decoder reads a perturbed latent (a decoder that tolerates the Stage-2 prior's
/// small errors, see docs/method.md).
Stage1Losses sild_stage1_loss(MoleculeAutoencoder& model, const Stage1Batch& batch, const at::Tensor& sigma,
                              const at::Tensor& noise, const LatentNoise* latent = nullptr);
/// VAE-LDM Stage 1 with KL weight `beta`; `noise` draws the reparameterised sample.
Stage1Losses vae_stage1_loss(MoleculeAutoencoder& model, const Stage1Batch& batch, double beta,
                             const at::Tensor& noise);

/// Stage 2 on standardised latents z0 [B, m, c]: returns the weighted mean squared error.
at::Tensor stage2_loss(LatentDenoiser& denoiser, const at::Tensor& z0, const at::Tensor& sigma,
                       const at::Tensor& noise, LossWeighting weighting);

/// Per-position argmax accuracy and exact-sequence accuracy of logits [B, L, V] against tokens [B, L].
std::pair<double, double> reconstruction_accuracy(const at::Tensor& logits, const at::Tensor& tokens);

}  // namespace sild::models
