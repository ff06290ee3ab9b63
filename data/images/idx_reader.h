// The IDX format of MNIST and Fashion-MNIST (LeCun's "idx3-ubyte" images, "idx1-ubyte"
// labels), plain or .gz: magic 00 00 08 <ndims>, big-endian uint32 dimensions, then bytes.
// Only unsigned-byte files; it knows no file names or splits (idx_dataset.h does).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/images/image_set.h"

namespace sild::images {

/// Reads an images file (dimensions N, H, W) as N one-channel HxW images, no labels.
/// `limit` > 0 reads only the first `limit` images. Throws InputError naming the file for a
/// bad header, and the index of the first incomplete image for a truncated file; a file with
/// bytes after its last image is corrupt too (checked when the whole file is read).
ImageSet read_idx_images(const std::string& path, int64_t limit = 0);

/// Reads a labels file (dimension N), the first `limit` when `limit` > 0. Errors as above.
std::vector<int32_t> read_idx_labels(const std::string& path, int64_t limit = 0);

}  // namespace sild::images
