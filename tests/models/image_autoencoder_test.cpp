// The image Stage-1 networks and loop: latent shapes follow the options, the VAE switch changes
// only the encoder head, latent tokens round-trip to maps, a short SiLD run overfits a few
// images, the baseline's KL is the closed form, and resuming continues the same run.
#include "models/images/image_autoencoder.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "common/errors.h"
#include "models/images/image_stage1_trainer.h"
#include "models/latents.h"
#include "test_support.h"

namespace sild::models {
namespace {

TEST(ImageAutoencoderTest, LatentShapeFollowsLevelsAndDecoderMirrorsTheEncoder) {
  torch::manual_seed(0);
  ImageAutoencoder model(ImageAutoencoderOptions(3, 28).width(8).levels(2).latent_channels(4));
  auto x = torch::rand({2, 3, 28, 28}) * 2 - 1;
  auto encoded = model->encode(x);
  EXPECT_EQ(encoded.mean.sizes(), (std::vector<int64_t>{2, 4, 7, 7}));
  EXPECT_FALSE(encoded.log_var.defined());
  EXPECT_EQ(model->latent_shape(), (std::vector<int64_t>{4, 7, 7}));
  EXPECT_EQ(model->decode(encoded.mean).sizes(), x.sizes());
  EXPECT_THROW(model->encode(torch::rand({2, 1, 28, 28})), c10::Error);
  EXPECT_THROW(ImageAutoencoder(ImageAutoencoderOptions(1, 28).levels(3)),
               c10::Error);  // 28 is not divisible by 8
}

TEST(ImageAutoencoderTest, TheVaeSwitchChangesOnlyTheEncoderHead) {
  ImageAutoencoder sild(ImageAutoencoderOptions(1, 16).width(8).levels(2).latent_channels(3));
  ImageAutoencoder vae(
      ImageAutoencoderOptions(1, 16).width(8).levels(2).latent_channels(3).variational(true));
  auto a = sild->named_parameters(), b = vae->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  int differing = 0;
  for (const auto& item : a) {
    ASSERT_TRUE(b.contains(item.key())) << item.key();
    if (item.value().sizes() != b[item.key()].sizes()) ++differing;
  }
  EXPECT_EQ(differing, 2);  // the last encoder convolution's weight and bias emit 2c channels
  auto encoded = vae->encode(torch::zeros({1, 1, 16, 16}));
  EXPECT_EQ(encoded.log_var.sizes(), encoded.mean.sizes());
}

TEST(ImageAutoencoderTest, LatentTokensRoundTripToMaps) {
  torch::manual_seed(1);
  ImageAutoencoder model(ImageAutoencoderOptions(1, 16).width(8).levels(2).latent_channels(3));
  auto images = torch::rand({5, 1, 16, 16}) * 2 - 1;
  auto tokens = encode_image_latents(model, images, torch::kCPU, 2);
  EXPECT_EQ(tokens.sizes(), (std::vector<int64_t>{5, 16, 3}));
  torch::NoGradGuard no_grad;
  auto maps = model->encode(images).mean;
  EXPECT_TRUE(torch::allclose(tokens_to_latent_map(tokens, model->latent_shape()), maps, 1e-6, 1e-6));
  EXPECT_TRUE(
      torch::allclose(tokens[3][5], maps[3].flatten(1).select(1, 5), 1e-6, 1e-6));  // token = latent pixel
}

TEST(ImageAutoencoderTest, ChannelStatisticsPoolOverTokensSoConstantPixelsStayConstant) {
  // Token 0 is a border pixel that barely moves; per-(token, channel) statistics would blow its
  // 1e-4 wobble up to unit variance, per-channel ones keep it near its mean.
  auto latents = torch::randn({500, 6, 2});
  latents.select(1, 0).mul_(1e-4);
  const auto stats = channel_statistics(latents);
  EXPECT_EQ(stats.mean.sizes(), (std::vector<int64_t>{1, 2}));
  auto pooled = stats.standardise(latents).reshape({-1, 2});
  EXPECT_TRUE(torch::allclose(pooled.mean(0), torch::zeros({2}), 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(pooled.std(0), torch::ones({2}), 1e-4, 1e-4));
  EXPECT_LT(stats.standardise(latents).select(1, 0).abs().max().item<double>(), 0.2);
  EXPECT_TRUE(torch::allclose(stats.unstandardise(stats.standardise(latents)), latents, 1e-5, 1e-6));
}

TEST(ImageAutoencoderTest, VaeLossAddsTheClosedFormKlPerPixel) {
  torch::manual_seed(2);
  ImageAutoencoder model(
      ImageAutoencoderOptions(1, 8).width(8).levels(1).latent_channels(2).variational(true));
  auto images = torch::rand({3, 1, 8, 8}) * 2 - 1;
  auto noise = torch::zeros({3, 2, 4, 4});
  auto losses = vae_image_loss(model, images, 0.5, noise);
  auto encoded = model->encode(images);
  auto kl = 0.5 * (encoded.mean.pow(2) + encoded.log_var.exp() - 1 - encoded.log_var).sum() / 3.0 / 64.0;
  EXPECT_NEAR(losses.kl.item<double>(), kl.item<double>(), 1e-6);
  auto reconstruction = (model->decode(encoded.mean) - images).pow(2).mean();  // zero noise: z = μ
  EXPECT_NEAR(losses.reconstruction.item<double>(), reconstruction.item<double>(), 1e-6);
  EXPECT_NEAR(losses.loss.item<double>(), reconstruction.item<double>() + 0.5 * kl.item<double>(), 1e-6);
}

ImageStage1Options short_run(int64_t steps, const std::string& checkpoint = {}) {
  ImageStage1Options options;
  options.loop.steps = steps;
  options.loop.batch_size = 8;
  options.loop.lr.peak = 3e-3;
  options.loop.lr.min = 3e-4;
  options.loop.lr.warmup_steps = 10;
  options.loop.eval_interval = 0;
  options.loop.checkpoint_interval = 50;
  options.loop.checkpoint_path = checkpoint;
  options.loop.log_interval = 1000;
  return options;
}

TEST(ImageStage1TrainerTest, SildOverfitsAFewImagesAndRejectsAMismatchedHead) {
  torch::manual_seed(3);
  // Eight smooth images (horizontal and vertical ramps of different phase) in [-1, 1].
  auto grid = torch::linspace(-1, 1, 16);
  std::vector<at::Tensor> list;
  for (int i = 0; i < 8; ++i) {
    auto ramp = torch::sin(grid * (1 + i % 4) + i).view({1, 16}).expand({16, 16});
    list.push_back((i < 4 ? ramp : ramp.t()).unsqueeze(0));
  }
  auto images = torch::stack(list).contiguous();
  ImageAutoencoder model(ImageAutoencoderOptions(1, 16).width(16).levels(2).latent_channels(4));
  const double before = image_reconstruction_mse(model, images, torch::kCPU);
  auto result = train_image_stage1(model, images, {}, short_run(300), torch::kCPU, {});
  EXPECT_EQ(result.steps_done, 300);
  const double after = image_reconstruction_mse(model, images, torch::kCPU);
  EXPECT_LT(after, 0.1 * before);
  EXPECT_LT(after, 2e-3);
  ASSERT_EQ(result.final_validation.size(), 1u);
  EXPECT_NEAR(result.final_validation[0].second, after, 1e-9);
  {
    torch::NoGradGuard no_grad;  // [-1, 1] differences are twice the [0, 1] ones: MSE / 4
    const double manual =
        ((model->decode(model->encode(images).mean) - images).pow(2).mean() / 4).item<double>();
    EXPECT_NEAR(after, manual, 1e-7);
  }
  ImageAutoencoder fresh(ImageAutoencoderOptions(1, 16).width(16).levels(2).latent_channels(4));
  EXPECT_THROW(train_image_stage1(fresh, images, {},
                                  [] {
                                    auto o = short_run(1);
                                    o.method = Method::kVaeLdm;  // the head does not match
                                    return o;
                                  }(),
                                  torch::kCPU, {}),
               ConfigError);
}

TEST(ImageStage1TrainerTest, ResumingFromACheckpointContinuesTheSameRun) {
  auto dir = test::temp_dir("image-stage1");
  auto images = torch::rand({16, 1, 8, 8}) * 2 - 1;
  auto make = [] {
    torch::manual_seed(4);
    return ImageAutoencoder(ImageAutoencoderOptions(1, 8).width(8).levels(1).latent_channels(2));
  };
  auto straight = make();
  train_image_stage1(straight, images, {}, short_run(100), torch::kCPU, {});
  auto interrupted = make();
  auto options = short_run(100, (dir / "stage1.ckpt").string());
  int polls = 0;
  options.loop.should_stop = [&] { return ++polls > 60; };  // stops at step 60 (after the step-50 checkpoint)
  EXPECT_TRUE(train_image_stage1(interrupted, images, {}, options, torch::kCPU, {}).stopped);
  auto resumed = make();
  options.loop.should_stop = {};
  options.loop.resume = true;
  auto result = train_image_stage1(resumed, images, {}, options, torch::kCPU, {});
  EXPECT_EQ(result.resumed_from, 60);
  auto a = straight->parameters(), b = resumed->parameters();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-4, 1e-5)) << i;
}

}  // namespace
}  // namespace sild::models
