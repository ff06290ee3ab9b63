// `sild train` and `sild sample` as a user runs them: kill -9 in the middle of training, then
// --resume finishes the run, and the loss curve after the last checkpoint is the one an
// uninterrupted run produces (same batches, same noise); the killed run shows as unfinished.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "common/json.h"
#include "src/store/curves.h"
#include "src/store/database.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild {
namespace {

std::vector<std::string> train_args(const std::filesystem::path& dir, const std::string& out) {
  return {test::sild_binary().string(),
          "--log-level",
          "warn",
          "train",
          "--data",
          (dir / "train.smi").string(),
          "--out",
          (dir / out).string(),
          "--store",
          (dir / "sild.sqlite").string(),
          "--threads",
          "1",
          "--repr",
          "smiles",
          "--ambient-dim",
          "8",
          "--model-dim",
          "16",
          "--heads",
          "2",
          "--encoder-layers",
          "1",
          "--decoder-layers",
          "1",
          "--latent-channels",
          "4",
          "--denoiser-hidden",
          "16",
          "--denoiser-layers",
          "1",
          "--stage1-steps",
          "300",
          "--stage2-steps",
          "20",
          "--stage1-batch",
          "8",
          "--stage2-batch",
          "8",
          "--warmup-steps",
          "5",
          "--log-interval",
          "1",
          "--eval-interval",
          "0",
          "--checkpoint-interval",
          "25",
          "--run-name",
          out};
}

pid_t spawn(std::vector<std::string> args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::map<int64_t, double> stage1_losses(store::Database& database, const std::string& name) {
  std::map<int64_t, double> losses;
  for (const auto& run : store::list_runs(database, 100)) {
    if (run.name != name) continue;
    for (const auto& point : store::run_curves(database, run.id)) {
      if (point.stage == "stage1" && point.name == "loss") losses[point.step] = point.value;
    }
  }
  return losses;
}

TEST(TrainCliTest, KilledTrainingResumesOnTheSameTrajectory) {
  auto dir = test::temp_dir("train-cli");
  {
    std::ofstream out(dir / "train.smi");
    for (int i = 0; i < 6; ++i) out << "CCO\nCCN\nc1ccccc1\nCC(=O)O\nCCCl\nOCCO\nCC#N\nC1CC1\n";
  }
  ASSERT_EQ(wait_for(spawn(train_args(dir, "straight"))), 0);

  pid_t victim = spawn(train_args(dir, "killed"));
  const auto checkpoint = dir / "killed" / "stage1.ckpt";
  for (int i = 0; i < 600 && !std::filesystem::exists(checkpoint); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(checkpoint));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  kill(victim, SIGKILL);
  EXPECT_EQ(wait_for(victim), -SIGKILL);

  auto resume_args = train_args(dir, "killed");
  resume_args.push_back("--resume");
  ASSERT_EQ(wait_for(spawn(resume_args)), 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "killed" / "denoiser.pt"));

  store::Database database((dir / "sild.sqlite").string());
  bool saw_unfinished = false;
  for (const auto& run : store::list_runs(database)) {
    if (run.name == "killed" && run.effective_status() == "unfinished") saw_unfinished = true;
  }
  EXPECT_TRUE(saw_unfinished);
  // Both "killed" runs together cover every step; where they overlap (steps redone after the
  // last checkpoint) and everywhere else, the losses equal the uninterrupted run's.
  auto straight = stage1_losses(database, "straight");
  auto killed = stage1_losses(database, "killed");
  ASSERT_EQ(straight.size(), 300u);
  EXPECT_TRUE(killed.count(300));
  EXPECT_GE(killed.size(), 250u);  // curves are flushed in blocks: the killed run may lose its last few
  for (const auto& [step, loss] : killed) EXPECT_NEAR(loss, straight.at(step), 1e-6) << "step " << step;

  auto sample = spawn({test::sild_binary().string(), "--log-level", "warn", "sample", "--model",
                       (dir / "killed").string(), "-n", "25", "--output", (dir / "samples.smi").string(),
                       "--store", (dir / "sild.sqlite").string(), "--steps", "5"});
  ASSERT_EQ(wait_for(sample), 0);
  EXPECT_EQ(test::read_lines(dir / "samples.smi").size(), 25u);
}

}  // namespace
}  // namespace sild

namespace sild {
namespace {

TEST(TrainCliTest, NprocTwoTrainsWithTwoLocalWorkersAndOneRun) {
  auto dir = test::temp_dir("train-nproc");
  {
    std::ofstream out(dir / "train.smi");
    for (int i = 0; i < 6; ++i) out << "CCO\nCCN\nc1ccccc1\nCC(=O)O\nCCCl\nOCCO\nCC#N\nC1CC1\n";
  }
  auto args = train_args(dir, "ddp");
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--stage1-steps") args[i + 1] = "20";
  }
  args.push_back("--nproc");
  args.push_back("2");
  ASSERT_EQ(wait_for(spawn(args)), 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "ddp" / "denoiser.pt"));
  store::Database database((dir / "sild.sqlite").string());
  auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 1u);  // only rank 0 records the run
  EXPECT_EQ(runs[0].status, "finished");
  EXPECT_EQ(stage1_losses(database, "ddp").size(), 20u);
  // The run row holds the resolved configuration as JSON, every key of the field table.
  const auto config = Json::parse(runs[0].config);
  EXPECT_EQ(config["model-dim"], 16);
  EXPECT_EQ(config["stage1-steps"], 20);
  EXPECT_EQ(config["precision"], "fp32");
  EXPECT_EQ(config["max-length"].get<int64_t>() > 0, true) << runs[0].config;  // resolved from the data
  EXPECT_EQ(config["out"], (dir / "ddp").string());
}

}  // namespace
}  // namespace sild

namespace sild {
namespace {

TEST(TrainCliTest, CtrlCCheckpointsExitsWith130AndResumes) {
  auto dir = test::temp_dir("train-sigint");
  {
    std::ofstream out(dir / "train.smi");
    for (int i = 0; i < 6; ++i) out << "CCO\nCCN\nc1ccccc1\nCC(=O)O\nCCCl\nOCCO\nCC#N\nC1CC1\n";
  }
  auto args = train_args(dir, "interrupted");
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--stage1-steps") args[i + 1] = "1000";
  }
  pid_t pid = spawn(args);
  const auto checkpoint = dir / "interrupted" / "stage1.ckpt";
  for (int i = 0; i < 600 && !std::filesystem::exists(checkpoint); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(checkpoint));
  kill(pid, SIGINT);
  EXPECT_EQ(wait_for(pid), 130);
  store::Database database((dir / "sild.sqlite").string());
  auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "interrupted");
  EXPECT_FALSE(std::filesystem::exists(dir / "interrupted" / "autoencoder.pt"));
  args.push_back("--resume");  // continues from the checkpoint with the stored config.ini
  EXPECT_EQ(wait_for(spawn(args)), 0);
}

}  // namespace
}  // namespace sild
