// The IDX folders of MNIST and Fashion-MNIST; see idx_dataset.h.
#include "data/images/idx_dataset.h"

#include <filesystem>

#include "common/errors.h"
#include "data/images/dataset_paths.h"
#include "data/images/idx_reader.h"

namespace sild::images {

namespace {

/// `dir/stem.gz` or `dir/stem`, whichever exists; InputError with the hint when neither does.
std::string find_file(const std::filesystem::path& dir, const std::string& stem, const std::string& name,
                      const std::string& hint) {
  for (const char* suffix : {".gz", ""}) {
    auto path = dir / (stem + suffix);
    if (std::filesystem::is_regular_file(path)) return path.string();
  }
  throw InputError(located(
      (dir / (stem + ".gz")).string(), 0,
      name + " not found (neither " + stem + ".gz nor " + stem + " is in " + dir.string() + ")", hint));
}

void append_part(const std::filesystem::path& dir, const std::string& prefix,
                 const IdxDatasetOptions& options, int64_t limit, const std::string& name,
                 const std::string& hint, ImageSet& out) {
  auto images_path = find_file(dir, prefix + "-images-idx3-ubyte", name, hint);
  auto labels_path = find_file(dir, prefix + "-labels-idx1-ubyte", name, hint);
  ImageSet part = read_idx_images(images_path, limit);
  auto labels = read_idx_labels(labels_path, limit);
  if (labels.size() != static_cast<size_t>(part.size())) {
    throw InputError(located(labels_path, 0,
                             "holds " + std::to_string(labels.size()) + " labels but " + images_path +
                                 " holds " + std::to_string(part.size()) + " images",
                             "the two files come from different releases; fetch both again"));
  }
  for (size_t index = 0; index < labels.size(); ++index) {
    if (labels[index] < 0 || labels[index] >= options.num_classes) {
      throw InputError(located(labels_path, 0,
                               "label " + std::to_string(labels[index]) + " of record " +
                                   std::to_string(index) + " is outside [0, " +
                                   std::to_string(options.num_classes) + ")",
                               "the file is corrupt; fetch it again"));
    }
  }
  if (out.size() == 0) {
    out = std::move(part);
    out.labels = std::move(labels);
    return;
  }
  if (part.height != out.height || part.width != out.width) {
    throw InputError(located(images_path, 0, "image size differs from the train split's",
                             "the files come from different datasets"));
  }
  out.pixels.insert(out.pixels.end(), part.pixels.begin(), part.pixels.end());
  out.labels.insert(out.labels.end(), labels.begin(), labels.end());
}

}  // namespace

ImageSet load_idx_dataset(const IdxDatasetOptions& options, const std::string& name,
                          const std::string& install_hint) {
  if (options.split == Split::kValidation) {
    throw ConfigError(name + " has no validation split (it has train, test and all)");
  }
  if (options.limit < 0) throw ConfigError("the image limit must be >= 0 (0 = all)");
  std::filesystem::path dir = options.dir;
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(located(dir.string(), 0, name + " not found: no such folder", install_hint));
  }
  ImageSet out;
  if (options.split == Split::kTrain || options.split == Split::kAll) {
    append_part(dir, "train", options, options.limit, name, install_hint, out);
  }
  if (options.split == Split::kTest || options.split == Split::kAll) {
    int64_t remaining = options.limit > 0 ? options.limit - out.size() : 0;
    if (options.limit == 0 || remaining > 0)
      append_part(dir, "t10k", options, remaining, name, install_hint, out);
  }
  return out;
}

ImageSet load_fashion_mnist(const IdxDatasetOptions& options) {
  IdxDatasetOptions resolved = options;
  if (resolved.dir.empty()) resolved.dir = default_fashion_mnist_dir();
  return load_idx_dataset(resolved, "Fashion-MNIST", fashion_mnist_install_hint());
}

ImageSet load_mnist_idx(const IdxDatasetOptions& options) {
  IdxDatasetOptions resolved = options;
  if (resolved.dir.empty()) resolved.dir = default_mnist_idx_dir();
  return load_idx_dataset(resolved, "MNIST", mnist_idx_install_hint());
}

}  // namespace sild::images
