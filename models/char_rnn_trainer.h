// Training the CharRNN baseline with the shared loop (models/train_loop.h): teacher forcing on
// the training sequences, validation cross-entropy and perplexity on held-out ones. The same
// determinism contract as the SiLD stages: batches are functions of (seed, step).
#pragma once

#include <c10/core/Device.h>

#include <string>
#include <utility>
#include <vector>

#include "models/char_rnn.h"
#include "models/training.h"

namespace sild::models {

struct CharRnnTrainOptions {
  TrainLoopOptions loop;
};

/// Trains `model` on `train` ([N, L] ids; the padding mask is not used) and reports through `observer`.
TrainResult train_char_rnn(CharRnn& model, const TokenData& train, const TokenData& validation,
                           const CharRnnTrainOptions& options, const c10::Device& device,
                           const TrainObserver& observer);

/// Mean next-token cross-entropy over the non-PAD targets of `data` (first eval_batches batches),
/// and its perplexity.
std::vector<std::pair<std::string, double>> evaluate_char_rnn(CharRnn& model, const TokenData& data,
                                                              const CharRnnTrainOptions& options,
                                                              const c10::Device& device);

}  // namespace sild::models
