// JPEG decoding through libjpeg(-turbo) into the ImageSet layout. Corrupt data is an error,
// including what libjpeg only warns about (a truncated file would otherwise decode as grey).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "data/images/image_set.h"

namespace sild::images {

/// Decodes `size` bytes of JPEG into one 3-channel image ([3][H][W]); a grey JPEG gets three
/// equal channels. `name` is the file named by the InputError a corrupt image throws.
ImageSet decode_jpeg(const uint8_t* data, size_t size, const std::string& name);

/// Reads and decodes a JPEG file; IoError when it cannot be read, InputError when corrupt.
ImageSet decode_jpeg_file(const std::string& path);

}  // namespace sild::images
