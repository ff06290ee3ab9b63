// The README's tour, run as written: every line of the block after the "tour" marker that
// starts with build/sild runs in order, in an empty directory, with build/sild pointing at the
// binary under test. Then the files the tour promises exist and hold what they should.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/store/database.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild {
namespace {

std::vector<std::string> tour_commands() {
  std::ifstream readme(std::filesystem::path(SILD_TEST_DATA_DIR) / ".." / ".." / "README.md");
  std::vector<std::string> commands;
  std::string line;
  bool marker = false, inside = false;
  while (std::getline(readme, line)) {
    if (line.rfind("<!-- tour:", 0) == 0)
      marker = true;
    else if (marker && !inside && line.rfind("```", 0) == 0)
      inside = true;
    else if (inside && line.rfind("```", 0) == 0)
      break;
    else if (inside && line.rfind("build/sild", 0) == 0)
      commands.push_back(line);
  }
  return commands;
}

TEST(ReadmeTourTest, EveryTourCommandRunsInOrderAndLeavesItsOutputs) {
  const auto commands = tour_commands();
  ASSERT_GE(commands.size(), 14u) << "the README tour block was not found";
  const auto dir = test::temp_dir("tour");
  std::filesystem::create_directories(dir / "build");
  std::filesystem::create_symlink(test::sild_binary(), dir / "build" / "sild");
  for (const auto& command : commands) {
    // The newline ends a trailing "# comment" before the redirection.
    const std::string shell = "cd '" + dir.string() + "' && (" + command + "\n) > last.log 2>&1";
    const int status = std::system(shell.c_str());
    std::ifstream log(dir / "last.log");
    std::stringstream output;
    output << log.rdbuf();
    ASSERT_EQ(status, 0) << command << "\n" << output.str();
  }
  for (const char* file : {"datasets/nci/train.smi",
                           "datasets/nci/test_scaffolds.smi",
                           "test.selfies",
                           "test.decoded.smi",
                           "test.props.csv",
                           "model/denoiser.pt",
                           "samples.smi",
                           "recon.csv",
                           "latents.csv",
                           "decoded.csv",
                           "library.sdf",
                           "metrics.json",
                           "report.html",
                           "sild.sqlite",
                           "manifold/manifold.csv",
                           "manifold/effective_rank.svg",
                           "scaling/scaling.csv",
                           "scaling/error_vs_n.svg",
                           "model-tuned/denoiser.pt",
                           "model-tuned/init.txt",
                           "charrnn/charrnn.pt",
                           "model-half/denoiser.pt",
                           "model-half/novelty.bin"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "model-half/stage1.ckpt"));
  EXPECT_LT(std::filesystem::file_size(dir / "model-half/autoencoder.pt"),
            std::filesystem::file_size(dir / "model/autoencoder.pt"));
  EXPECT_EQ(test::read_lines(dir / "samples.smi").size(), 200u);
  EXPECT_EQ(test::read_lines(dir / "charrnn.smi").size(), 100u);
  // decode reads encode's table back: one row per encoded molecule (the header aside).
  size_t encoded = 0;
  for (const auto& line : test::read_lines(dir / "latents.csv"))
    encoded += line.find(",,") == std::string::npos;
  EXPECT_EQ(test::read_lines(dir / "decoded.csv").size(), encoded);
  size_t records = 0;
  for (const auto& line : test::read_lines(dir / "library.sdf")) records += line == "$$$$" ? 1 : 0;
  EXPECT_GT(records, 0u);
  EXPECT_LE(records, 100u);
  store::Database database((dir / "sild.sqlite").string());
  std::map<std::string, int> kinds;
  for (const auto& run : store::list_runs(database)) {
    EXPECT_EQ(run.status, "finished") << run.kind << " " << run.id;
    ++kinds[run.kind];
  }
  EXPECT_EQ(kinds["train"], 3);  // the model, its fine-tuned copy and the CharRNN
  EXPECT_EQ(kinds["generate"], 1);
  EXPECT_EQ(kinds["eval"], 1);
  EXPECT_EQ(kinds["experiment"], 2);  // manifold and scaling
  std::ifstream report(dir / "report.html");
  std::stringstream html;
  html << report.rdbuf();
  EXPECT_NE(html.str().find("<h2>Sampled molecules</h2>"), std::string::npos);
  EXPECT_NE(html.str().find("stage2: loss"), std::string::npos);
}

}  // namespace
}  // namespace sild
