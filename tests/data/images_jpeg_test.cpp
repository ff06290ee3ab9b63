// data/images/jpeg_decoder.h on JPEGs the test encodes with libjpeg: exact values for flat
// grey blocks, near values for colour, errors naming the file for damaged data.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/errors.h"
#include "data/images/jpeg_decoder.h"
#include "images_fixtures.h"
#include "test_support.h"

namespace sild::images {
namespace {

int block_value(int block_row, int block_column) { return 20 + 60 * block_row + 25 * block_column; }

TEST(JpegDecoderTest, GreyBlocksDecodeExactlyIntoThreeEqualChannels) {
  auto dir = test::temp_dir("jpeg");
  auto pixels = test::grey_blocks(16, 24, block_value);  // 2 blocks wide, 3 tall
  test::write_bytes(dir / "grey.jpg", test::encode_jpeg(16, 24, 1, pixels));
  ImageSet image = decode_jpeg_file((dir / "grey.jpg").string());
  ASSERT_EQ(image.size(), 1);
  EXPECT_EQ(image.channels, 3);
  EXPECT_EQ(image.height, 24);
  EXPECT_EQ(image.width, 16);
  for (int channel = 0; channel < 3; ++channel) {
    for (int y = 0; y < 24; ++y) {
      for (int x = 0; x < 16; ++x) {
        ASSERT_EQ(image.pixels[(channel * 24 + y) * 16 + x], block_value(y / 8, x / 8))
            << "channel " << channel << " y " << y << " x " << x;
      }
    }
  }
}

TEST(JpegDecoderTest, ColourDecodesChannelMajorWithinJpegLoss) {
  // Left half pure red-ish, right half blue-ish, in 8x8-aligned halves.
  const int width = 16, height = 8;
  std::vector<uint8_t> rgb;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      bool left = x < 8;
      rgb.insert(rgb.end(),
                 {static_cast<uint8_t>(left ? 200 : 30), 60, static_cast<uint8_t>(left ? 40 : 220)});
    }
  }
  auto jpeg = test::encode_jpeg(width, height, 3, rgb);
  ImageSet image = decode_jpeg(jpeg.data(), jpeg.size(), "memory.jpg");
  ASSERT_EQ(image.channels, 3);
  const int plane = width * height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int channel = 0; channel < 3; ++channel) {
        int expected = rgb[(y * width + x) * 3 + channel];
        int got = image.pixels[channel * plane + y * width + x];
        // Flat 8x8 blocks at quality 100 without chroma subsampling: only colour-conversion rounding.
        ASSERT_LE(std::abs(got - expected), 2) << "channel " << channel << " y " << y << " x " << x;
      }
    }
  }
}

TEST(JpegDecoderTest, TruncatedJpegIsAnInputErrorNamingTheFile) {
  auto dir = test::temp_dir("jpeg");
  auto jpeg = test::encode_jpeg(64, 64, 1, test::grey_blocks(64, 64, block_value), 90);
  jpeg.resize(jpeg.size() * 2 / 3);
  test::write_bytes(dir / "cut.jpg", jpeg);
  auto message = test::error_of<InputError>([&] { decode_jpeg_file((dir / "cut.jpg").string()); });
  EXPECT_NE(message.find("cut.jpg"), std::string::npos) << message;
  EXPECT_NE(message.find("corrupt JPEG"), std::string::npos) << message;
}

TEST(JpegDecoderTest, NonJpegAndEmptyFilesAreInputErrors) {
  auto dir = test::temp_dir("jpeg");
  test::write_bytes(dir / "text.jpg", {'n', 'o', 't', ' ', 'a', ' ', 'j', 'p', 'e', 'g'});
  EXPECT_NE(
      test::error_of<InputError>([&] { decode_jpeg_file((dir / "text.jpg").string()); }).find("text.jpg"),
      std::string::npos);
  test::write_bytes(dir / "empty.jpg", {});
  EXPECT_NE(test::error_of<InputError>([&] { decode_jpeg_file((dir / "empty.jpg").string()); }).find("empty"),
            std::string::npos);
}

TEST(JpegDecoderTest, MissingFileIsAnIoError) {
  EXPECT_THROW(decode_jpeg_file("/nonexistent/face.jpg"), IoError);
}

}  // namespace
}  // namespace sild::images
