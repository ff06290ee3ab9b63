// Data parallelism: two processes on 127.0.0.1 (Gloo) take the same optimisation steps as one
// process on the combined batch, and only rank 0 writes the checkpoint.
#include "models/distributed.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.h"
#include "models/stage1_trainer.h"
#include "test_support.h"

namespace sild::models {
namespace {

MoleculeAutoencoderOptions tiny() {
  return MoleculeAutoencoderOptions(9, 8)
      .ambient_dim(8)
      .model_dim(16)
      .heads(2)
      .encoder_layers(1)
      .decoder_layers(1)
      .latent_channels(4);
}

TokenData fixed_data() {
  torch::manual_seed(42);
  auto tokens = torch::randint(4, 9, {32, 8}, torch::kLong);
  return {tokens, torch::zeros({32, 8}, torch::kBool)};
}

Stage1Options options_for(const std::string& checkpoint) {
  Stage1Options options;
  options.loop.steps = 6;
  options.loop.batch_size = 8;
  options.loop.eval_interval = 0;
  options.loop.checkpoint_interval = 0;
  options.loop.seed = 9;
  options.loop.checkpoint_path = checkpoint;
  return options;
}

void write_parameters(MoleculeAutoencoder& model, const std::string& path) {
  torch::save(torch::cat([&] {
                std::vector<at::Tensor> flat;
                for (const auto& p : model->parameters()) flat.push_back(p.detach().reshape({-1}));
                return flat;
              }()),
              path);
}

TEST(DistributedTest, EnvironmentDefaultsToASingleProcessAndRejectsBadRanks) {
  ::unsetenv("RANK");
  ::unsetenv("WORLD_SIZE");
  auto options = distributed_from_environment();
  EXPECT_EQ(options.world_size, 1);
  ::setenv("RANK", "2", 1);
  ::setenv("WORLD_SIZE", "2", 1);
  EXPECT_THROW(distributed_from_environment(), sild::ConfigError);
  ::setenv("WORLD_SIZE", "two", 1);
  EXPECT_THROW(distributed_from_environment(), sild::ConfigError);
  ::unsetenv("RANK");
  ::unsetenv("WORLD_SIZE");
}

TEST(DistributedTest, TwoProcessesTakeTheSameStepsAsOneOnTheCombinedBatch) {
  auto dir = test::temp_dir("ddp");
  auto data = fixed_data();
  // Reference: one process, global batch 8.
  {
    torch::set_num_threads(1);
    torch::manual_seed(1);
    MoleculeAutoencoder model(tiny());
    train_stage1(model, data, data, options_for((dir / "single.pt").string()), torch::kCPU, nullptr);
    write_parameters(model, (dir / "single.params").string());
  }
  const int port = 29000 + static_cast<int>(::getpid() % 1000);
  std::vector<pid_t> children;
  for (int rank = 0; rank < 2; ++rank) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        torch::set_num_threads(1);
        DistributedOptions distributed;
        distributed.rank = rank;
        distributed.world_size = 2;
        distributed.master_port = port;
        distributed.timeout_seconds = 60;
        ProcessGroup group(distributed);
        torch::manual_seed(1);
        MoleculeAutoencoder model(tiny());
        auto options = options_for((dir / ("ddp-rank" + std::to_string(rank) + ".pt")).string());
        options.loop.rank = rank;
        options.loop.world_size = 2;
        options.loop.sync_gradients = [&](std::vector<at::Tensor>& parameters) {
          group.average_gradients(parameters);
        };
        train_stage1(model, data, data, options, torch::kCPU, nullptr);
        write_parameters(model, (dir / ("rank" + std::to_string(rank) + ".params")).string());
        group.barrier();
      } catch (const std::exception& error) {
        std::fprintf(stderr, "rank %d failed: %s\n", rank, error.what());
        _exit(1);
      }
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  at::Tensor single, rank0, rank1;
  torch::load(single, (dir / "single.params").string());
  torch::load(rank0, (dir / "rank0.params").string());
  torch::load(rank1, (dir / "rank1.params").string());
  EXPECT_LT((rank0 - single).abs().max().item<double>(), 1e-5);
  EXPECT_TRUE(torch::equal(rank0, rank1));
  EXPECT_TRUE(std::filesystem::exists(dir / "ddp-rank0.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "ddp-rank1.pt"));
}

}  // namespace
}  // namespace sild::models
