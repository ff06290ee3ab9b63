// PNG writing through libpng's simplified API (png_image_write_to_memory: it reports errors by
// return value, so no setjmp here), then AtomicFile for the temp-and-rename.
#include "data/images/png_writer.h"

#include <png.h>

#include <cmath>
#include <vector>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace sild::images {

void write_png(const std::string& path, const ImageSet& images, int64_t index) {
  if (images.channels != 1 && images.channels != 3) {
    throw ConfigError("PNG output needs 1 or 3 channels, got " + std::to_string(images.channels));
  }
  if (index < 0 || index >= images.size()) {
    throw ConfigError("image " + std::to_string(index) + " is outside a set of " +
                      std::to_string(images.size()));
  }
  int64_t plane = images.height * images.width;
  const uint8_t* source = images.image(index);
  std::vector<uint8_t> interleaved(static_cast<size_t>(images.image_bytes()));  // [H][W][C]
  for (int64_t pixel = 0; pixel < plane; ++pixel) {
    for (int64_t channel = 0; channel < images.channels; ++channel) {
      interleaved[pixel * images.channels + channel] = source[channel * plane + pixel];
    }
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(images.width);
  image.height = static_cast<png_uint_32>(images.height);
  image.format = images.channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  auto stride = static_cast<png_int_32>(images.width * images.channels);
  png_alloc_size_t size = 0;
  if (png_image_write_to_memory(&image, nullptr, &size, 0, interleaved.data(), stride, nullptr) == 0) {
    throw IoError(located(path, 0, std::string("PNG encoding failed: ") + image.message));
  }
  std::vector<uint8_t> encoded(size);
  if (png_image_write_to_memory(&image, encoded.data(), &size, 0, interleaved.data(), stride, nullptr) == 0) {
    throw IoError(located(path, 0, std::string("PNG encoding failed: ") + image.message));
  }
  AtomicFile file(path);
  file.stream().write(reinterpret_cast<const char*>(encoded.data()), static_cast<std::streamsize>(size));
  file.commit();
}

void write_png_grid(const std::string& path, const ImageSet& images, const GridOptions& options) {
  write_png(path, tile_grid(images, options), 0);
}

void write_png_pairs(const std::string& path, const ImageSet& originals, const ImageSet& reconstructions,
                     const GridOptions& options) {
  GridOptions pairs = options;
  int64_t count = originals.size();
  int64_t per_row = options.columns > 0
                        ? options.columns
                        : static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  pairs.columns = 2 * per_row;
  write_png_grid(path, interleave_pairs(originals, reconstructions), pairs);
}

}  // namespace sild::images
