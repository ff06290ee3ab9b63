// Tiling a set of images into one picture (sample grids), and pairing two sets side by side
// (originals next to reconstructions). Pixels only; png_writer.h writes the result.
#pragma once

#include <cstdint>

#include "data/images/image_set.h"

namespace sild::images {

struct GridOptions {
  int64_t columns = 0;     ///< images per row; 0 = ceil(sqrt(N))
  int64_t padding = 2;     ///< pixels between cells and around the grid
  uint8_t background = 0;  ///< value of the padding and of unused cells
};

/// One image holding the set row by row: cell (r, c) is image r*columns + c, its top-left
/// corner at (padding + r*(H+padding), padding + c*(W+padding)). ConfigError for an empty set
/// or a negative option.
ImageSet tile_grid(const ImageSet& images, const GridOptions& options = {});

/// first[0], second[0], first[1], second[1], ...; the sets must match in shape and size
/// (ConfigError otherwise). Tiled with an even column count, each pair sits side by side.
ImageSet interleave_pairs(const ImageSet& first, const ImageSet& second);

}  // namespace sild::images
