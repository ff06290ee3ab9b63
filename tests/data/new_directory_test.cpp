// common/new_directory.h: a failed command removes the directory it created, never one that
// was there before (issue 20, defect 10: failed `data prepare` and `train` left empty folders).
#include "common/new_directory.h"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.h"

namespace sild {
namespace {

namespace fs = std::filesystem;

TEST(NewDirectoryTest, ACreatedDirectoryIsRemovedUnlessKept) {
  auto root = test::temp_dir("new-dir");
  {
    NewDirectory failed(root / "a" / "b");
    EXPECT_TRUE(failed.created());
    std::ofstream(root / "a" / "b" / "config.ini") << "x = 1\n";
  }
  EXPECT_FALSE(fs::exists(root / "a" / "b"));
  {
    NewDirectory kept(root / "c");
    kept.keep();
  }
  EXPECT_TRUE(fs::is_directory(root / "c"));
}

TEST(NewDirectoryTest, AnExistingDirectoryIsNeverRemoved) {
  auto root = test::temp_dir("new-dir-existing");
  std::ofstream(root / "results.csv") << "kept\n";
  {
    NewDirectory existing(root);
    EXPECT_FALSE(existing.created());
  }
  EXPECT_TRUE(fs::exists(root / "results.csv"));
}

}  // namespace
}  // namespace sild
