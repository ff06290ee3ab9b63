// End-to-end checks of the `sild` executable: help, exit codes and one-line errors.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "test_support.h"

namespace sild {
namespace {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

CommandResult run_sild(const std::string& args) {
  std::string command = test::sild_binary().string() + " " + args + " 2>&1";
  CommandResult result{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(CliTest, HelpListsTheCommandsAndExitsZero) {
  auto result = run_sild("--help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("convert"), std::string::npos);
  EXPECT_NE(result.output.find("props"), std::string::npos);
  EXPECT_NE(result.output.find("--log-level"), std::string::npos);
}

TEST(CliTest, CommandHelpShowsOptionsWithDefaults) {
  auto result = run_sild("convert --help");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("--to"), std::string::npos);
  EXPECT_NE(result.output.find("(=default)"), std::string::npos) << result.output;
  EXPECT_EQ(run_sild("props --help").exit_code, 0);
}

TEST(CliTest, UsageErrorsExitTwoWithOneErrorLine) {
  auto unknown = run_sild("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(run_sild("convert --input x").exit_code, 2);  // missing --to/--output
  EXPECT_EQ(run_sild("convert --to inchi -i a -o b").exit_code, 2);
  EXPECT_EQ(run_sild("--log-level loud convert --help").exit_code, 2);
  EXPECT_EQ(run_sild("props --bogus").exit_code, 2);
}

TEST(CliTest, GlobalOptionsAreAcceptedAfterTheCommand) {
  EXPECT_EQ(run_sild("convert --help --log-level warn").exit_code, 0);
  EXPECT_EQ(run_sild("convert --log-level=warn --help").exit_code, 0);
  auto bad = run_sild("convert --help --log-level loud");  // the value is checked wherever it stands
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("loud"), std::string::npos) << bad.output;
  EXPECT_EQ(run_sild("convert --log-level").exit_code, 2);
}

TEST(CliTest, RuntimeErrorsExitOneAndNameTheFile) {
  auto dir = test::temp_dir("cli");
  auto result = run_sild("convert --to selfies -i " + (dir / "missing.smi").string() + " -o " +
                         (dir / "out.txt").string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("missing.smi"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
}

TEST(CliTest, ConvertKeepsLineAlignmentAndWarnsWithTheLineNumber) {
  auto dir = test::temp_dir("cli-convert");
  std::ofstream(dir / "in.smi") << "CCO\nC1CC\n\nc1ccccc1 benzene\n";
  auto result = run_sild("convert --to selfies -i " + (dir / "in.smi").string() + " -o " +
                         (dir / "out.selfies").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("in.smi:2"), std::string::npos) << result.output;
  auto lines = test::read_lines(dir / "out.selfies");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "[C][C][O]");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "[C][=C][C][=C][C][=C][Ring1][=Branch1]");
  auto back = run_sild("convert --to smiles -i " + (dir / "out.selfies").string() + " -o " +
                       (dir / "back.smi").string());
  ASSERT_EQ(back.exit_code, 0) << back.output;
  auto smiles = test::read_lines(dir / "back.smi");
  ASSERT_EQ(smiles.size(), 4u);
  EXPECT_EQ(smiles[0], "CCO");
  EXPECT_EQ(smiles[3], "C1=CC=CC=C1");
}

TEST(CliTest, PropsWritesOneRowPerInputWithEmptyFieldsForInvalid) {
  auto dir = test::temp_dir("cli-props");
  std::ofstream(dir / "in.csv") << "id,smiles\n1,CCO\n2,not_a_smiles\n3,\"c1ccccc1\"\n4,\"broken\n";
  auto result = run_sild("props -i " + (dir / "in.csv").string() + " -o " + (dir / "out.csv").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("in.csv:3"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("in.csv:5"), std::string::npos) << result.output;
  auto lines = test::read_lines(dir / "out.csv");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "smiles,valid,qed,sa,logp,mw");
  EXPECT_EQ(lines[1].rfind("CCO,1,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2], "not_a_smiles,0,,,,");
  EXPECT_EQ(lines[3].rfind("c1ccccc1,1,", 0), 0u) << lines[3];
  EXPECT_EQ(lines[4], ",0,,,,");
}

}  // namespace
}  // namespace sild

namespace sild {
namespace {

TEST(CliTest, TwoEvalProcessesWritingOneStoreAtOnceBothSucceed) {
  auto dir = test::temp_dir("cli-eval-concurrent");
  const auto data = test::data_dir() / "moses";
  const std::string store = (dir / "sild.sqlite").string();
  const std::string args = "--log-level warn eval --generated " + (data / "generated.smi").string() +
                           " --test " + (data / "test.smi").string() + " --train " +
                           (data / "train.smi").string() + " --threads 1 --store " + store;
  const std::string command = test::sild_binary().string() + " " + args + " > /dev/null 2>&1";
  FILE* first = popen(command.c_str(), "r");
  FILE* second = popen(command.c_str(), "r");
  ASSERT_TRUE(first != nullptr && second != nullptr);
  EXPECT_EQ(WEXITSTATUS(pclose(first)), 0);
  EXPECT_EQ(WEXITSTATUS(pclose(second)), 0);
  auto list = run_sild("runs list --store " + store);
  ASSERT_EQ(list.exit_code, 0);
  size_t finished = 0;
  for (size_t pos = 0; (pos = list.output.find("finished", pos)) != std::string::npos; ++pos) ++finished;
  EXPECT_EQ(finished, 2u) << list.output;
  auto show = run_sild("runs show 2 --store " + store);
  EXPECT_NE(show.output.find("Novelty"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("unavailable"), std::string::npos) << show.output;  // FCD
}

TEST(CliTest, RunsListFiltersByNameForScripts) {
  auto dir = test::temp_dir("cli-runs-name");
  const auto data = test::data_dir() / "moses";
  const std::string store = (dir / "sild.sqlite").string();
  for (const char* name : {"first", "second", "first"}) {
    auto eval =
        run_sild("--log-level warn eval --generated " + (data / "generated.smi").string() + " --test " +
                 (data / "test.smi").string() + " --threads 1 --store " + store + " --run-name " + name);
    ASSERT_EQ(eval.exit_code, 0) << eval.output;
  }
  auto first = run_sild("runs list --name first --ids-only --store " + store);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(first.output, "3\n1\n");  // newest first
  auto second = run_sild("runs list --kind eval --name second --ids-only --store " + store);
  EXPECT_EQ(second.output, "2\n");
  EXPECT_EQ(run_sild("runs list --name none --ids-only --store " + store).output, "");
}

}  // namespace
}  // namespace sild
