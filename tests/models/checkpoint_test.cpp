// Checkpoints: round trip gives identical outputs; truncated, foreign and mismatched files give
// a clear InputError; a failed write leaves the previous checkpoint intact.
#include "models/checkpoint.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "common/errors.h"
#include "models/molecule_autoencoder.h"
#include "test_support.h"

namespace sild::models {
namespace {

MoleculeAutoencoderOptions tiny(int64_t vocab = 10) {
  return MoleculeAutoencoderOptions(vocab, 8)
      .ambient_dim(8)
      .model_dim(16)
      .heads(2)
      .encoder_layers(1)
      .decoder_layers(1)
      .latent_channels(4);
}

TEST(CheckpointTest, SaveLoadRoundTripGivesIdenticalOutputs) {
  auto dir = test::temp_dir("ckpt");
  auto path = (dir / "ae.pt").string();
  torch::manual_seed(0);
  MoleculeAutoencoder a(tiny());
  save_module(*a, "autoencoder", path);
  torch::manual_seed(1);
  MoleculeAutoencoder b(tiny().embedding_seed(5));
  load_module(*b, "autoencoder", path);
  a->eval();
  b->eval();
  auto tokens = torch::randint(0, 10, {3, 8}, torch::kLong);
  auto padding = torch::zeros({3, 8}, torch::kBool);
  auto out_a = a->decode(a->encode(a->embed(tokens), padding).mean);
  auto out_b = b->decode(b->encode(b->embed(tokens), padding).mean);
  EXPECT_TRUE(torch::equal(out_a, out_b));
}

TEST(CheckpointTest, TruncatedForeignAndMismatchedFilesAreClearErrors) {
  auto dir = test::temp_dir("ckpt-bad");
  auto path = (dir / "ae.pt").string();
  MoleculeAutoencoder model(tiny());
  save_module(*model, "autoencoder", path);
  auto size = std::filesystem::file_size(path);

  auto truncated = (dir / "truncated.pt").string();
  std::filesystem::copy_file(path, truncated);
  std::filesystem::resize_file(truncated, size / 2);
  EXPECT_THROW(load_module(*model, "autoencoder", truncated), InputError);

  auto garbage = (dir / "garbage.pt").string();
  std::ofstream(garbage) << "not a checkpoint";
  EXPECT_THROW(load_module(*model, "autoencoder", garbage), InputError);

  EXPECT_THROW(load_module(*model, "denoiser", path), InputError);

  MoleculeAutoencoder other_vocabulary(tiny(12));
  try {
    load_module(*other_vocabulary, "autoencoder", path);
    FAIL() << "vocabulary mismatch accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("shape"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
  EXPECT_THROW(load_module(*model, "autoencoder", (dir / "missing.pt").string()), IoError);
}

TEST(CheckpointTest, AFailedWriteLeavesThePreviousCheckpointIntact) {
  auto dir = test::temp_dir("ckpt-fail");
  auto path = (dir / "ae.pt").string();
  MoleculeAutoencoder model(tiny());
  save_module(*model, "autoencoder", path);
  auto before = std::filesystem::file_size(path);
  // A directory where the temp file must go makes the write fail.
  std::filesystem::create_directory(path + ".tmp." + std::to_string(::getpid()));
  EXPECT_THROW(save_module(*model, "autoencoder", path), IoError);
  EXPECT_EQ(std::filesystem::file_size(path), before);
  load_module(*model, "autoencoder", path);
}

TEST(CheckpointTest, TrainingCheckpointHoldsOptimizerStepAndParts) {
  auto dir = test::temp_dir("ckpt-opt");
  const auto path = (dir / "train.ckpt").string();
  torch::nn::Linear model(3, 2), ema(3, 2);
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(0.1));
  model(torch::ones({1, 3})).sum().backward();
  optimizer.step();
  save_training_checkpoint(*model, optimizer, 7, "stage2", path, {{"stage2-ema", ema.ptr().get()}});

  torch::nn::Linear model2(3, 2), ema2(3, 2);
  torch::optim::AdamW restored(model2->parameters(), torch::optim::AdamWOptions(0.1));
  EXPECT_EQ(load_training_checkpoint(*model2, restored, "stage2", path, {{"stage2-ema", ema2.ptr().get()}}),
            7);
  auto& state = static_cast<torch::optim::AdamWParamState&>(*restored.state().begin()->second);
  EXPECT_EQ(state.step(), 1);
  EXPECT_TRUE(torch::equal(model->weight, model2->weight));
  EXPECT_TRUE(torch::equal(ema->weight, ema2->weight));
  // A part the file does not hold is an InputError naming the file, not a crash.
  torch::nn::Linear other(3, 2);
  EXPECT_THROW(
      load_training_checkpoint(*model2, restored, "stage2", path, {{"missing-part", other.ptr().get()}}),
      InputError);
}

}  // namespace
}  // namespace sild::models
