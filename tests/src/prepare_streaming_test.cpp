// `sild data prepare` streams: 2,097,152 input lines (every chain of 21 C/N atoms, so 1,049,600
// distinct molecules once a chain and its reverse are identified) are prepared with a peak
// memory far below what holding the lines or molecules would take. Labelled slow (about a
// minute on 2 cores): `make test-all` runs it.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "test_support.h"

namespace sild {
namespace {

TEST(PrepareStreamingSlowTest, TwoMillionLinesInBoundedMemory) {
  constexpr int kAtoms = 21;
  constexpr int64_t kLines = int64_t{1} << kAtoms;
  constexpr int64_t kDistinct = (kLines + (int64_t{1} << ((kAtoms + 1) / 2))) / 2;  // chains up to reversal
  auto dir = test::temp_dir("streaming");
  {
    std::ofstream out(dir / "chains.smi");
    std::string chain(kAtoms, 'C');
    for (int64_t i = 0; i < kLines; ++i) {
      for (int bit = 0; bit < kAtoms; ++bit) chain[static_cast<size_t>(bit)] = (i >> bit) & 1 ? 'N' : 'C';
      out << chain << '\n';
    }
  }
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string binary = test::sild_binary().string();
    const std::string input = (dir / "chains.smi").string(), datasets = (dir / "datasets").string();
    const std::string store = (dir / "sild.sqlite").string(), log = (dir / "log.txt").string();
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    execl(binary.c_str(), binary.c_str(), "data", "prepare", "--input", input.c_str(), "--name", "chains",
          "--split", "random", "--datasets", datasets.c_str(), "--store", store.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "see " << (dir / "log.txt");
  const auto train = test::read_lines(dir / "datasets" / "chains" / "train.smi").size();
  const auto test_split = test::read_lines(dir / "datasets" / "chains" / "test.smi").size();
  EXPECT_EQ(static_cast<int64_t>(train + test_split), kDistinct);
  const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in kB on Linux
  std::printf("peak RSS %.0f MB for %lld lines (%lld distinct)\n", peak_mb, static_cast<long long>(kLines),
              static_cast<long long>(kDistinct));
  // The input alone is 46 MB of text; one RDKit molecule per line would be gigabytes.
  EXPECT_LT(peak_mb, 300.0);
}

}  // namespace
}  // namespace sild
