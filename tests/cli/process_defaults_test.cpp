// The process defaults compiled into `sild` (src/program/, issue 17): jemalloc's decay setting
// and OpenMP's spin count reach the libraries without any environment variable, a user's own
// setting wins, and tensor-free commands do not pay for the restart.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

namespace sild {
namespace {

namespace fs = std::filesystem;

/// Standard error of `env -u GOMP_SPINCOUNT -u OMP_WAIT_POLICY -u MALLOC_CONF ENV sild ARGS`.
std::string stderr_of(const std::string& env, const std::string& args) {
  const fs::path dir = test::temp_dir("process_defaults");
  const fs::path err = dir / "stderr";
  const std::string command = "env -u GOMP_SPINCOUNT -u OMP_WAIT_POLICY -u MALLOC_CONF " + env + " '" +
                              test::sild_binary().string() + "' " + args + " > /dev/null 2> '" +
                              err.string() + "'";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove_all(dir);
  return text.str();
}

TEST(ProcessDefaultsTest, JemallocReadsTheCompiledInDecaySetting) {
  // confirm_conf makes jemalloc print each configuration source as it reads it.
  const std::string log = stderr_of("MALLOC_CONF=confirm_conf:true", "--version");
  if (log.find("<jemalloc>") == std::string::npos)
    GTEST_SKIP() << "not linked with jemalloc (sanitizer build)";
  EXPECT_NE(log.find("Set conf value: dirty_decay_ms:-1"), std::string::npos) << log;
  EXPECT_NE(log.find("Set conf value: muzzy_decay_ms:-1"), std::string::npos) << log;
}

TEST(ProcessDefaultsTest, TensorCommandsRunWithAShortOpenMpSpinUnlessTheUserSaysOtherwise) {
  // OMP_DISPLAY_ENV=verbose makes libgomp print the settings it initialised with.
  EXPECT_NE(stderr_of("OMP_DISPLAY_ENV=verbose", "train --help").find("GOMP_SPINCOUNT = '1000'"),
            std::string::npos);
  EXPECT_NE(
      stderr_of("OMP_DISPLAY_ENV=verbose GOMP_SPINCOUNT=77", "sample --help").find("GOMP_SPINCOUNT = '77'"),
      std::string::npos);
  EXPECT_NE(stderr_of("OMP_DISPLAY_ENV=verbose OMP_WAIT_POLICY=active", "train --help")
                .find("GOMP_SPINCOUNT = '30000000000'"),
            std::string::npos);
  // props computes no tensors: it is not restarted, so libgomp keeps its own default.
  EXPECT_NE(stderr_of("OMP_DISPLAY_ENV=verbose", "props --help").find("GOMP_SPINCOUNT = '300000'"),
            std::string::npos);
}

}  // namespace
}  // namespace sild
