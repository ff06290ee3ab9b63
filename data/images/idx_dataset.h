// MNIST and Fashion-MNIST as datasets: the four IDX files of a folder (LeCun's names, plain or
// .gz), the train/test split, labels checked against the class count. Fashion-MNIST defaults to
// Debian's dataset-fashion-mnist; the IDX format itself is idx_reader.h.
#pragma once

#include <cstdint>
#include <string>

#include "data/images/image_set.h"
#include "data/images/split.h"

namespace sild::images {

struct IdxDatasetOptions {
  std::string dir;  ///< folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]; empty = default
  Split split = Split::kTrain;  ///< kTrain (60,000), kTest (10,000) or kAll (train, then test)
  int64_t limit = 0;            ///< at most this many images, taken from the start (0 = all)
  int32_t num_classes = 10;     ///< every label must lie in [0, num_classes)
};

/// Fashion-MNIST; an empty `dir` means default_fashion_mnist_dir() (Debian's package).
ImageSet load_fashion_mnist(const IdxDatasetOptions& options);
/// MNIST digits from the original IDX files; an empty `dir` means default_mnist_idx_dir().
ImageSet load_mnist_idx(const IdxDatasetOptions& options);

/// The shared loader: `name` and `install_hint` word the error when the files are missing.
/// A missing folder or file is an InputError with the hint; a label outside [0, num_classes) or
/// a count differing between images and labels is an InputError naming the file and record.
ImageSet load_idx_dataset(const IdxDatasetOptions& options, const std::string& name,
                          const std::string& install_hint);

}  // namespace sild::images
