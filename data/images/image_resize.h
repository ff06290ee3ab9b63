// Geometry on every image of a set: a centred crop and an area-averaging resize. Pure
// functions on pixels; no file or dataset knowledge.
#pragma once

#include <cstdint>

#include "data/images/image_set.h"

namespace sild::images {

/// Cuts the centred `crop_height` x `crop_width` window out of every image: rows from
/// floor((H - crop_height) / 2), columns from floor((W - crop_width) / 2). Labels are kept.
/// ConfigError when the window is empty or larger than the images.
ImageSet centre_crop(const ImageSet& images, int64_t crop_height, int64_t crop_width);

/// Resizes every image to `height` x `width` by area averaging: output pixel (y, x) is the mean
/// of the input over the rectangle [y*H/height, (y+1)*H/height) x [x*W/width, (x+1)*W/width),
/// partly covered pixels weighted by their covered fraction; rounded half up. This is the box
/// filter of OpenCV's INTER_AREA and PIL's BOX: no aliasing when shrinking, and when enlarging
/// it reduces to nearest neighbour with blended cell borders. ConfigError for a size <= 0.
ImageSet resize_area(const ImageSet& images, int64_t height, int64_t width);

}  // namespace sild::images
