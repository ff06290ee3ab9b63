// PNG output (libpng) of images, sample grids and reconstruction pairs: 8-bit grey for one
// channel, RGB for three. Every file is written to a temporary name and renamed into place.
#pragma once

#include <cstdint>
#include <string>

#include "data/images/image_grid.h"
#include "data/images/image_set.h"

namespace sild::images {

/// Writes image `index` of the set. ConfigError for a channel count other than 1 or 3 or an
/// index outside the set; IoError when the file cannot be written.
void write_png(const std::string& path, const ImageSet& images, int64_t index = 0);

/// Writes the whole set as one grid (tile_grid).
void write_png_grid(const std::string& path, const ImageSet& images, const GridOptions& options = {});

/// Writes originals and reconstructions as side-by-side pairs; `options.columns` counts pairs
/// per row (0 = ceil(sqrt(N))).
void write_png_pairs(const std::string& path, const ImageSet& originals, const ImageSet& reconstructions,
                     const GridOptions& options = {});

}  // namespace sild::images
