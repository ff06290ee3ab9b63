// Image grids; see image_grid.h.
#include "data/images/image_grid.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace sild::images {

ImageSet tile_grid(const ImageSet& images, const GridOptions& options) {
  int64_t count = images.size();
  if (count == 0) throw ConfigError("cannot tile an empty image set");
  if (options.columns < 0 || options.padding < 0) throw ConfigError("grid columns and padding must be >= 0");
  int64_t columns = options.columns > 0
                        ? options.columns
                        : static_cast<int64_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  columns = std::min(columns, count);
  int64_t rows = (count + columns - 1) / columns;
  ImageSet grid;
  grid.channels = images.channels;
  grid.height = options.padding + rows * (images.height + options.padding);
  grid.width = options.padding + columns * (images.width + options.padding);
  grid.pixels.assign(static_cast<size_t>(grid.image_bytes()), options.background);
  int64_t cell_plane = images.height * images.width;
  int64_t grid_plane = grid.height * grid.width;
  for (int64_t index = 0; index < count; ++index) {
    int64_t top = options.padding + (index / columns) * (images.height + options.padding);
    int64_t left = options.padding + (index % columns) * (images.width + options.padding);
    for (int64_t channel = 0; channel < images.channels; ++channel) {
      const uint8_t* source = images.image(index) + channel * cell_plane;
      uint8_t* target = grid.pixels.data() + channel * grid_plane;
      for (int64_t row = 0; row < images.height; ++row) {
        std::copy_n(source + row * images.width, images.width, target + (top + row) * grid.width + left);
      }
    }
  }
  return grid;
}

ImageSet interleave_pairs(const ImageSet& first, const ImageSet& second) {
  if (first.channels != second.channels || first.height != second.height || first.width != second.width ||
      first.size() != second.size()) {
    throw ConfigError("image pairs need two sets of the same shape and size");
  }
  ImageSet out;
  out.channels = first.channels;
  out.height = first.height;
  out.width = first.width;
  out.pixels.reserve(first.pixels.size() * 2);
  bool labelled = first.labels.size() == static_cast<size_t>(first.size()) &&
                  second.labels.size() == static_cast<size_t>(second.size());
  for (int64_t index = 0; index < first.size(); ++index) {
    for (const ImageSet* set : {&first, &second}) {
      out.pixels.insert(out.pixels.end(), set->image(index), set->image(index) + set->image_bytes());
      if (labelled) out.labels.push_back(set->labels[index]);
    }
  }
  return out;
}

}  // namespace sild::images
