// CelebA's aligned-and-cropped faces (img_align_celeba/, 202,599 JPEGs of 178x218) with the
// official train/validation/test partition (list_eval_partition.txt: "000001.jpg 0" lines,
// 0 train, 1 validation, 2 test), decoded, centre-cropped to a square and area-resized.
// It does not download anything: dataset_paths.h says where to get the files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/images/image_set.h"
#include "data/images/split.h"

namespace sild::images {

struct CelebaOptions {
  std::string dir;  ///< holds img_align_celeba/ and list_eval_partition.txt; empty = default_celeba_dir()
  Split split = Split::kTrain;  ///< kTrain (partition 0), kValidation (1), kTest (2) or kAll
  int64_t limit = 0;            ///< at most this many images, in partition-file order (0 = all)
  int64_t crop_size = 140;      ///< side of the centred square cut first (0 = the largest that fits)
  int64_t image_size = 64;      ///< side after the area-averaging resize (64; 128 for the larger variant)
};

struct CelebaEntry {
  std::string file;   ///< e.g. "000001.jpg", relative to img_align_celeba/
  int partition = 0;  ///< 0 train, 1 validation, 2 test
};

/// Reads list_eval_partition.txt; InputError "file:line: ..." for a malformed line.
std::vector<CelebaEntry> read_celeba_partition(const std::string& path);

/// The partition file of a CelebA folder: dir/list_eval_partition.txt, else
/// dir/Eval/list_eval_partition.txt (the download's layout). InputError with the hint if neither.
std::string find_celeba_partition(const std::string& dir);

/// Loads the split as 3-channel image_size x image_size images without labels. A missing
/// folder or partition file is an InputError with the download hint; a missing listed image
/// an IoError naming it; a corrupt JPEG an InputError naming it.
ImageSet load_celeba(const CelebaOptions& options);

}  // namespace sild::images
