// Stage 1 for images (docs/method.md, after the design §4): SiLD trains G∘E with squared error at small
// noise, ‖G(E(x + σε)) − x‖² with σ ~ log-uniform[σ_min, σ_1] and no KL; the LDM-CNN baseline trains the
// variational E with clean inputs, ‖G(μ + e^{logσ²/2}ε) − x‖² + β·KL. Both losses are per pixel
// (the KL is summed over the latent and divided by C·H·W), so β means the same at every size.
// The loop is the molecule Stage 1's: seeded batches and noise, AdamW, warm-up + cosine,
// clipping, resumable checkpoints; only the data and the loss differ.
#pragma once

#include <c10/core/Device.h>

#include "models/images/image_autoencoder.h"
#include "models/noise_schedule.h"
#include "models/stage1_trainer.h"  // Method
#include "models/training.h"

namespace sild::models {

struct ImageStage1Options {
  Method method = Method::kSild;
  TrainLoopOptions loop;
  /// SiLD's small-noise range, in pixel units of images in [-1, 1].
  SigmaSamplingOptions sigma{SigmaDistribution::kLogUniform, 0.01, 0.1};
  double vae_beta = 1e-3;  ///< KL weight of the baseline, per pixel
};

struct ImageStage1Losses {
  at::Tensor loss;            ///< scalar to minimise
  at::Tensor reconstruction;  ///< mean squared error per pixel (images in [-1, 1])
  at::Tensor kl;              ///< KL per pixel (baseline; 0 for SiLD)
};

/// SiLD: `sigma` [B] and `noise` [B, C, H, W]; the target is the clean image.
ImageStage1Losses sild_image_loss(ImageAutoencoder& model, const at::Tensor& images, const at::Tensor& sigma,
                                  const at::Tensor& noise);
/// Baseline: `noise` [B, c, h, w] draws the reparameterised latent.
ImageStage1Losses vae_image_loss(ImageAutoencoder& model, const at::Tensor& images, double beta,
                                 const at::Tensor& noise);

/// Trains on images [N, C, H, W] (float, in [-1, 1]); validation may be empty (then train is used).
TrainResult train_image_stage1(ImageAutoencoder& model, const at::Tensor& train, const at::Tensor& validation,
                               const ImageStage1Options& options, const c10::Device& device,
                               const TrainObserver& observer);

/// Reconstruction MSE per pixel of G(E(x)) on clean images, in [0, 1] units (the paper's
/// metric), over all of `images` in batches; the baseline uses its mean.
double image_reconstruction_mse(ImageAutoencoder& model, const at::Tensor& images, const c10::Device& device,
                                int64_t batch_size = 256);

/// E(x) of every image as latent tokens [N, h·w, c] on the CPU (one token per latent pixel),
/// the layout Stage 2's denoiser and statistics take.
at::Tensor encode_image_latents(ImageAutoencoder& model, const at::Tensor& images, const c10::Device& device,
                                int64_t batch_size = 256);
/// Latent tokens [B, h·w, c] back to the decoder's [B, c, h, w].
at::Tensor tokens_to_latent_map(const at::Tensor& tokens, const std::vector<int64_t>& latent_shape);

}  // namespace sild::models
