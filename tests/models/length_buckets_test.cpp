// Length-trimmed Stage 1: the causal decoder's logits for the first T positions do not depend on
// how many positions are decoded, the encoder's latent does not change when trailing PAD columns
// are cut (so encode_latents may batch a data set by length, rows kept in place), bucketed
// batches are a pure function of the step that visit each row at most once per epoch and group
// similar lengths, and a bucketed Stage 1 trains (and refuses a non-causal decoder).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <set>

#include "common/errors.h"
#include "models/latents.h"
#include "models/molecule_autoencoder.h"
#include "models/stage1_trainer.h"
#include "models/training.h"

namespace sild::models {
namespace {

MoleculeAutoencoderOptions small(bool causal) {
  return MoleculeAutoencoderOptions(12, 16)
      .ambient_dim(8)
      .model_dim(32)
      .heads(4)
      .encoder_layers(2)
      .decoder_layers(2)
      .latent_tokens(3)
      .latent_channels(4)
      .causal_decoder(causal);
}

/// Rows of random tokens (ids 4..11) of the given lengths, BOS/EOS around them, PAD after.
TokenData rows_of_lengths(const std::vector<int64_t>& lengths, int64_t width) {
  auto tokens = torch::zeros({static_cast<int64_t>(lengths.size()), width}, torch::kLong);
  for (size_t r = 0; r < lengths.size(); ++r) {
    auto row = tokens[static_cast<int64_t>(r)];
    row[0] = 1;
    row.slice(0, 1, lengths[r] + 1).copy_(torch::randint(4, 12, {lengths[r]}, torch::kLong));
    row[lengths[r] + 1] = 2;
  }
  return {tokens, tokens.eq(0)};
}

TEST(LengthBucketsTest, CausalDecoderLogitsDoNotDependOnTheDecodedLength) {
  torch::manual_seed(0);
  MoleculeAutoencoder causal(small(true));
  causal->eval();
  auto z = torch::randn({5, 3, 4});
  auto full = causal->decode(z);
  auto cut = causal->decode(z, 7);
  ASSERT_EQ(cut.size(1), 7);
  EXPECT_LT((cut - full.slice(1, 0, 7)).abs().max().item<double>(), 1e-5);
  // Without the causal mask the same cut changes the logits, and is refused.
  MoleculeAutoencoder plain(small(false));
  EXPECT_THROW(plain->decode(z, 7), c10::Error);
}

TEST(LengthBucketsTest, CuttingTrailingPadDoesNotChangeTheLatent) {
  torch::manual_seed(1);
  MoleculeAutoencoder model(small(true));
  model->eval();
  auto data = rows_of_lengths({3, 6, 2, 5}, 16);
  auto full = model->encode(model->embed(data.tokens), data.padding).mean;
  auto cut = model->encode(model->embed(data.tokens.slice(1, 0, 8)), data.padding.slice(1, 0, 8)).mean;
  EXPECT_TRUE(torch::allclose(full, cut, 1e-5, 1e-5));
}

TEST(LengthBucketsTest, EncodingADataSetByLengthKeepsEveryRowsLatentAndOrder) {
  // encode_latents batches molecules by length and cuts each batch; every row must come back in
  // its own place with the latent a full-width encoding of it alone gives.
  torch::manual_seed(2);
  MoleculeAutoencoder model(small(false));
  model->eval();
  auto data = rows_of_lengths({9, 2, 14, 5, 2, 11, 7, 3, 13}, 16);
  auto latents = encode_latents(model, data, torch::kCPU, /*batch_size=*/2);
  ASSERT_EQ(latents.sizes(), (std::vector<int64_t>{9, 3, 4}));
  torch::NoGradGuard no_grad;
  for (int64_t r = 0; r < data.size(); ++r) {
    auto row = data.tokens.slice(0, r, r + 1);
    auto alone = model->encode(model->embed(row), data.padding.slice(0, r, r + 1)).mean;
    EXPECT_TRUE(torch::allclose(latents[r], alone[0], 1e-5, 1e-5)) << "row " << r;
  }
  EXPECT_EQ(
      encode_latents(model, TokenData{data.tokens.slice(0, 0, 0), data.padding.slice(0, 0, 0)}, torch::kCPU)
          .size(0),
      0);
}

TEST(LengthBucketsTest, BucketedBatchesArePureCoverAnEpochAndGroupLengths) {
  const int64_t n = 1000, batch = 20;
  auto lengths = torch::randint(1, 60, {n}, torch::kLong);
  EXPECT_TRUE(torch::equal(bucketed_batch_indices(lengths, batch, 10, 3, 17),
                           bucketed_batch_indices(lengths, batch, 10, 3, 17)));
  std::set<int64_t> seen;
  double bucketed_spread = 0, plain_spread = 0;
  for (int64_t step = 0; step < n / batch; ++step) {
    auto indices = bucketed_batch_indices(lengths, batch, 10, 3, step);
    ASSERT_EQ(indices.size(0), batch);
    for (int64_t i = 0; i < batch; ++i) EXPECT_TRUE(seen.insert(indices[i].item<int64_t>()).second);
    auto l = lengths.index_select(0, indices);
    bucketed_spread += (l.max() - l.min()).item<double>();
    auto p = lengths.index_select(0, batch_indices(n, batch, 3, step));
    plain_spread += (p.max() - p.min()).item<double>();
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), n);  // one epoch visits every row once
  EXPECT_LT(bucketed_spread, 0.3 * plain_spread);
  // The next epoch is another arrangement.
  EXPECT_FALSE(torch::equal(bucketed_batch_indices(lengths, batch, 10, 3, 0),
                            bucketed_batch_indices(lengths, batch, 10, 3, n / batch)));
}

TEST(LengthBucketsTest, BucketedStage1TrainsAndNeedsTheCausalDecoder) {
  torch::manual_seed(2);
  std::vector<int64_t> lengths;
  for (int i = 0; i < 64; ++i) lengths.push_back(2 + i % 12);
  auto data = rows_of_lengths(lengths, 16);
  Stage1Options options;
  options.loop.steps = 60;
  options.loop.batch_size = 16;
  options.loop.lr.peak = 3e-3;
  options.loop.lr.warmup_steps = 5;
  options.loop.eval_interval = 0;
  options.loop.checkpoint_interval = 0;
  options.loop.log_interval = 10;
  options.length_buckets = 2;
  MoleculeAutoencoder model(small(true));
  auto before = evaluate_stage1(model, data, options, torch::kCPU);
  auto result = train_stage1(model, data, data, options, torch::kCPU, {});
  EXPECT_EQ(result.steps_done, 60);
  EXPECT_LT(result.final_validation.at(0).second, before.at(0).second);
  // Molecule accuracy ignores the PAD columns after EOS, so it is at least the sequence accuracy.
  ASSERT_EQ(result.final_validation.size(), 4u);
  EXPECT_EQ(result.final_validation[3].first, "molecule_accuracy");
  EXPECT_GE(result.final_validation[3].second, result.final_validation[2].second);
  MoleculeAutoencoder plain(small(false));
  EXPECT_THROW(train_stage1(plain, data, data, options, torch::kCPU, {}), ConfigError);
}

}  // namespace
}  // namespace sild::models
