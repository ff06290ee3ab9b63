// common/atomic_file.h: regular files are replaced atomically on commit, everything else that
// `-o` may name (a symbolic link, a FIFO, a directory) is treated as what it is (issue 20, defect 1).
#include "common/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_support.h"

namespace sild {
namespace {

namespace fs = std::filesystem;

std::string content_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_temporary(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp.") != std::string::npos) return true;
  }
  return false;
}

TEST(AtomicFileTest, ARegularFileIsReplacedOnlyOnCommit) {
  auto dir = test::temp_dir("atomic-regular");
  std::ofstream(dir / "out.csv") << "old\n";
  {
    AtomicFile file((dir / "out.csv").string());
    file.stream() << "new\n";
    EXPECT_EQ(content_of(dir / "out.csv"), "old\n");  // not before commit
    EXPECT_TRUE(has_temporary(dir));
    file.commit();
  }
  EXPECT_EQ(content_of(dir / "out.csv"), "new\n");
  {
    AtomicFile abandoned((dir / "out.csv").string());
    abandoned.stream() << "lost\n";
  }  // an exception unwinding the command: no commit
  EXPECT_EQ(content_of(dir / "out.csv"), "new\n");
  EXPECT_FALSE(has_temporary(dir));
}

TEST(AtomicFileTest, ASymbolicLinkIsFollowedAndKept) {
  auto dir = test::temp_dir("atomic-link");
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data" / "target.csv") << "old\n";
  fs::create_symlink("data/target.csv", dir / "link.csv");
  AtomicFile file((dir / "link.csv").string());
  file.stream() << "new\n";
  file.commit();
  EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
  EXPECT_EQ(content_of(dir / "data" / "target.csv"), "new\n");
  EXPECT_FALSE(has_temporary(dir));
  EXPECT_FALSE(has_temporary(dir / "data"));
}

TEST(AtomicFileTest, AFifoIsWrittenInPlaceNotReplaced) {
  auto dir = test::temp_dir("atomic-fifo");
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = content_of(fifo); });
  {
    AtomicFile file(fifo.string());
    file.stream() << "CCO\n";
    file.commit();
  }
  reader.join();
  EXPECT_EQ(received, "CCO\n");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_FALSE(has_temporary(dir));
}

TEST(AtomicFileTest, ADeviceIsWrittenInPlace) {
  AtomicFile file("/dev/null");
  file.stream() << "discarded\n";
  file.commit();
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(AtomicFileTest, ADirectoryIsAnIoErrorNamingIt) {
  auto dir = test::temp_dir("atomic-dir");
  try {
    AtomicFile file(dir.string());
    ADD_FAILURE() << "a directory was accepted as an output";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("is a directory"), std::string::npos) << error.what();
  }
}

TEST(AtomicFileTest, ItsTemporaryFileIsRegisteredForTheSignalHandler) {
  auto dir = test::temp_dir("atomic-signal");
  AtomicFile file((dir / "out.smi").string());
  file.stream() << "CCO\n";
  ASSERT_TRUE(has_temporary(dir));
  remove_registered_temp_files();  // what the second Ctrl-C, or the deadline, does before _Exit
  EXPECT_FALSE(has_temporary(dir));
}

}  // namespace
}  // namespace sild
