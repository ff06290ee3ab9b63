// Network shapes and masks, the VAE switch, and the latent denoiser's preconditioning.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "models/latent_denoiser.h"
#include "models/molecule_autoencoder.h"

namespace sild::models {
namespace {

MoleculeAutoencoderOptions tiny(bool variational = false) {
  return MoleculeAutoencoderOptions(12, 10)
      .ambient_dim(16)
      .model_dim(32)
      .heads(2)
      .encoder_layers(1)
      .decoder_layers(1)
      .latent_tokens(2)
      .latent_channels(8)
      .variational(variational);
}

TEST(NetworksTest, AutoencoderShapesFollowTheOptions) {
  torch::manual_seed(0);
  MoleculeAutoencoder model(tiny());
  auto tokens = torch::randint(0, 12, {5, 10}, torch::kLong);
  auto ambient = model->embed(tokens);
  EXPECT_EQ(ambient.sizes(), (std::vector<int64_t>{5, 10, 16}));
  // Every ambient token vector has norm embedding_norm·sqrt(A).
  EXPECT_TRUE(torch::allclose(ambient.norm(2, -1), torch::full({5, 10}, 4.0f), 1e-5, 1e-5));
  auto padding = torch::zeros({5, 10}, torch::kBool);
  auto latent = model->encode(ambient, padding);
  EXPECT_EQ(latent.mean.sizes(), (std::vector<int64_t>{5, 2, 8}));
  EXPECT_FALSE(latent.log_var.defined());
  EXPECT_EQ(model->decode(latent.mean).sizes(), (std::vector<int64_t>{5, 10, 12}));
  EXPECT_THROW(model->decode(torch::zeros({5, 3, 8})), c10::Error);
}

TEST(NetworksTest, PaddedPositionsDoNotInfluenceTheLatent) {
  torch::manual_seed(0);
  MoleculeAutoencoder model(tiny());
  model->eval();
  auto tokens = torch::randint(4, 12, {3, 10}, torch::kLong);
  auto padding = torch::zeros({3, 10}, torch::kBool);
  padding.index_put_({torch::indexing::Slice(), torch::indexing::Slice(6)}, true);
  auto ambient = model->embed(tokens);
  auto changed = ambient.clone();
  changed.index_put_({torch::indexing::Slice(), torch::indexing::Slice(6)}, torch::randn({3, 4, 16}));
  auto a = model->encode(ambient, padding).mean;
  auto b = model->encode(changed, padding).mean;
  EXPECT_TRUE(torch::allclose(a, b, 1e-5, 1e-6));
  auto unmasked = model->encode(changed, torch::zeros({3, 10}, torch::kBool)).mean;
  EXPECT_FALSE(torch::allclose(a, unmasked, 1e-5, 1e-6));
}

TEST(NetworksTest, TheVaeSwitchChangesOnlyTheEncoderHead) {
  MoleculeAutoencoder sild(tiny(false));
  MoleculeAutoencoder vae(tiny(true));
  auto sild_parameters = sild->named_parameters();
  auto vae_parameters = vae->named_parameters();
  ASSERT_EQ(sild_parameters.size(), vae_parameters.size());
  for (const auto& item : sild_parameters) {
    ASSERT_TRUE(vae_parameters.contains(item.key())) << item.key();
    bool same_shape = item.value().sizes() == vae_parameters[item.key()].sizes();
    bool head = item.key().rfind("to_latent.", 0) == 0;
    EXPECT_EQ(same_shape, !head) << item.key();
  }
  auto out =
      vae->encode(vae->embed(torch::zeros({2, 10}, torch::kLong)), torch::zeros({2, 10}, torch::kBool));
  ASSERT_TRUE(out.log_var.defined());
  EXPECT_EQ(out.log_var.sizes(), out.mean.sizes());
}

TEST(NetworksTest, OneHotAmbientSpaceIsScaledIdentity) {
  MoleculeAutoencoder model(tiny().one_hot(true));
  EXPECT_EQ(model->ambient_dim(), 12);
  auto table = model->embedding_table();
  EXPECT_TRUE(torch::allclose(table, torch::eye(12) * std::sqrt(12.0)));
}

TEST(NetworksTest, LatentDenoiserStartsAsCskipAndHasBothArchitectures) {
  torch::manual_seed(0);
  for (int64_t tokens : {1, 3}) {
    LatentDenoiser denoiser(
        LatentDenoiserOptions(tokens, 8).hidden(32).layers(2).heads(2).noise_features(16));
    EXPECT_EQ(denoiser->is_mlp(), tokens == 1);
    auto z = torch::randn({4, tokens, 8});
    auto sigma = torch::tensor({0.1, 1.0, 3.0, 10.0});
    auto out = denoiser->forward(z, sigma);
    ASSERT_EQ(out.sizes(), z.sizes());
    // With the output layer zero-initialised, D(z, σ) = z / (1 + σ²) exactly.
    auto expected = z / (1 + sigma * sigma).view({-1, 1, 1});
    EXPECT_TRUE(torch::allclose(out, expected, 1e-5, 1e-6)) << "m=" << tokens;
  }
}

TEST(NetworksTest, LatentDenoiserGivesTheSameOutputWhenTheBatchSharesOneSigma) {
  // A sampler's batch shares one σ, which F embeds once and broadcasts; every row must come out
  // as if it had been denoised on its own (a batch of one takes the per-row path).
  torch::manual_seed(1);
  for (int64_t tokens : {1, 3}) {
    LatentDenoiser denoiser(
        LatentDenoiserOptions(tokens, 8).hidden(32).layers(2).heads(2).noise_features(16));
    for (auto& p : denoiser->parameters()) {
      torch::NoGradGuard no_grad;
      p.add_(0.1 * torch::randn(p.sizes()));  // leave the zero-initialised start behind
    }
    auto z = torch::randn({5, tokens, 8});
    auto together = denoiser->forward(z, torch::full({5}, 0.7));
    for (int64_t i = 0; i < 5; ++i) {
      auto alone = denoiser->forward(z.slice(0, i, i + 1), torch::full({1}, 0.7));
      EXPECT_TRUE(torch::allclose(together.slice(0, i, i + 1), alone, 1e-5, 1e-6))
          << "m=" << tokens << " row " << i;
    }
    // Mixed σ in one batch still condition each row on its own σ.
    auto mixed = denoiser->forward(z, torch::tensor({0.7, 0.7, 2.0, 0.7, 0.7}));
    EXPECT_TRUE(torch::allclose(mixed.slice(0, 0, 2), together.slice(0, 0, 2), 1e-5, 1e-6));
    EXPECT_FALSE(torch::allclose(mixed.slice(0, 2, 3), together.slice(0, 2, 3), 1e-3, 1e-4));
  }
}

}  // namespace
}  // namespace sild::models
