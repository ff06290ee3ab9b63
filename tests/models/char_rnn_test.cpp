// The CharRNN baseline: the loss ignores padding, training learns a small language, sampling is a
// function of the seed alone and yields well-formed sequences (BOS first, PAD only after EOS,
// never PAD or BOS drawn), and a resumed run continues the uninterrupted one exactly.
#include "models/char_rnn.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "models/char_rnn_trainer.h"
#include "models/random_streams.h"
#include "test_support.h"

namespace sild::models {
namespace {

// ids: 0 PAD, 1 BOS, 2 EOS, 3 UNK, 4.. tokens.
TokenData sequences(const std::vector<std::vector<int64_t>>& rows, int64_t length) {
  auto tokens = torch::zeros({static_cast<int64_t>(rows.size()), length}, torch::kLong);
  for (size_t r = 0; r < rows.size(); ++r) {
    tokens[static_cast<int64_t>(r)][0] = 1;
    for (size_t i = 0; i < rows[r].size(); ++i)
      tokens[static_cast<int64_t>(r)][static_cast<int64_t>(i + 1)] = rows[r][i];
    tokens[static_cast<int64_t>(r)][static_cast<int64_t>(rows[r].size() + 1)] = 2;
  }
  return {tokens, tokens.eq(0)};
}

const std::vector<std::vector<int64_t>> kLanguage = {{4, 5, 6}, {4, 5, 5, 6}, {7, 7}, {6, 4}};

CharRnnOptions tiny() { return CharRnnOptions(8).hidden(32).layers(2).dropout(0.1); }

CharRnnTrainOptions train_options(int64_t steps) {
  CharRnnTrainOptions options;
  options.loop.steps = steps;
  options.loop.batch_size = 16;
  options.loop.lr.peak = 1e-2;
  options.loop.lr.min = 1e-3;
  options.loop.lr.warmup_steps = 5;
  options.loop.log_interval = 1;
  options.loop.eval_interval = 0;
  options.loop.checkpoint_interval = 10;
  options.loop.seed = 5;
  return options;
}

TEST(CharRnnTest, TakeRowsCutsToTheLongestSequence) {
  auto data = sequences({{4, 5}, {4}}, 10);
  auto both = torch::arange(2, torch::kLong);
  EXPECT_EQ(take_rows(data, both, 2).tokens.size(1), 4);  // BOS 4 5 EOS
  EXPECT_EQ(take_rows(data, torch::tensor({1}, torch::kLong), 2).tokens.size(1), 3);
  EXPECT_EQ(take_rows(data, both).tokens.size(1), 10);  // no cut
  EXPECT_EQ(take_rows(sequences({{}}, 6), torch::tensor({0}, torch::kLong), 2).tokens.size(1), 2);
}

TEST(CharRnnTest, LossIgnoresPaddingTargets) {
  torch::manual_seed(1);
  CharRnn model(tiny());
  model->eval();
  auto short_rows = sequences({{4, 5, 6}}, 5).tokens;
  auto padded = sequences({{4, 5, 6}}, 9).tokens;  // same sequence, more PAD
  EXPECT_NEAR(char_rnn_loss(model, short_rows).item<double>(), char_rnn_loss(model, padded).item<double>(),
              1e-6);
}

TEST(CharRnnTest, LearnsASmallLanguageAndSamplesWellFormedSequences) {
  torch::manual_seed(2);
  CharRnn model(tiny());
  auto data = sequences(kLanguage, 8);
  auto before = evaluate_char_rnn(model, data, train_options(1), torch::kCPU);
  auto result = train_char_rnn(model, data, data, train_options(300), torch::kCPU, {});
  EXPECT_EQ(result.steps_done, 300);
  const double loss = result.final_validation.at(0).second;
  EXPECT_LT(loss, 0.6);  // entropy of this language per token is ~0.45 nats; before training ~2
  EXPECT_GT(before.at(0).second, 1.5);

  auto ids =
      sample_char_rnn(model, 200, 8, step_generator(9, 0, RandomStream::kMoleculeSampling), torch::kCPU);
  auto again =
      sample_char_rnn(model, 200, 8, step_generator(9, 0, RandomStream::kMoleculeSampling), torch::kCPU);
  EXPECT_TRUE(torch::equal(ids, again));
  int in_language = 0;
  for (int64_t r = 0; r < ids.size(0); ++r) {
    auto row = ids[r];
    ASSERT_EQ(row[0].item<int64_t>(), 1);
    std::vector<int64_t> body;
    bool ended = false;
    for (int64_t t = 1; t < row.size(0); ++t) {
      const int64_t id = row[t].item<int64_t>();
      if (ended) {
        EXPECT_EQ(id, 0) << "only PAD after EOS";
        continue;
      }
      EXPECT_NE(id, 0) << "PAD drawn before EOS";
      EXPECT_NE(id, 1) << "BOS drawn";
      if (id == 2)
        ended = true;
      else
        body.push_back(id);
    }
    EXPECT_TRUE(ended) << "the last position ends every sequence";
    in_language += std::find(kLanguage.begin(), kLanguage.end(), body) != kLanguage.end() ? 1 : 0;
  }
  EXPECT_GT(in_language, 180);
}

TEST(CharRnnTest, ResumedRunContinuesTheUninterruptedOne) {
  const auto path = test::temp_dir("charrnn_resume") / "charrnn.ckpt";
  auto data = sequences(kLanguage, 8);
  auto losses_of = [&](int stop_at, bool resume) {
    torch::manual_seed(3);
    CharRnn model(tiny());
    auto options = train_options(30);
    options.loop.checkpoint_path = path.string();
    options.loop.resume = resume;
    std::vector<double> losses;
    int64_t seen = 0;
    options.loop.should_stop = [&] { return stop_at > 0 && seen >= stop_at; };
    train_char_rnn(model, data, data, options, torch::kCPU, [&](const TrainEvent& event) {
      if (event.validation) return;
      losses.push_back(event.values[0].second);
      seen = event.step;
    });
    return losses;
  };
  auto full = losses_of(0, false);
  std::filesystem::remove(path);
  auto first = losses_of(20, false);
  auto rest = losses_of(0, true);
  first.insert(first.end(), rest.begin(), rest.end());
  ASSERT_EQ(first.size(), full.size());
  for (size_t i = 0; i < full.size(); ++i) EXPECT_NEAR(first[i], full[i], 1e-5) << "step " << i;
}

}  // namespace
}  // namespace sild::models
