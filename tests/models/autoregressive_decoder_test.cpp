// The autoregressive decoder: a position's logits read the tokens before it and none after it,
// and a trained tiny model's sequences decode exactly by greedy decoding precisely when teacher
// forcing gets every position right (what Stage-1 validation's molecule accuracy relies on).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "models/losses.h"
#include "models/molecule_autoencoder.h"

namespace sild::models {
namespace {

constexpr int64_t kVocab = 10;
constexpr int64_t kLength = 12;

MoleculeAutoencoderOptions tiny_autoregressive() {
  return MoleculeAutoencoderOptions(kVocab, kLength)
      .ambient_dim(16)
      .model_dim(64)
      .heads(4)
      .encoder_layers(2)
      .decoder_layers(2)
      .latent_tokens(2)
      .latent_channels(8)
      .autoregressive_decoder(true);
}

/// BOS, 3..9 random tokens, EOS, then PAD (ids 1, 2, 0 as in chem::Vocabulary).
Stage1Batch random_batch(int64_t n) {
  auto tokens = torch::randint(3, kVocab, {n, kLength}, torch::kLong);
  auto lengths = torch::randint(3, kLength - 1, {n}, torch::kLong);  // tokens between BOS and EOS
  auto positions = torch::arange(kLength).unsqueeze(0);
  tokens.masked_fill_(positions.eq(lengths.unsqueeze(1) + 1), 2);
  auto padding = positions > (lengths.unsqueeze(1) + 1);
  tokens.masked_fill_(padding, 0);
  tokens.index_put_({torch::indexing::Slice(), 0}, 1);
  return {tokens, padding};
}

TEST(AutoregressiveDecoderTest, APositionReadsTheTokensBeforeItAndNoneAfter) {
  torch::manual_seed(3);
  MoleculeAutoencoder model(tiny_autoregressive());
  model->eval();
  torch::NoGradGuard no_grad;
  auto z = torch::randn({4, 2, 8});
  auto tokens = random_batch(4).tokens;
  auto changed = tokens.clone();
  changed.select(1, 5).copy_((tokens.select(1, 5) + 1) % kVocab);  // position 5's token differs
  auto a = model->decode(z, kLength, tokens);
  auto b = model->decode(z, kLength, changed);
  // Positions 0..5 read tokens 0..4 only: unchanged. Position 6 reads token 5: changed.
  EXPECT_TRUE(torch::allclose(a.slice(1, 0, 6), b.slice(1, 0, 6), 1e-5, 1e-6));
  EXPECT_GT((a.select(1, 6) - b.select(1, 6)).abs().max().item<double>(), 1e-4);
  // Decoding a prefix gives that prefix's logits (what greedy decoding and length buckets use).
  EXPECT_TRUE(torch::allclose(model->decode(z, 7, tokens), a.slice(1, 0, 7), 1e-5, 1e-6));
  EXPECT_THROW(model->decode(z, kLength), c10::Error);  // no previous tokens
}

TEST(AutoregressiveDecoderTest, CachedGreedyDecodingEqualsRerunningTheWholePrefix) {
  torch::manual_seed(5);
  MoleculeAutoencoder model(tiny_autoregressive().pad_id(-1));  // no early stop: all L positions
  model->eval();
  torch::NoGradGuard no_grad;
  auto z = 3.0 * torch::randn({64, 2, 8});  // an untrained G: varied, arbitrary paths
  auto reference = torch::zeros({64, kLength}, torch::kLong);
  for (int64_t t = 0; t < kLength; ++t) {
    auto logits = model->decode(z, t + 1, reference.slice(1, 0, t));
    reference.select(1, t).copy_(logits.select(1, t).argmax(-1));
  }
  auto cached = model->decode_tokens(z);
  EXPECT_TRUE(cached.equal(reference));
  EXPECT_GT(std::get<0>(at::_unique(reference.select(1, kLength - 1))).numel(), 1);  // paths differ
}

TEST(AutoregressiveDecoderTest, GreedyDecodingIsExactWhenAndOnlyWhenTeacherForcingIs) {
  torch::manual_seed(4);
  torch::set_num_threads(1);
  MoleculeAutoencoder model(tiny_autoregressive());
  auto batch = random_batch(48);
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(2e-3).weight_decay(0.0));
  auto decode_both = [&] {
    torch::NoGradGuard no_grad;
    model->eval();
    auto latent = model->encode(model->embed(batch.tokens), batch.padding).mean;
    auto forced = model->decode(latent, kLength, batch.tokens).argmax(-1);
    auto greedy = model->decode_tokens(latent);
    model->train();
    return std::pair{forced, greedy};
  };
  // Train until at least half the sequences come back under teacher forcing, and stop there:
  // the check below is strongest while some rows are still wrong.
  int64_t exact_rows = 0;
  for (int step = 1; step <= 800 && exact_rows < 24; ++step) {
    auto losses = sild_stage1_loss(model, batch, torch::full({48}, 0.05), torch::randn({48, kLength, 16}));
    optimizer.zero_grad();
    losses.loss.backward();
    optimizer.step();
    if (step % 10 == 0) exact_rows = decode_both().first.eq(batch.tokens).all(1).sum().item<int64_t>();
  }
  ASSERT_GE(exact_rows, 24) << "the tiny model did not learn the sequences";
  auto [forced, greedy] = decode_both();
  EXPECT_TRUE(forced.eq(batch.tokens).all(1).equal(greedy.eq(batch.tokens).all(1)));
}

}  // namespace
}  // namespace sild::models
