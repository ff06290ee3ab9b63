// `sild experiment manifold` as a user runs it: the table, CSV, SVG plots and the store row.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "src/store/database.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild {
namespace {

TEST(ExperimentCliTest, ManifoldWritesTableCsvPlotsAndStoresTheRun) {
  auto dir = test::temp_dir("experiment");
  const std::string command =
      test::sild_binary().string() +
      " --log-level warn experiment manifold --k 2 --d 8 --manifold torus --n 512 --steps 200"
      " --hidden 32 --layers 1 --sigmas 0.01,0.05 --measure-every 100 --stage2-steps 100 --samples 200"
      " --threads 1 --out " +
      (dir / "out").string() + " --store " + (dir / "sild.sqlite").string() + " > " +
      (dir / "table.txt").string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto table = test::read_lines(dir / "table.txt");
  // header, two sigmas, summary; blank, header, sild, ambient, true vs true, Stage-2 steps
  ASSERT_EQ(table.size(), 10u);
  EXPECT_NE(table[0].find("eff.rank"), std::string::npos);
  EXPECT_NE(table[3].find("Stage 1: 200 of 200 steps;"), std::string::npos) << table[3];
  EXPECT_EQ(table[9], "Stage-2 steps: sild 100, ambient 100 of 100");
  EXPECT_EQ(test::read_lines(dir / "out" / "manifold.csv").size(), 3u);
  EXPECT_EQ(test::read_lines(dir / "out" / "generation.csv").size(), 4u);
  EXPECT_EQ(test::read_lines(dir / "out" / "training.csv").size(), 3u);  // steps 100 and 200
  for (const char* svg : {"effective_rank.svg", "normalised_error.svg", "rank_over_training.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / svg)) << svg;
  }
  store::Database database((dir / "sild.sqlite").string());
  auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].kind, "experiment");
  EXPECT_EQ(runs[0].status, "finished");
  EXPECT_TRUE(store::run_metrics(database, runs[0].id).count("effective_rank@0.01"));
  EXPECT_TRUE(store::run_metrics(database, runs[0].id).count("sild/sliced_wasserstein"));
  EXPECT_EQ(store::run_metrics(database, runs[0].id).at("stage1_steps"), std::optional<double>(200.0));
  const std::string bad =
      test::sild_binary().string() + " --log-level error experiment manifold --manifold cube --out " +
      (dir / "bad").string() + " --store " + (dir / "sild.sqlite").string() + " 2> /dev/null";
  EXPECT_NE(std::system(bad.c_str()), 0);
}

TEST(ExperimentCliTest, ScalingWritesOneRowPerCellAndMethodPlotsAndStoresTheRun) {
  auto dir = test::temp_dir("scaling");
  const std::string store = " --store " + (dir / "sild.sqlite").string();
  const std::string command =
      test::sild_binary().string() +
      " --log-level warn experiment scaling --k 2 --ns 64,128 --ds 4,12 --steps 100"
      " --stage2-steps 100 --hidden 32 --layers 1 --latent 4 --samples 200 --threads 1 --out " +
      (dir / "out").string() + store + " > " + (dir / "table.txt").string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto table = test::read_lines(dir / "table.txt");
  ASSERT_EQ(table.size(), 1u + 4u + 2u + 2u + 1u);  // header, 4 cells; blank, header, 2 n; summary
  EXPECT_NE(table[0].find("sild err"), std::string::npos);
  const auto csv = test::read_lines(dir / "out" / "scaling.csv");
  ASSERT_EQ(csv.size(), 1u + 4u * 3u);  // header, then sild, ambient and true per cell
  EXPECT_EQ(csv[1].rfind("4,64,sild,", 0), 0u);
  EXPECT_EQ(csv[12].rfind("12,128,true,", 0), 0u);
  for (const char* svg : {"error_vs_n.svg", "distance_vs_n.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / svg)) << svg;
  }
  store::Database database((dir / "sild.sqlite").string());
  auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "finished");
  const auto metrics = store::run_metrics(database, runs[0].id);
  EXPECT_TRUE(metrics.count("sild/stage2_error@n=64,d=12"));
  EXPECT_TRUE(metrics.count("ambient/d_spread@n=128"));
  const std::string bad = test::sild_binary().string() +
                          " --log-level error experiment scaling --ds 8,x --out " + (dir / "bad").string() +
                          store + " 2> " + (dir / "err.txt").string();
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  EXPECT_NE(test::read_lines(dir / "err.txt").at(0).find("--ds: 'x'"), std::string::npos);
}

TEST(ExperimentCliTest, SweepWritesOneRowPerCellAndCountsThePredictionsMet) {
  auto dir = test::temp_dir("sweep");
  const std::string store = " --store " + (dir / "sild.sqlite").string();
  const std::string command =
      test::sild_binary().string() +
      " --log-level warn experiment sweep --ks 1 --manifolds linear,sphere --ds 6 --seeds 0 --steps 100"
      " --stage2-steps 40 --hidden 16 --layers 1 --samples 100 --threads 1 --out " +
      (dir / "out").string() + store + " > " + (dir / "table.txt").string();
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto table = test::read_lines(dir / "table.txt");
  ASSERT_EQ(table.size(), 1u + 2u + 2u);  // header, 2 cells; blank, summary
  EXPECT_NE(table[1].find("linear"), std::string::npos);
  EXPECT_NE(table[4].find("cells"), std::string::npos);
  const auto csv = test::read_lines(dir / "out" / "sweep.csv");
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv[2].rfind("1,sphere,6,0,", 0), 0u);
  store::Database database((dir / "sild.sqlite").string());
  const auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(store::run_metrics(database, runs[0].id).at("cells"), std::optional<double>(2.0));
  const std::string bad = test::sild_binary().string() + " --log-level error experiment sweep --k 2 --out " +
                          (dir / "bad").string() + store + " 2> " + (dir / "err.txt").string();
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
  EXPECT_NE(test::read_lines(dir / "err.txt").at(0).find("--ks"), std::string::npos);
}

}  // namespace
}  // namespace sild
