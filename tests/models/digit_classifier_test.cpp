// Digit classifier: learns an easily separable synthetic set, is deterministic for a seed,
// round-trips through a checkpoint, and rejects truncated or mismatched checkpoints and bad
// training options. Its >= 98% on real MNIST is a benchmark, not a unit test.
#include "models/images/digit_classifier.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "common/errors.h"
#include "test_support.h"

namespace sild::models {
namespace {

constexpr int64_t kSquare = 4;

/// Ten classes of 28x28 images: a bright 4x4 square at one of 5 columns x 2 rows (centres 5
/// pixels apart, so a ±2 pixel shift keeps classes apart), on a faintly noisy background.
std::pair<at::Tensor, at::Tensor> squares(int64_t per_class, uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  auto images = torch::rand({per_class * kDigitClasses, 1, kDigitSide, kDigitSide}, generator) * 0.2;
  auto labels = torch::arange(kDigitClasses, torch::kLong).repeat({per_class});  // [N]
  for (int64_t index = 0; index < images.size(0); ++index) {
    const int64_t label = labels[index].item<int64_t>();
    const int64_t column = 2 + 5 * (label % 5), row = 6 + 12 * (label / 5);
    images[index][0].narrow(0, row, kSquare).narrow(1, column, kSquare).fill_(1.0);
  }
  return {images, labels};
}

DigitClassifierOptions small() {
  return DigitClassifierOptions().conv1_channels(4).conv2_channels(8).hidden(16);
}

DigitClassifierTrainOptions quick(uint64_t seed = 0) {
  DigitClassifierTrainOptions options;
  options.steps = 200;
  options.batch_size = 32;
  options.lr.warmup_steps = 5;
  options.seed = seed;
  return options;
}

DigitClassifier trained(uint64_t init_seed, uint64_t train_seed, const at::Tensor& images,
                        const at::Tensor& labels) {
  torch::manual_seed(init_seed);
  DigitClassifier model(small());
  train_digit_classifier(model, images, labels, quick(train_seed));
  return model;
}

TEST(DigitClassifierTest, ForwardGivesTenLogitsPerImageAndChecksTheShape) {
  DigitClassifier model;
  EXPECT_EQ(model->forward(torch::rand({3, 1, 28, 28})).sizes(), (std::vector<int64_t>{3, 10}));
  EXPECT_THROW(model->forward(torch::rand({3, 3, 28, 28})), c10::Error);
  EXPECT_THROW(model->forward(torch::rand({3, 28, 28})), c10::Error);
}

TEST(DigitClassifierTest, LearnsASeparableSetAndGeneralisesToFreshNoise) {
  auto [train_images, train_labels] = squares(40, 1);
  auto [test_images, test_labels] = squares(20, 2);
  auto model = trained(0, 0, train_images, train_labels);
  EXPECT_FALSE(model->is_training());
  EXPECT_GT(accuracy(model, test_images, test_labels), 0.9);
}

TEST(DigitClassifierTest, TrainingIsDeterministicForASeedAndDependsOnIt) {
  auto [images, labels] = squares(20, 1);
  auto a = trained(0, 7, images, labels);
  auto b = trained(0, 7, images, labels);
  auto c = trained(0, 8, images, labels);
  auto pa = a->parameters(), pb = b->parameters(), pc = c->parameters();
  bool all_equal = true, any_differs = false;
  for (size_t index = 0; index < pa.size(); ++index) {
    all_equal = all_equal && torch::equal(pa[index], pb[index]);
    any_differs = any_differs || !torch::equal(pa[index], pc[index]);
  }
  EXPECT_TRUE(all_equal);
  EXPECT_TRUE(any_differs);
}

TEST(DigitClassifierTest, ReportsTheLossThroughTheObserver) {
  auto [images, labels] = squares(10, 1);
  torch::manual_seed(0);
  DigitClassifier model(small());
  auto options = quick();
  options.log_interval = 20;
  std::vector<int64_t> steps;
  auto result = train_digit_classifier(model, images, labels, options, [&](const TrainEvent& event) {
    EXPECT_EQ(event.stage, "digit-classifier");
    EXPECT_EQ(event.values.at(0).first, "loss");
    steps.push_back(event.step);
  });
  EXPECT_EQ(steps.size(), 10u);
  EXPECT_EQ(steps.back(), 200);
  EXPECT_EQ(result.steps_done, 200);
  EXPECT_TRUE(std::isfinite(result.final_loss));
  EXPECT_GT(result.seconds, 0.0);
}

TEST(DigitClassifierTest, RandomShiftTranslatesEachImageByAtMostTheShift) {
  auto images = torch::zeros({16, 1, 28, 28});
  images.narrow(2, 10, 5).narrow(3, 12, 3).fill_(1.0);  // away from the border, so nothing is cut off
  auto shifted = random_shift(images, 2, at::detail::createCPUGenerator(3));
  bool moved = false;
  for (int64_t index = 0; index < images.size(0); ++index) {
    bool matches_some_offset = false;
    for (int64_t dy = -2; dy <= 2; ++dy) {
      for (int64_t dx = -2; dx <= 2; ++dx) {
        if (torch::equal(shifted[index], torch::roll(images[index], {dy, dx}, {1, 2}))) {
          matches_some_offset = true;
          moved = moved || dy != 0 || dx != 0;
        }
      }
    }
    EXPECT_TRUE(matches_some_offset) << "image " << index;
  }
  EXPECT_TRUE(moved);
  EXPECT_TRUE(torch::equal(random_shift(images, 0, at::detail::createCPUGenerator(3)), images));
}

TEST(DigitClassifierTest, PredictionIsIndependentOfTheBatchSizeAndRestoresTrainingMode) {
  torch::manual_seed(0);
  DigitClassifier model(small());
  model->train();
  auto images = torch::rand({37, 1, 28, 28});
  auto whole = predict_digits(model, images);
  EXPECT_EQ(whole.scalar_type(), torch::kLong);
  EXPECT_EQ(whole.sizes(), (std::vector<int64_t>{37}));
  EXPECT_TRUE(torch::equal(predict_digits(model, images, 5), whole));
  EXPECT_TRUE(model->is_training());
  EXPECT_EQ(predict_digits(model, torch::rand({0, 1, 28, 28})).numel(), 0);
}

TEST(DigitClassifierTest, AccuracyIsTheFractionOfMatchingLabels) {
  auto labels = torch::tensor({1, 2, 3, 4}, torch::kLong);
  EXPECT_DOUBLE_EQ(accuracy(torch::tensor({1, 2, 0, 4}, torch::kLong), labels), 0.75);
  EXPECT_DOUBLE_EQ(accuracy(torch::empty({0}, torch::kLong), torch::empty({0}, torch::kLong)), 0.0);
}

TEST(DigitClassifierTest, SaveLoadRoundTripGivesIdenticalPredictions) {
  auto dir = test::temp_dir("digits");
  auto path = (dir / "classifier.pt").string();
  auto [images, labels] = squares(10, 1);
  auto model = trained(0, 0, images, labels);
  save_digit_classifier(model, path);
  auto loaded = load_digit_classifier(path, small());
  EXPECT_FALSE(loaded->is_training());
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(torch::equal(loaded->forward(images), model->forward(images)));
  EXPECT_TRUE(torch::equal(predict_digits(loaded, images), predict_digits(model, images)));
}

TEST(DigitClassifierTest, TruncatedMismatchedAndMissingCheckpointsAreClearErrors) {
  auto dir = test::temp_dir("digits-bad");
  auto path = (dir / "classifier.pt").string();
  DigitClassifier model(small());
  save_digit_classifier(model, path);

  auto truncated = (dir / "truncated.pt").string();
  std::filesystem::copy_file(path, truncated);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(path) / 2);
  try {
    load_digit_classifier(truncated, small());
    FAIL() << "truncated checkpoint accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(truncated), std::string::npos) << error.what();
  }
  EXPECT_THROW(load_digit_classifier(path, DigitClassifierOptions()), InputError);  // other sizes
  EXPECT_THROW(load_digit_classifier((dir / "missing.pt").string()), IoError);
}

TEST(DigitClassifierTest, BadTrainingOptionsAreConfigErrors) {
  auto [images, labels] = squares(2, 1);
  DigitClassifier model(small());
  auto options = quick();
  options.steps = 0;
  EXPECT_THROW(train_digit_classifier(model, images, labels, options), ConfigError);
  options = quick();
  options.batch_size = 0;
  EXPECT_THROW(train_digit_classifier(model, images, labels, options), ConfigError);
  options = quick();
  options.max_shift = -1;
  EXPECT_THROW(train_digit_classifier(model, images, labels, options), ConfigError);
  EXPECT_THROW(train_digit_classifier(model, images.narrow(0, 0, 0), labels.narrow(0, 0, 0), quick()),
               ConfigError);
}

}  // namespace
}  // namespace sild::models
