// Provenance in the store: files recorded per run, found again by path from another working
// directory spelling; only finished runs count as producers and consumers.
#include "src/store/run_files.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "src/store/database.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild::store {
namespace {

TEST(RunFilesTest, FollowsModelsAndLibrariesBetweenRuns) {
  auto dir = test::temp_dir("run-files");
  Database database((dir / "sild.sqlite").string());
  const std::string model = (dir / "model").string();
  const std::string library = (dir / "lib.smi").string();
  int64_t train_id = 0, generate_id = 0, failed_id = 0, eval_id = 0;
  {
    RunRecorder train(database, {"train", "t", "sild train"});
    record_run_file(database, train.id(), "model", "out", model + "/");  // trailing slash, same path
    train.finish();
    train_id = train.id();
  }
  {
    RunRecorder generate(database, {"generate", "g", "sild generate"});
    record_run_file(database, generate.id(), "model", "in", (dir / "x" / ".." / "model").string());
    record_run_file(database, generate.id(), "library", "out", library);
    generate.finish();
    generate_id = generate.id();
  }
  {
    RunRecorder failed(database, {"generate", "f", "sild generate"});
    record_run_file(database, failed.id(), "library", "out", library);
    failed_id = failed.id();
    failed.finish("failed", "test");
  }
  {
    RunRecorder eval(database, {"eval", "e", "sild eval"});
    record_run_file(database, eval.id(), "generated", "in", library);
    eval.finish();
    eval_id = eval.id();
  }
  EXPECT_EQ(producer_of(database, model), train_id);
  EXPECT_EQ(producer_of(database, library), generate_id);  // the failed run does not count
  EXPECT_NE(producer_of(database, library), failed_id);
  EXPECT_EQ(consumers_of(database, model), (std::vector<int64_t>{generate_id}));
  EXPECT_EQ(consumers_of(database, library, "eval"), (std::vector<int64_t>{eval_id}));
  EXPECT_TRUE(consumers_of(database, library, "train").empty());
  EXPECT_FALSE(producer_of(database, (dir / "other.smi").string()).has_value());
  auto files = run_files(database, generate_id);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].direction, "in");
  EXPECT_EQ(files[0].path, normalised_path(model));
  EXPECT_EQ(files[1].role, "library");
  EXPECT_TRUE(std::filesystem::path(files[1].path).is_absolute());
}

}  // namespace
}  // namespace sild::store
