// Stage-1 trainer: batch order is a pure function of the step; a stopped-and-resumed run
// continues the loss trajectory of an uninterrupted one; the method must match the model.
#include "models/stage1_trainer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "common/errors.h"
#include "test_support.h"

namespace sild::models {
namespace {

MoleculeAutoencoderOptions tiny(bool variational = false) {
  return MoleculeAutoencoderOptions(9, 10)
      .ambient_dim(8)
      .model_dim(32)
      .heads(2)
      .encoder_layers(1)
      .decoder_layers(1)
      .latent_channels(8)
      .variational(variational);
}

TokenData random_data(int64_t n) {
  auto tokens = torch::randint(4, 9, {n, 10}, torch::kLong);
  auto padding = torch::zeros({n, 10}, torch::kBool);
  padding.index_put_({torch::indexing::Slice(), torch::indexing::Slice(7)}, true);
  tokens.masked_fill_(padding, 0);
  return {tokens, padding};
}

TEST(Stage1TrainerTest, BatchOrderIsAPureFunctionOfTheStep) {
  EXPECT_TRUE(torch::equal(batch_indices(100, 16, 3, 7), batch_indices(100, 16, 3, 7)));
  EXPECT_FALSE(torch::equal(batch_indices(100, 16, 3, 7), batch_indices(100, 16, 4, 7)));
  // One epoch (6 full batches of 16 out of 100) visits distinct molecules.
  std::vector<at::Tensor> epoch;
  for (int64_t step = 0; step < 6; ++step) epoch.push_back(batch_indices(100, 16, 3, step));
  EXPECT_EQ(std::get<0>(torch::_unique(torch::cat(epoch))).size(0), 96);
  EXPECT_EQ(batch_indices(5, 16, 0, 0).size(0), 5);  // small data: the whole set
}

std::vector<double> run(const TokenData& data, Stage1Options options, int stop_at, bool resume,
                        TrainResult* result_out = nullptr) {
  torch::manual_seed(11);
  MoleculeAutoencoder model(tiny());
  std::vector<double> losses;
  int steps_seen = 0;
  options.loop.resume = resume;
  options.loop.should_stop = [&] { return stop_at > 0 && steps_seen >= stop_at; };
  auto observer = [&](const TrainEvent& event) {
    if (event.validation) return;
    losses.push_back(event.values[0].second);
    steps_seen = static_cast<int>(event.step);
  };
  auto result = train_stage1(model, data, data, options, torch::kCPU, observer);
  if (result_out != nullptr) *result_out = result;
  return losses;
}

TEST(Stage1TrainerTest, AResumedRunContinuesTheLossTrajectoryExactly) {
  torch::set_num_threads(1);
  auto data = random_data(48);
  auto dir = test::temp_dir("stage1-resume");
  Stage1Options options;
  options.loop.steps = 24;
  options.loop.batch_size = 8;
  options.loop.log_interval = 1;
  options.loop.eval_interval = 0;
  options.loop.checkpoint_interval = 0;
  options.loop.lr.warmup_steps = 4;
  options.loop.seed = 5;

  options.loop.checkpoint_path = (dir / "straight.pt").string();
  auto straight = run(data, options, 0, false);
  ASSERT_EQ(straight.size(), 24u);

  options.loop.checkpoint_path = (dir / "resumed.pt").string();
  TrainResult first;
  auto head = run(data, options, 10, false, &first);
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.steps_done, 10);
  TrainResult second;
  auto tail = run(data, options, 0, true, &second);
  EXPECT_EQ(second.resumed_from, 10);
  ASSERT_EQ(head.size() + tail.size(), straight.size());
  for (size_t i = 0; i < head.size(); ++i) EXPECT_DOUBLE_EQ(head[i], straight[i]) << "step " << i + 1;
  for (size_t i = 0; i < tail.size(); ++i) {
    EXPECT_NEAR(tail[i], straight[head.size() + i], 1e-6) << "step " << head.size() + i + 1;
  }
}

TEST(Stage1TrainerTest, TheMethodMustMatchTheEncoderHead) {
  auto data = random_data(8);
  MoleculeAutoencoder model(tiny(false));
  Stage1Options options;
  options.method = Method::kVaeLdm;
  options.loop.steps = 1;
  EXPECT_THROW(train_stage1(model, data, data, options, torch::kCPU, nullptr), ConfigError);
  EXPECT_THROW(method_from_string("gan"), ConfigError);
  Stage1Options empty;
  EXPECT_THROW(train_stage1(model, TokenData{}, data, empty, torch::kCPU, nullptr), ConfigError);
}

TEST(Stage1TrainerTest, TheVaeBaselineTrainsAndReportsKl) {
  torch::manual_seed(0);
  auto data = random_data(16);
  MoleculeAutoencoder model(tiny(true));
  Stage1Options options;
  options.method = Method::kVaeLdm;
  options.loop.steps = 3;
  options.loop.batch_size = 8;
  options.loop.log_interval = 1;
  double kl = -1;
  auto result = train_stage1(model, data, data, options, torch::kCPU, [&](const TrainEvent& event) {
    for (const auto& [name, value] : event.values) {
      if (name == "kl") kl = value;
    }
  });
  EXPECT_EQ(result.steps_done, 3);
  EXPECT_GT(kl, 0.0);
  ASSERT_EQ(result.final_validation.size(), 4u);  // loss, token, sequence and molecule accuracy
}

}  // namespace
}  // namespace sild::models

namespace sild::models {
namespace {

TEST(TrainLoopOptionsTest, IntervalsAreValidatedWithTheFlagName) {
  TrainLoopOptions loop;
  EXPECT_NO_THROW(validate(loop));
  auto message = [](TrainLoopOptions bad) {
    try {
      validate(bad);
    } catch (const ConfigError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  TrainLoopOptions zero_log = loop;
  zero_log.log_interval = 0;  // used to divide by zero in the loop
  EXPECT_NE(message(zero_log).find("--log-interval is 0"), std::string::npos) << message(zero_log);
  TrainLoopOptions negative_eval = loop;
  negative_eval.eval_interval = -5;
  EXPECT_NE(message(negative_eval).find("--eval-interval"), std::string::npos);
  TrainLoopOptions negative_checkpoint = loop;
  negative_checkpoint.checkpoint_interval = -1;
  EXPECT_NE(message(negative_checkpoint).find("--checkpoint-interval"), std::string::npos);
  TrainLoopOptions zero_eval_batches = loop;
  zero_eval_batches.eval_batches = 0;
  EXPECT_NE(message(zero_eval_batches).find("--eval-batches"), std::string::npos);
}

}  // namespace
}  // namespace sild::models
