// data/images/image_resize.h: centre-crop offsets and area-averaging values, checked exactly.
#include <gtest/gtest.h>

#include "common/errors.h"
#include "data/images/image_resize.h"

namespace sild::images {
namespace {

ImageSet one_image(int64_t channels, int64_t height, int64_t width, std::vector<uint8_t> pixels) {
  ImageSet image;
  image.channels = channels;
  image.height = height;
  image.width = width;
  image.pixels = std::move(pixels);
  return image;
}

TEST(ImageResizeTest, CentreCropTakesTheMiddleWindowRoundingOffsetsDown) {
  // 5 wide, 4 tall, value 10*row + column; a 2x3 crop starts at row 1, column 1.
  std::vector<uint8_t> pixels;
  for (int row = 0; row < 4; ++row) {
    for (int column = 0; column < 5; ++column) pixels.push_back(static_cast<uint8_t>(10 * row + column));
  }
  ImageSet image = one_image(1, 4, 5, pixels);
  image.labels = {3};
  ImageSet crop = centre_crop(image, 2, 3);
  EXPECT_EQ(crop.height, 2);
  EXPECT_EQ(crop.width, 3);
  EXPECT_EQ(crop.pixels, (std::vector<uint8_t>{11, 12, 13, 21, 22, 23}));
  EXPECT_EQ(crop.labels, (std::vector<int32_t>{3}));
  EXPECT_THROW(centre_crop(image, 5, 3), ConfigError);
}

TEST(ImageResizeTest, CentreCropCropsEveryChannel) {
  ImageSet image = one_image(2, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(centre_crop(image, 1, 1).pixels, (std::vector<uint8_t>{1, 5}));
}

TEST(ImageResizeTest, AreaResizeWeightsPartlyCoveredPixels) {
  // 3 -> 2 columns: cells [0, 1.5) and [1.5, 3): (30 + 0.5*60)/1.5 = 40 and (0.5*60 + 90)/1.5 = 80.
  ImageSet image = one_image(1, 1, 3, {30, 60, 90});
  EXPECT_EQ(resize_area(image, 1, 2).pixels, (std::vector<uint8_t>{40, 80}));
}

TEST(ImageResizeTest, AreaResizeAveragesWholeBlocksInBothAxes) {
  // 4x4 -> 2x2: each output is the mean of one 2x2 block; 2.5 rounds up to 3.
  ImageSet image = one_image(1, 4, 4, {0, 2, 10, 10, 4, 6, 10, 10, 1, 2, 255, 255, 3, 4, 255, 255});
  EXPECT_EQ(resize_area(image, 2, 2).pixels, (std::vector<uint8_t>{3, 10, 3, 255}));
}

TEST(ImageResizeTest, AreaResizeEnlargesByRepeatingPixels) {
  ImageSet image = one_image(1, 1, 2, {7, 9});
  EXPECT_EQ(resize_area(image, 2, 4).pixels, (std::vector<uint8_t>{7, 7, 9, 9, 7, 7, 9, 9}));
}

TEST(ImageResizeTest, SameSizeIsTheIdentityAndZeroSizeAConfigError) {
  ImageSet image = one_image(3, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  EXPECT_EQ(resize_area(image, 2, 2).pixels, image.pixels);
  EXPECT_THROW(resize_area(image, 0, 2), ConfigError);
}

}  // namespace
}  // namespace sild::images
