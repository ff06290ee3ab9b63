// data/images/png_writer.h and image_grid.h: PNGs read back with libpng equal what was
// written; grids and pairs put every cell where the header says; output is atomic.
#include <gtest/gtest.h>
#include <png.h>

#include <filesystem>

#include "common/errors.h"
#include "data/images/image_grid.h"
#include "data/images/png_writer.h"
#include "test_support.h"

namespace sild::images {
namespace {

namespace fs = std::filesystem;

/// Reads a PNG with libpng as channel-major pixels in its own channel count (1 or 3).
ImageSet read_png(const fs::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, path.c_str()) == 0) {
    ADD_FAILURE() << "libpng cannot read " << path << ": " << image.message;
    return {};
  }
  int channels = (image.format & PNG_FORMAT_FLAG_COLOR) != 0 ? 3 : 1;
  image.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  std::vector<uint8_t> interleaved(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, interleaved.data(), 0, nullptr) == 0) {
    ADD_FAILURE() << "libpng cannot decode " << path << ": " << image.message;
    return {};
  }
  ImageSet out;
  out.channels = channels;
  out.height = image.height;
  out.width = image.width;
  out.pixels.resize(interleaved.size());
  int64_t plane = out.height * out.width;
  for (int64_t pixel = 0; pixel < plane; ++pixel) {
    for (int channel = 0; channel < channels; ++channel) {
      out.pixels[channel * plane + pixel] = interleaved[pixel * channels + channel];
    }
  }
  return out;
}

/// `count` images, each pixel a distinct function of image, channel, row and column.
ImageSet patterned(int64_t count, int64_t channels, int64_t height, int64_t width) {
  ImageSet images;
  images.channels = channels;
  images.height = height;
  images.width = width;
  for (int64_t index = 0; index < count; ++index) {
    for (int64_t channel = 0; channel < channels; ++channel) {
      for (int64_t pixel = 0; pixel < height * width; ++pixel) {
        images.pixels.push_back(static_cast<uint8_t>(1 + index * 37 + channel * 71 + pixel * 3));
      }
    }
  }
  return images;
}

TEST(PngWriterTest, GreyAndRgbImagesReadBackIdentical) {
  auto dir = test::temp_dir("png");
  for (int64_t channels : {1, 3}) {
    ImageSet images = patterned(2, channels, 5, 7);
    auto path = dir / ("image" + std::to_string(channels) + ".png");
    write_png(path.string(), images, 1);
    ImageSet back = read_png(path);
    EXPECT_EQ(back.channels, channels);
    EXPECT_EQ(back.height, 5);
    EXPECT_EQ(back.width, 7);
    EXPECT_EQ(back.pixels, std::vector<uint8_t>(images.image(1), images.image(1) + images.image_bytes()));
  }
}

TEST(PngWriterTest, GridPlacesEveryCellAndPadsWithTheBackground) {
  auto dir = test::temp_dir("png");
  ImageSet images = patterned(5, 3, 4, 6);
  GridOptions options;
  options.columns = 3;
  options.padding = 1;
  options.background = 255;
  write_png_grid((dir / "grid.png").string(), images, options);
  ImageSet grid = read_png(dir / "grid.png");
  ASSERT_EQ(grid.channels, 3);
  ASSERT_EQ(grid.height, 1 + 2 * (4 + 1));  // 2 rows
  ASSERT_EQ(grid.width, 1 + 3 * (6 + 1));   // 3 columns
  EXPECT_EQ(grid.pixels, tile_grid(images, options).pixels);
  int64_t plane = grid.height * grid.width;
  for (int64_t index = 0; index < 5; ++index) {
    int64_t top = 1 + (index / 3) * 5, left = 1 + (index % 3) * 7;
    for (int64_t channel = 0; channel < 3; ++channel) {
      for (int64_t row = 0; row < 4; ++row) {
        for (int64_t column = 0; column < 6; ++column) {
          ASSERT_EQ(grid.pixels[channel * plane + (top + row) * grid.width + left + column],
                    images.image(index)[(channel * 4 + row) * 6 + column])
              << "image " << index;
        }
      }
    }
  }
  EXPECT_EQ(grid.pixels[0], 255);                                     // the frame
  EXPECT_EQ(grid.pixels[(1 + 5) * grid.width + 1 + 2 * 7 + 2], 255);  // the unused sixth cell
}

TEST(PngWriterTest, DefaultGridIsSquareish) {
  ImageSet grid = tile_grid(patterned(10, 1, 2, 2), {});
  EXPECT_EQ(grid.width, 2 + 4 * (2 + 2));   // ceil(sqrt(10)) = 4 columns
  EXPECT_EQ(grid.height, 2 + 3 * (2 + 2));  // 3 rows
}

TEST(PngWriterTest, PairsPutEachReconstructionRightOfItsOriginal) {
  auto dir = test::temp_dir("png");
  ImageSet originals = patterned(4, 1, 3, 3);
  ImageSet reconstructions = patterned(4, 1, 3, 3);
  for (auto& value : reconstructions.pixels) value = static_cast<uint8_t>(255 - value);
  GridOptions options;
  options.columns = 2;  // pairs per row
  options.padding = 0;
  write_png_pairs((dir / "pairs.png").string(), originals, reconstructions, options);
  ImageSet grid = read_png(dir / "pairs.png");
  ASSERT_EQ(grid.width, 4 * 3);
  ASSERT_EQ(grid.height, 2 * 3);
  for (int64_t pair = 0; pair < 4; ++pair) {
    int64_t top = (pair / 2) * 3, left = (pair % 2) * 6;
    EXPECT_EQ(grid.pixels[top * grid.width + left], originals.image(pair)[0]) << "pair " << pair;
    EXPECT_EQ(grid.pixels[top * grid.width + left + 3], reconstructions.image(pair)[0]) << "pair " << pair;
  }
  ImageSet fewer = patterned(3, 1, 3, 3);
  EXPECT_THROW(interleave_pairs(originals, fewer), ConfigError);
}

TEST(PngWriterTest, WritesAtomicallyLeavingNoTemporaryFile) {
  auto dir = test::temp_dir("png");
  write_png((dir / "out.png").string(), patterned(1, 1, 2, 2));
  write_png((dir / "out.png").string(), patterned(1, 3, 2, 2));  // replaces the first
  EXPECT_EQ(read_png(dir / "out.png").channels, 3);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(PngWriterTest, UnwritableFolderIsAnIoErrorAndBadShapesConfigErrors) {
  EXPECT_THROW(write_png("/nonexistent/dir/out.png", patterned(1, 1, 2, 2)), IoError);
  auto dir = test::temp_dir("png");
  EXPECT_THROW(write_png((dir / "a.png").string(), patterned(1, 2, 2, 2)), ConfigError);
  EXPECT_THROW(write_png((dir / "b.png").string(), patterned(1, 1, 2, 2), 1), ConfigError);
  EXPECT_THROW(write_png_grid((dir / "c.png").string(), ImageSet{}), ConfigError);
  EXPECT_FALSE(fs::exists(dir / "a.png"));
}

}  // namespace
}  // namespace sild::images
