// src/images IDX reading (idx_reader.h) and the MNIST / Fashion-MNIST folders (idx_dataset.h),
// on tiny IDX files written by the tests, plain and gzip'd.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <random>

#include "common/errors.h"
#include "data/images/idx_dataset.h"
#include "data/images/idx_reader.h"
#include "images_fixtures.h"
#include "test_support.h"

namespace sild::images {
namespace {

namespace fs = std::filesystem;
using test::idx_images;
using test::idx_labels;

/// Three 2x3 images holding 0..17.
std::vector<uint8_t> counting_pixels() {
  std::vector<uint8_t> pixels(18);
  std::iota(pixels.begin(), pixels.end(), 0);
  return pixels;
}

TEST(IdxReaderTest, ReadsPlainImagesWithExactPixels) {
  auto dir = test::temp_dir("idx");
  test::write_bytes(dir / "images", idx_images(3, 2, 3, counting_pixels()));
  ImageSet images = read_idx_images((dir / "images").string());
  EXPECT_EQ(images.size(), 3);
  EXPECT_EQ(images.channels, 1);
  EXPECT_EQ(images.height, 2);
  EXPECT_EQ(images.width, 3);
  EXPECT_EQ(images.pixels, counting_pixels());
  EXPECT_TRUE(images.labels.empty());
  EXPECT_EQ(images.image(2)[0], 12);
}

TEST(IdxReaderTest, ReadsGzipFilesLikePlainOnes) {
  auto dir = test::temp_dir("idx");
  test::write_gzip(dir / "images.gz", idx_images(3, 2, 3, counting_pixels()));
  test::write_gzip(dir / "labels.gz", idx_labels({7, 0, 9}));
  EXPECT_EQ(read_idx_images((dir / "images.gz").string()).pixels, counting_pixels());
  EXPECT_EQ(read_idx_labels((dir / "labels.gz").string()), (std::vector<int32_t>{7, 0, 9}));
}

TEST(IdxReaderTest, LimitReadsOnlyTheFirstRecords) {
  auto dir = test::temp_dir("idx");
  test::write_bytes(dir / "images", idx_images(3, 2, 3, counting_pixels()));
  test::write_bytes(dir / "labels", idx_labels({7, 0, 9}));
  ImageSet images = read_idx_images((dir / "images").string(), 2);
  ASSERT_EQ(images.size(), 2);
  EXPECT_EQ(images.pixels.back(), 11);
  EXPECT_EQ(read_idx_labels((dir / "labels").string(), 1), (std::vector<int32_t>{7}));
}

TEST(IdxReaderTest, TruncatedImagesNameTheFileAndTheIncompleteRecord) {
  auto dir = test::temp_dir("idx");
  auto bytes = idx_images(3, 2, 3, counting_pixels());
  bytes.resize(bytes.size() - 4);  // image 2 loses its last 4 pixels
  test::write_bytes(dir / "short-images", bytes);
  auto message = test::error_of<InputError>([&] { read_idx_images((dir / "short-images").string()); });
  EXPECT_NE(message.find("short-images"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  EXPECT_NE(message.find("ends in image 2"), std::string::npos) << message;
}

TEST(IdxReaderTest, TruncatedGzipStreamIsAnInputErrorNamingTheFile) {
  auto dir = test::temp_dir("idx");
  std::vector<uint8_t> pixels(4000);  // random, so the cut falls inside the pixel data
  std::mt19937 engine(5);
  for (auto& pixel : pixels) pixel = static_cast<uint8_t>(engine());
  test::write_gzip(dir / "cut.gz", idx_images(10, 20, 20, pixels));
  auto compressed = test::read_file_bytes(dir / "cut.gz");
  compressed.resize(compressed.size() / 2);
  test::write_bytes(dir / "cut.gz", compressed);
  auto message = test::error_of<InputError>([&] { read_idx_images((dir / "cut.gz").string()); });
  EXPECT_NE(message.find("cut.gz"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated gzip stream"), std::string::npos) << message;
}

TEST(IdxReaderTest, CorruptGzipDataIsAnInputErrorNamingTheFile) {
  auto dir = test::temp_dir("idx");
  std::vector<uint8_t> pixels(4000);
  std::mt19937 engine(6);
  for (auto& pixel : pixels) pixel = static_cast<uint8_t>(engine());
  test::write_gzip(dir / "flipped.gz", idx_images(10, 20, 20, pixels));
  auto compressed = test::read_file_bytes(dir / "flipped.gz");
  for (size_t at = compressed.size() / 3; at < compressed.size() / 3 + 16; ++at) compressed[at] ^= 0x5A;
  test::write_bytes(dir / "flipped.gz", compressed);
  auto message = test::error_of<InputError>([&] { read_idx_images((dir / "flipped.gz").string()); });
  EXPECT_NE(message.find("flipped.gz"), std::string::npos) << message;
  EXPECT_NE(message.find("gzip"), std::string::npos) << message;
}

TEST(IdxReaderTest, BadMagicWrongTypeAndWrongRankAreRejected) {
  auto dir = test::temp_dir("idx");
  test::write_bytes(dir / "text",
                    {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!', '!', '!', '!', '!'});
  EXPECT_NE(
      test::error_of<InputError>([&] { read_idx_images((dir / "text").string()); }).find("not an IDX file"),
      std::string::npos);
  auto floats = idx_images(1, 1, 1, {0});
  floats[2] = 0x0D;
  test::write_bytes(dir / "floats", floats);
  EXPECT_NE(test::error_of<InputError>([&] {
              read_idx_images((dir / "floats").string());
            }).find("element type 0x0D"),
            std::string::npos);
  test::write_bytes(dir / "labels", idx_labels({1, 2}));
  EXPECT_NE(
      test::error_of<InputError>([&] { read_idx_images((dir / "labels").string()); }).find("3 dimension"),
      std::string::npos);
  test::write_bytes(dir / "tiny", {0, 0});
  EXPECT_NE(test::error_of<InputError>([&] { read_idx_labels((dir / "tiny").string()); }).find("tiny"),
            std::string::npos);
}

TEST(IdxReaderTest, BytesAfterTheLastRecordAreCorrupt) {
  auto dir = test::temp_dir("idx");
  auto bytes = idx_labels({1, 2, 3});
  bytes.push_back(4);
  test::write_bytes(dir / "long-labels", bytes);
  auto message = test::error_of<InputError>([&] { read_idx_labels((dir / "long-labels").string()); });
  EXPECT_NE(message.find("long-labels"), std::string::npos) << message;
  EXPECT_NE(message.find("bytes follow"), std::string::npos) << message;
}

TEST(IdxReaderTest, MissingFileIsAnIoError) {
  EXPECT_THROW(read_idx_images("/nonexistent/idx/file"), IoError);
}

/// A folder in LeCun's layout: train (3 images, gzip'd) and t10k (2 images, plain).
fs::path write_idx_folder() {
  auto dir = test::temp_dir("idx-folder");
  test::write_gzip(dir / "train-images-idx3-ubyte.gz", idx_images(3, 2, 3, counting_pixels()));
  test::write_gzip(dir / "train-labels-idx1-ubyte.gz", idx_labels({5, 0, 4}));
  test::write_bytes(dir / "t10k-images-idx3-ubyte", idx_images(2, 2, 3, std::vector<uint8_t>(12, 200)));
  test::write_bytes(dir / "t10k-labels-idx1-ubyte", idx_labels({7, 2}));
  return dir;
}

TEST(IdxDatasetTest, LoadsTrainTestAndAllSplitsWithLabels) {
  auto dir = write_idx_folder();
  IdxDatasetOptions options;
  options.dir = dir.string();
  ImageSet train = load_fashion_mnist(options);
  EXPECT_EQ(train.pixels, counting_pixels());
  EXPECT_EQ(train.labels, (std::vector<int32_t>{5, 0, 4}));
  options.split = Split::kTest;
  ImageSet test_split = load_mnist_idx(options);
  EXPECT_EQ(test_split.labels, (std::vector<int32_t>{7, 2}));
  EXPECT_EQ(test_split.pixels, std::vector<uint8_t>(12, 200));
  options.split = Split::kAll;
  options.limit = 4;
  ImageSet all = load_fashion_mnist(options);
  EXPECT_EQ(all.labels, (std::vector<int32_t>{5, 0, 4, 7}));
  EXPECT_EQ(all.size(), 4);
  EXPECT_EQ(all.image(3)[0], 200);
}

TEST(IdxDatasetTest, MissingFolderSaysHowToInstallFashionMnist) {
  IdxDatasetOptions options;
  options.dir = "/nonexistent/fashion";
  auto message = test::error_of<InputError>([&] { load_fashion_mnist(options); });
  EXPECT_NE(message.find("/nonexistent/fashion"), std::string::npos) << message;
  EXPECT_NE(message.find("apt-get install dataset-fashion-mnist"), std::string::npos) << message;
}

TEST(IdxDatasetTest, MissingFileNamesTheExpectedFile) {
  auto dir = write_idx_folder();
  fs::remove(dir / "t10k-labels-idx1-ubyte");
  IdxDatasetOptions options;
  options.dir = dir.string();
  options.split = Split::kTest;
  auto message = test::error_of<InputError>([&] { load_mnist_idx(options); });
  EXPECT_NE(message.find("t10k-labels-idx1-ubyte"), std::string::npos) << message;
}

TEST(IdxDatasetTest, LabelOutsideTheClassesNamesFileAndRecord) {
  auto dir = write_idx_folder();
  test::write_gzip(dir / "train-labels-idx1-ubyte.gz", idx_labels({5, 10, 4}));
  IdxDatasetOptions options;
  options.dir = dir.string();
  auto message = test::error_of<InputError>([&] { load_fashion_mnist(options); });
  EXPECT_NE(message.find("train-labels-idx1-ubyte.gz"), std::string::npos) << message;
  EXPECT_NE(message.find("record 1"), std::string::npos) << message;
}

TEST(IdxDatasetTest, ImageAndLabelCountsMustAgree) {
  auto dir = write_idx_folder();
  test::write_gzip(dir / "train-labels-idx1-ubyte.gz", idx_labels({5, 0}));
  IdxDatasetOptions options;
  options.dir = dir.string();
  EXPECT_THROW(load_fashion_mnist(options), InputError);
}

TEST(IdxDatasetTest, ValidationSplitIsAConfigError) {
  IdxDatasetOptions options;
  options.dir = write_idx_folder().string();
  options.split = Split::kValidation;
  EXPECT_THROW(load_fashion_mnist(options), ConfigError);
}

}  // namespace
}  // namespace sild::images
