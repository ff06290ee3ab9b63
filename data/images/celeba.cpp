// CelebA folder loading; see celeba.h. Images are decoded one at a time and reduced at once,
// so memory holds only the output (64x64x3 = 12 KiB per face).
#include "data/images/celeba.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "common/errors.h"
#include "common/text_io.h"
#include "data/images/dataset_paths.h"
#include "data/images/image_resize.h"
#include "data/images/jpeg_decoder.h"

namespace sild::images {

namespace {

constexpr const char* kImageFolder = "img_align_celeba";
constexpr const char* kPartitionFile = "list_eval_partition.txt";
constexpr int kPartitions = 3;

bool wanted(Split split, int partition) {
  switch (split) {
    case Split::kTrain:
      return partition == 0;
    case Split::kValidation:
      return partition == 1;
    case Split::kTest:
      return partition == 2;
    case Split::kAll:
      return true;
  }
  return false;
}

}  // namespace

std::vector<CelebaEntry> read_celeba_partition(const std::string& path) {
  LineReader reader(path);
  std::vector<CelebaEntry> entries;
  std::string line;
  while (reader.next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    CelebaEntry entry;
    std::string partition, extra;
    fields >> entry.file >> partition;
    bool valid = !partition.empty() && !(fields >> extra) && partition.size() == 1 && partition[0] >= '0' &&
                 partition[0] < '0' + kPartitions && entry.file.find('/') == std::string::npos;
    if (!valid) {
      throw InputError(located(path, reader.line_number(),
                               "expected '<image>.jpg <0|1|2>', got '" + line + "'",
                               "use CelebA's Eval/list_eval_partition.txt"));
    }
    entry.partition = partition[0] - '0';
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string find_celeba_partition(const std::string& dir) {
  for (auto path :
       {std::filesystem::path(dir) / kPartitionFile, std::filesystem::path(dir) / "Eval" / kPartitionFile}) {
    if (std::filesystem::is_regular_file(path)) return path.string();
  }
  throw InputError(located((std::filesystem::path(dir) / kPartitionFile).string(), 0,
                           "CelebA partition file not found", celeba_install_hint()));
}

ImageSet load_celeba(const CelebaOptions& options) {
  if (options.limit < 0) throw ConfigError("the image limit must be >= 0 (0 = all)");
  if (options.crop_size < 0) throw ConfigError("the CelebA crop size must be >= 0 (0 = largest square)");
  if (options.image_size <= 0) throw ConfigError("the CelebA image size must be > 0");
  std::filesystem::path dir = options.dir.empty() ? default_celeba_dir() : options.dir;
  auto image_dir = dir / kImageFolder;
  if (!std::filesystem::is_directory(image_dir)) {
    throw InputError(located(image_dir.string(), 0, "CelebA images not found", celeba_install_hint()));
  }
  auto entries = read_celeba_partition(find_celeba_partition(dir.string()));
  ImageSet out;
  out.channels = 3;
  out.height = options.image_size;
  out.width = options.image_size;
  for (const auto& entry : entries) {
    if (!wanted(options.split, entry.partition)) continue;
    if (options.limit > 0 && out.size() >= options.limit) break;
    auto path = (image_dir / entry.file).string();
    if (!std::filesystem::is_regular_file(path)) {
      throw IoError(located(path, 0, "image listed in the partition file is missing",
                            "the img_align_celeba folder is incomplete; unzip img_align_celeba.zip again"));
    }
    ImageSet face = decode_jpeg_file(path);
    int64_t side = options.crop_size > 0 ? options.crop_size : std::min(face.height, face.width);
    if (side > face.height || side > face.width) {
      throw InputError(located(path, 0,
                               "image is " + std::to_string(face.width) + "x" + std::to_string(face.height) +
                                   ", smaller than the crop size " + std::to_string(side),
                               "lower the crop size, or use the aligned 178x218 images"));
    }
    ImageSet small = resize_area(centre_crop(face, side, side), options.image_size, options.image_size);
    out.pixels.insert(out.pixels.end(), small.pixels.begin(), small.pixels.end());
  }
  return out;
}

}  // namespace sild::images
