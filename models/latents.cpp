// Latent encoding and statistics (see latents.h).
#include "models/latents.h"

#include <torch/torch.h>

#include <filesystem>

#include "common/errors.h"
#include "models/checkpoint.h"

namespace sild::models {

at::Tensor LatentStatistics::standardise(const at::Tensor& z) const {
  return (z - mean.to(z.device())) / std.to(z.device());
}

at::Tensor LatentStatistics::unstandardise(const at::Tensor& z) const {
  return z * std.to(z.device()) + mean.to(z.device());
}

void LatentStatistics::save(const std::string& path) const {
  torch::serialize::OutputArchive archive;
  archive.write("mean", mean);
  archive.write("std", std);
  save_archive(archive, path, "latent statistics");
}

LatentStatistics LatentStatistics::load(const std::string& path) {
  if (!std::filesystem::exists(path)) throw IoError(located(path, 0, "latent statistics not found"));
  LatentStatistics stats;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    archive.read("mean", stats.mean);
    archive.read("std", stats.std);
  } catch (const c10::Error& error) {
    throw InputError(located(path, 0,
                             std::string("unusable latent statistics: ") + error.what_without_backtrace(),
                             "re-run stage 2 of training to recompute them"));
  }
  if (stats.mean.sizes() != stats.std.sizes() || stats.mean.dim() != 2) {
    throw InputError(located(path, 0, "latent statistics have inconsistent shapes"));
  }
  return stats;
}

at::Tensor encode_latents(MoleculeAutoencoder& model, const TokenData& data, const c10::Device& device,
                          int64_t batch_size) {
  torch::NoGradGuard no_grad;
  bool was_training = model->is_training();
  model->eval();
  const int64_t rows = data.size();
  auto out = torch::empty({rows, model->options.latent_tokens(), model->options.latent_channels()});
  if (rows > 0) {
    // Batches of molecules of about the same length, each cut to its longest: the encoder masks
    // PAD keys, so the cut columns change nothing, and drug-like sets are mostly far shorter than L.
    const auto order = std::get<1>(data.padding.logical_not().sum(1).sort(/*stable=*/true, 0, false));
    for (int64_t start = 0; start < rows; start += batch_size) {
      const auto indices = order.slice(0, start, std::min(rows, start + batch_size));
      const auto batch = take_rows(data, indices, /*min_length=*/1);
      auto latent = model->encode(model->embed(batch.tokens.to(device)), batch.padding.to(device)).mean;
      out.index_copy_(0, indices, latent.to(torch::kCPU, torch::kFloat));
    }
  }
  if (was_training) model->train();
  return out;
}

LatentStatistics latent_statistics(const at::Tensor& latents) {
  TORCH_CHECK(latents.dim() == 3 && latents.size(0) > 1, "latent statistics need [N > 1, m, c]");
  LatentStatistics stats;
  stats.mean = latents.mean(0);
  stats.std = latents.std(0).clamp_min(1e-6);
  return stats;
}

LatentStatistics channel_statistics(const at::Tensor& latents) {
  TORCH_CHECK(latents.dim() == 3 && latents.size(0) > 1, "latent statistics need [N > 1, m, c]");
  LatentStatistics stats;
  const auto pooled = latents.reshape({-1, latents.size(2)});  // every token of every sample
  stats.mean = pooled.mean(0).unsqueeze(0);                    // [1, c]
  stats.std = pooled.std(0).clamp_min(1e-6).unsqueeze(0);
  return stats;
}

}  // namespace sild::models
