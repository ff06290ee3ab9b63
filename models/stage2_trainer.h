// Stage 2: with E and G frozen, train the latent denoiser F on standardised latents with the same
// DSM objective at moderate-to-large noise (a standard diffusion schedule over the latent), and
// keep an EMA of F's weights for sampling.
#pragma once

#include <c10/core/Device.h>

#include <string>

#include "models/latent_denoiser.h"
#include "models/noise_schedule.h"
#include "models/training.h"

namespace sild::models {

struct Stage2Options {
  TrainLoopOptions loop;
  SigmaSamplingOptions sigma{SigmaDistribution::kLogNormal, 0.002, 80.0, -1.2, 1.2};
  LossWeighting weighting = LossWeighting::kEdm;
  double ema_decay = 0.999;  ///< the EMA is stored in loop.checkpoint_path with the weights
};

/// Trains `denoiser` on standardised latents [N, m, c]; at the end `ema_denoiser` (same options)
/// holds the EMA weights. `validation` may be empty (then the training latents are used).
TrainResult train_stage2(LatentDenoiser& denoiser, LatentDenoiser& ema_denoiser, const at::Tensor& latents,
                         const at::Tensor& validation, const Stage2Options& options,
                         const c10::Device& device, const TrainObserver& observer);

/// Mean weighted DSM loss on fixed noise (seeded) over `latents`, for validation curves.
double evaluate_stage2(LatentDenoiser& denoiser, const at::Tensor& latents, const Stage2Options& options,
                       const c10::Device& device);

}  // namespace sild::models
