// Losses: the KL term against its closed form, the VAE/SiLD difference, and that a tiny model
// overfits 64 sequences to exact reconstruction with the SiLD objective.
#include "models/losses.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace sild::models {
namespace {

MoleculeAutoencoderOptions tiny(bool variational) {
  return MoleculeAutoencoderOptions(10, 12)
      .ambient_dim(16)
      .model_dim(64)
      .heads(4)
      .encoder_layers(2)
      .decoder_layers(2)
      .latent_tokens(1)
      .latent_channels(32)
      .variational(variational);
}

Stage1Batch random_batch(int64_t n) {
  auto tokens = torch::randint(4, 10, {n, 12}, torch::kLong);
  auto lengths = torch::randint(4, 11, {n}, torch::kLong);
  auto positions = torch::arange(12).unsqueeze(0);
  auto padding = positions >= (lengths.unsqueeze(1) + 1);
  tokens.masked_fill_(padding, 0);
  tokens.index_put_({torch::indexing::Slice(), 0}, 1);
  return {tokens, padding};
}

TEST(LossesTest, VaeKlMatchesTheClosedFormAndVanishesAtThePrior) {
  torch::manual_seed(0);
  MoleculeAutoencoder model(tiny(true));
  auto batch = random_batch(8);
  auto losses = vae_stage1_loss(model, batch, 0.5, torch::randn({8, 1, 32}));
  auto encoded = model->encode(model->embed(batch.tokens), batch.padding);
  auto mu = encoded.mean.to(torch::kDouble);
  auto lv = encoded.log_var.to(torch::kDouble);
  double expected = 0.0;
  for (int64_t i = 0; i < 8; ++i) {
    for (int64_t j = 0; j < 32; ++j) {
      double m = mu[i][0][j].item<double>(), v = lv[i][0][j].item<double>();
      expected += 0.5 * (m * m + std::exp(v) - 1 - v);
    }
  }
  EXPECT_NEAR(losses.kl.item<double>(), expected / 8, 1e-4);
  EXPECT_NEAR(losses.loss.item<double>(),
              losses.reconstruction.item<double>() + 0.5 * losses.kl.item<double>(), 1e-5);
}

TEST(LossesTest, ATinySildModelOverfits64SequencesToExactReconstruction) {
  torch::manual_seed(1);
  torch::set_num_threads(1);
  MoleculeAutoencoder model(tiny(false));
  auto batch = random_batch(64);
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(2e-3).weight_decay(0.0));
  // Train until the clean reconstruction G(E(x)) is exact (checked every 25 steps), at most 800
  // steps: where training stops depends on floating-point details of the BLAS kernel, exactness
  // does not.
  auto clean_accuracy = [&] {
    torch::NoGradGuard no_grad;
    model->eval();
    auto clean = model->decode(model->encode(model->embed(batch.tokens), batch.padding).mean);
    model->train();
    return reconstruction_accuracy(clean, batch.tokens);
  };
  for (int step = 1; step <= 800; ++step) {
    auto sigma = torch::full({64}, 0.05);
    auto losses = sild_stage1_loss(model, batch, sigma, torch::randn({64, 12, 16}));
    optimizer.zero_grad();
    losses.loss.backward();
    optimizer.step();
    if (step % 25 == 0 && step > 50 && clean_accuracy().second == 1.0) break;
  }
  auto [token, sequence] = clean_accuracy();
  EXPECT_EQ(token, 1.0);
  EXPECT_EQ(sequence, 1.0);
}

TEST(LossesTest, ZeroLatentNoiseIsThePlainLossAndAnyOtherChangesIt) {
  torch::manual_seed(3);
  MoleculeAutoencoder model(tiny(false));
  model->eval();
  auto batch = random_batch(16);
  auto sigma = torch::full({16}, 0.1);
  auto noise = torch::randn({16, 12, 16});
  auto plain = sild_stage1_loss(model, batch, sigma, noise).loss.item<double>();
  LatentNoise none{torch::zeros({16}), torch::randn({16, 1, 32})};
  EXPECT_EQ(sild_stage1_loss(model, batch, sigma, noise, &none).loss.item<double>(), plain);
  LatentNoise some{torch::full({16}, 0.5), torch::randn({16, 1, 32})};
  EXPECT_NE(sild_stage1_loss(model, batch, sigma, noise, &some).loss.item<double>(), plain);
}

// The reason for latent noise: a decoder trained on perturbed latents still decodes latents a
// little off the encoded ones, where the plain decoder has never been and errs.
TEST(LossesTest, LatentNoiseMakesTheDecoderTolerateOffManifoldLatents) {
  torch::set_num_threads(1);
  torch::manual_seed(2);
  auto batch = random_batch(64);
  auto options = MoleculeAutoencoderOptions(10, 12)
                     .ambient_dim(16)
                     .model_dim(32)
                     .heads(2)
                     .encoder_layers(1)
                     .decoder_layers(1)
                     .latent_tokens(1)
                     .latent_channels(16);
  auto train = [&](double tau) {
    torch::manual_seed(5);
    MoleculeAutoencoder model(options);
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(3e-3).weight_decay(0.0));
    for (int step = 1; step <= 1200; ++step) {
      auto sigma = torch::full({64}, 0.05);
      LatentNoise latent{tau * torch::rand({64}), torch::randn({64, 1, 16})};
      auto losses = sild_stage1_loss(model, batch, sigma, torch::randn({64, 12, 16}), &latent);
      optimizer.zero_grad();
      losses.loss.backward();
      optimizer.step();
    }
    model->eval();
    torch::NoGradGuard no_grad;
    auto z = model->encode(model->embed(batch.tokens), batch.padding).mean;
    // Each latent moved by half the batch's spread per coordinate: (token, sequence) accuracy.
    torch::manual_seed(9);
    auto off = z + 0.5 * z.std(0, true, true) * torch::randn(z.sizes());
    return std::pair{reconstruction_accuracy(model->decode(z), batch.tokens),
                     reconstruction_accuracy(model->decode(off), batch.tokens)};
  };
  const auto [plain_clean, plain_off] = train(0.0);
  const auto [noisy_clean, noisy_off] = train(0.3);
  // Measured when written: plain 0.80 exact on clean latents, 0.23 off them; tau = 0.3: 1.0, 0.59.
  EXPECT_GE(noisy_clean.second, 0.9) << "latent noise must not cost the reconstruction of E(x)";
  EXPECT_GT(noisy_off.first, plain_off.first + 0.05) << "token accuracy off the encoded latents";
  EXPECT_GT(noisy_off.second, plain_off.second + 0.15)
      << "exact sequences off the encoded latents: plain " << plain_off.second << ", with latent noise "
      << noisy_off.second;
}

TEST(LossesTest, Stage2LossIsZeroForThePerfectDenoiserOfAPointMass) {
  LatentDenoiser denoiser(LatentDenoiserOptions(1, 4).hidden(16).layers(1).noise_features(8));
  // With F = 0 the denoiser returns z/(1+σ²), the exact posterior mean when z0 ~ N(0, I)...
  // ...and for z0 = 0 with zero noise the weighted error is exactly 0.
  auto zero = torch::zeros({3, 1, 4});
  auto loss = stage2_loss(denoiser, zero, torch::tensor({0.5, 1.0, 2.0}), torch::zeros({3, 1, 4}),
                          LossWeighting::kEdm);
  EXPECT_DOUBLE_EQ(loss.item<double>(), 0.0);
  auto ones = torch::ones({1, 1, 4});
  auto l =
      stage2_loss(denoiser, ones, torch::tensor({1.0}), torch::zeros({1, 1, 4}), LossWeighting::kUniform);
  EXPECT_NEAR(l.item<double>(), 0.25, 1e-6);  // D = 1/(1+1) = 0.5, error² = 0.25
}

}  // namespace
}  // namespace sild::models
