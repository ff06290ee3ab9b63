// Named random streams. Every random draw in sild comes from `step_generator(seed, step, stream)`
// with one of these names. The generator state is an injective function of (step, stream) for a
// given seed (steps below kMaxStreamSteps), so two uses can never share random numbers by
// accident (tests/models/random_streams_test.cpp checks a large range exhaustively).
#pragma once

#include <ATen/Tensor.h>

#include <cstdint>

namespace sild::models {

enum class RandomStream : uint8_t {
  kTrainingStep,        ///< the per-step draws of a training loop (noise, σ, dropout)
  kValidation,          ///< fixed noise of held-out losses (indexed by validation batch)
  kBatchOrder,          ///< the permutation of each epoch (indexed by epoch)
  kValidationSplit,     ///< which molecules are held out for validation
  kMoleculeSampling,    ///< Stage-2 noise of molecule sampling (indexed by sampling batch)
  kImageSampling,       ///< Stage-2 noise of image sampling (indexed by sampling batch)
  kAugmentShift,        ///< digit classifier: random shifts of a training batch
  kDropout,             ///< digit classifier and CharRNN: dropout masks of a training batch
  kManifoldChart,       ///< synthetic manifold: embedding, mixture means and weights
  kManifoldSample,      ///< synthetic manifold: points drawn from the mixture
  kManifoldTraining,    ///< synthetic manifold: Stage-1 batches and noise
  kManifoldRank,        ///< synthetic manifold: noisy points of the Jacobian rank measurement
  kManifoldError,       ///< synthetic manifold: noise of the normalised-error measurement
  kSlicedProjections,   ///< random directions of the sliced Wasserstein distance
  kLatentGeneration,    ///< synthetic manifold: SiLD Stage-2 training and sampling
  kAmbientGeneration,   ///< synthetic manifold: the ambient baseline's training and sampling
  kManifoldValidation,  ///< synthetic manifold: fixed noise of the Stage-1 validation loss
  kBucketOrder,         ///< length-bucketed batches: the order of an epoch's batches (indexed by epoch)
};

/// Steps (or batches, or epochs) per stream that are guaranteed distinct: 2^24.
constexpr int64_t kMaxStreamSteps = int64_t{1} << 24;

/// The 32 bits that fix a CPU generator's state (LibTorch's mt19937 uses only the low 32 bits
/// of its seed): a bijection of (stream, step) for a given seed. Throws for step outside
/// [0, kMaxStreamSteps).
uint32_t stream_seed(uint64_t seed, int64_t step, RandomStream stream);

/// The CPU generator of one (seed, step, stream). Draw on it and move the tensor to its device:
/// results then do not depend on the device.
at::Generator step_generator(uint64_t seed, int64_t step, RandomStream stream);

/// Standard normal noise of `shape` drawn on the CPU `generator` (float32) and moved to the
/// device and dtype of `options`: the numbers for a given generator state are the same on every
/// device. An undefined generator means LibTorch's global CPU generator.
at::Tensor normal_noise(at::IntArrayRef shape, at::Generator generator, const at::TensorOptions& options);

}  // namespace sild::models
