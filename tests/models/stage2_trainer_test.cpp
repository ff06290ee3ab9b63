// Stage 2: latent statistics standardise; the trained denoiser + sampler reproduce a simple
// latent distribution; EMA tracks the weights; resume continues the trajectory.
#include "models/stage2_trainer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include "models/checkpoint.h"
#include "models/ema.h"
#include "models/latents.h"
#include "models/sampler.h"
#include "test_support.h"

namespace sild::models {
namespace {

TEST(Stage2TrainerTest, LatentStatisticsStandardiseAndRoundTrip) {
  auto latents = torch::randn({500, 2, 3}) * 4 + 7;
  auto stats = latent_statistics(latents);
  auto standard = stats.standardise(latents);
  EXPECT_LT(standard.mean(0).abs().max().item<double>(), 1e-5);
  EXPECT_LT((standard.std(0) - 1).abs().max().item<double>(), 1e-5);
  EXPECT_TRUE(torch::allclose(stats.unstandardise(standard), latents, 1e-4, 1e-4));
  auto path = (test::temp_dir("latent-stats") / "stats.pt").string();
  stats.save(path);
  auto loaded = LatentStatistics::load(path);
  EXPECT_TRUE(torch::equal(loaded.mean, stats.mean));
}

TEST(Stage2TrainerTest, EmaMovesTowardTheWeights) {
  torch::nn::Linear layer(2, 2);
  Ema ema(*layer, 0.5, /*updates_done=*/100);  // past the warm-up: the decay is 0.5
  auto before = layer->weight.clone();
  {
    torch::NoGradGuard no_grad;
    layer->weight.add_(2.0);
  }
  ema.update(*layer);
  torch::nn::Linear copy(2, 2);
  ema.copy_to(*copy);
  EXPECT_TRUE(torch::allclose(copy->weight, before + 1.0));
}

TEST(Stage2TrainerTest, EmaDecayWarmsUpToTheLongRunDecay) {
  EXPECT_DOUBLE_EQ(ema_decay_at(0.999, 0), 0.1);
  EXPECT_DOUBLE_EQ(ema_decay_at(0.999, 90), 0.91);
  EXPECT_DOUBLE_EQ(ema_decay_at(0.999, 10000), 0.999);
  EXPECT_DOUBLE_EQ(ema_decay_at(0.5, 3), 4.0 / 13.0);
  EXPECT_DOUBLE_EQ(ema_decay_at(0.5, 10), 0.5);
  // The first update of a fresh average keeps only a tenth of the initial weights.
  torch::nn::Linear layer(2, 2);
  Ema ema(*layer, 0.999);
  auto before = layer->weight.clone();
  {
    torch::NoGradGuard no_grad;
    layer->weight.add_(1.0);
  }
  ema.update(*layer);
  torch::nn::Linear copy(2, 2);
  ema.copy_to(*copy);
  EXPECT_TRUE(torch::allclose(copy->weight, before + 0.9));
}

TEST(Stage2TrainerTest, ATrainedDenoiserSamplesTheLatentDistribution) {
  torch::manual_seed(0);
  torch::set_num_threads(1);
  // Standardised latents from a two-mode mixture in 2-D (m = 1, c = 2).
  auto signs = torch::randint(0, 2, {2048, 1, 1}).to(torch::kFloat) * 2 - 1;
  auto latents = signs * torch::tensor({1.0f, 0.0f}).view({1, 1, 2}) * 0.9 + 0.3 * torch::randn({2048, 1, 2});
  LatentDenoiser denoiser(LatentDenoiserOptions(1, 2).hidden(64).layers(2).noise_features(16));
  LatentDenoiser ema(LatentDenoiserOptions(1, 2).hidden(64).layers(2).noise_features(16));
  Stage2Options options;
  options.loop.steps = 1500;
  options.loop.batch_size = 256;
  options.loop.lr.peak = 2e-3;
  options.loop.lr.warmup_steps = 50;
  options.loop.eval_interval = 0;
  options.ema_decay = 0.99;
  auto result = train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, nullptr);
  EXPECT_EQ(result.steps_done, 1500);
  SamplerOptions sampler;
  sampler.kind = SamplerKind::kHeun;
  sampler.steps = 30;
  torch::NoGradGuard no_grad;
  auto samples = sample([&](const at::Tensor& x, const at::Tensor& s) { return ema->forward(x, s); },
                        torch::randn({4000, 1, 2}), sampler);
  auto first = samples.select(2, 0).flatten();
  // Both modes are present in about equal shares, near ±0.9, and the second channel stays narrow.
  double right = (first > 0).to(torch::kFloat).mean().item<double>();
  EXPECT_NEAR(right, 0.5, 0.08);
  EXPECT_NEAR(first.abs().mean().item<double>(), 0.9, 0.15);
  EXPECT_NEAR(samples.select(2, 1).std().item<double>(), 0.3, 0.1);
}

TEST(Stage2TrainerTest, AResumedRunContinuesTheLossTrajectory) {
  torch::set_num_threads(1);
  auto latents = torch::randn({64, 1, 4});
  auto dir = test::temp_dir("stage2-resume");
  auto make = [] {
    return LatentDenoiser(LatentDenoiserOptions(1, 4).hidden(16).layers(1).noise_features(8));
  };
  auto run = [&](const std::string& path, int stop_at, bool resume) {
    torch::manual_seed(3);
    auto denoiser = make();
    auto ema = make();
    Stage2Options options;
    options.loop.steps = 12;
    options.loop.batch_size = 16;
    options.loop.log_interval = 1;
    options.loop.eval_interval = 0;
    options.loop.checkpoint_path = path;
    options.loop.resume = resume;
    std::vector<double> losses;
    int64_t seen = 0;
    options.loop.should_stop = [&] { return stop_at > 0 && seen >= stop_at; };
    train_stage2(denoiser, ema, latents, {}, options, torch::kCPU, [&](const TrainEvent& event) {
      if (!event.validation) {
        losses.push_back(event.values[0].second);
        seen = event.step;
      }
    });
    return losses;
  };
  auto straight = run((dir / "a.pt").string(), 0, false);
  auto head = run((dir / "b.pt").string(), 5, false);
  auto tail = run((dir / "b.pt").string(), 0, true);
  ASSERT_EQ(head.size() + tail.size(), straight.size());
  for (size_t i = 0; i < tail.size(); ++i) EXPECT_NEAR(tail[i], straight[head.size() + i], 1e-6);
}

TEST(Stage2TrainerTest, AProcessKilledMidRunResumesWithTheEmaOfItsCheckpoint) {
  // The EMA lives inside stage2.ckpt: a process killed at any point resumes with the EMA of the
  // checkpoint's own step, and the final EMA equals an uninterrupted run's.
  torch::set_num_threads(1);
  auto latents = torch::randn({64, 1, 4});
  auto dir = test::temp_dir("stage2-kill");
  auto make = [] {
    return LatentDenoiser(LatentDenoiserOptions(1, 4).hidden(16).layers(1).noise_features(8));
  };
  auto options_for = [](const std::string& path) {
    Stage2Options options;
    options.loop.steps = 20;
    options.loop.batch_size = 16;
    options.loop.log_interval = 1;
    options.loop.eval_interval = 0;
    options.loop.checkpoint_interval = 5;
    options.loop.checkpoint_path = path;
    options.loop.resume = true;
    options.ema_decay = 0.9;
    return options;
  };
  auto train = [&](const std::string& path, int64_t kill_at) {
    torch::manual_seed(3);
    auto denoiser = make();
    auto ema = make();
    train_stage2(denoiser, ema, latents, {}, options_for(path), torch::kCPU, [&](const TrainEvent& event) {
      if (kill_at > 0 && event.step == kill_at) ::_exit(9);  // no unwinding, no final checkpoint
    });
    return ema;
  };
  auto straight = train((dir / "a.ckpt").string(), 0);
  const std::string path = (dir / "b.ckpt").string();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    train(path, 13);  // killed after the checkpoint of step 10, mid-way to the next
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 9);
  EXPECT_FALSE(std::filesystem::exists(path + ".ema"));  // one file, nothing beside it

  // The checkpoint holds step 10 and an EMA that is not the raw weights.
  auto weights = make();
  auto ema_at_10 = make();
  torch::optim::AdamW optimizer(weights->parameters(), torch::optim::AdamWOptions(1e-3));
  EXPECT_EQ(
      load_training_checkpoint(*weights, optimizer, "stage2", path, {{"stage2-ema", ema_at_10.ptr().get()}}),
      10);
  EXPECT_FALSE(torch::equal(weights->parameters()[0], ema_at_10->parameters()[0]));

  auto resumed = train(path, 0);
  auto a = straight->parameters(), b = resumed->parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_TRUE(torch::allclose(a[i], b[i], 0, 1e-6)) << "parameter " << i;
}

}  // namespace
}  // namespace sild::models
