// FCD glue between chem/ (tokens) and models/ (ChemNet, Fréchet distance); see fcd.h.
#include "src/molecules/fcd.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "chem/chemnet_tokens.h"
#include "common/errors.h"
#include "models/metrics/chemnet.h"
#include "models/metrics/frechet_distance.h"
#include "src/store/stats_cache.h"

namespace sild::core {

std::optional<std::string> chemnet_weights_path(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("SILD_CHEMNET"); env != nullptr && *env != '\0') return std::string(env);
  if (const char* home = std::getenv("HOME"); home != nullptr) {
    auto path = std::filesystem::path(home) / ".local" / "share" / "sild" / "chemnet.safetensors";
    if (std::filesystem::exists(path)) return path.string();
  }
  return std::nullopt;
}

std::string chemnet_install_hint() {
  return "FCD unavailable: no ChemNet weights installed; convert fcd_torch's ChemNet_v0.13_pretrained.pt "
         "with "
         "tools/chemnet_to_safetensors.py to ~/.local/share/sild/chemnet.safetensors (or pass --chemnet "
         "FILE); "
         "sild never reports another network's distance as FCD";
}

struct FcdModel::Impl {
  models::ChemNet net{nullptr};
};

FcdModel::FcdModel(const std::string& weights_path, int threads) : impl_(std::make_unique<Impl>()) {
  if (threads > 0) at::set_num_threads(threads);
  impl_->net = models::load_chemnet(weights_path);
  weights_hash_ = store::file_content_hash(weights_path);
}
FcdModel::~FcdModel() = default;
FcdModel::FcdModel(FcdModel&&) noexcept = default;

at::Tensor FcdModel::features(const std::vector<std::string>& smiles, int64_t* truncated) {
  std::vector<std::vector<int>> rows;
  rows.reserve(smiles.size());
  int64_t cut = 0;
  for (const auto& s : smiles) {
    auto tokens = chem::chemnet_tokens(s, static_cast<size_t>(models::kChemNetLength));
    cut += tokens.truncated ? 1 : 0;
    rows.push_back(std::move(tokens.indices));
  }
  if (truncated != nullptr) *truncated = cut;
  return models::chemnet_features(impl_->net, rows);
}

FcdStatistics FcdModel::statistics(const std::vector<std::string>& smiles) {
  if (smiles.size() < 2) {
    throw InputError("FCD needs at least 2 valid molecules (got " + std::to_string(smiles.size()) + ")");
  }
  FcdStatistics stats;
  auto [mu, sigma] = models::feature_statistics(features(smiles, &stats.truncated));
  stats.mu = mu;
  stats.sigma = sigma;
  stats.molecules = static_cast<int64_t>(smiles.size());
  return stats;
}

double fcd(const FcdStatistics& a, const FcdStatistics& b) {
  return models::frechet_distance(a.mu, a.sigma, b.mu, b.sigma);
}

std::string FcdStatistics::to_bytes() const {
  const int64_t d = mu.size(0);
  std::string bytes(3 * sizeof(int64_t), '\0');
  const int64_t header[3] = {d, molecules, truncated};
  std::memcpy(bytes.data(), header, sizeof header);
  auto m = mu.contiguous().to(at::kDouble), s = sigma.contiguous().to(at::kDouble);
  bytes.append(static_cast<const char*>(m.data_ptr()), static_cast<size_t>(d) * sizeof(double));
  bytes.append(static_cast<const char*>(s.data_ptr()), static_cast<size_t>(d * d) * sizeof(double));
  return bytes;
}

FcdStatistics FcdStatistics::from_bytes(const std::string& bytes) {
  int64_t header[3] = {0, 0, 0};
  if (bytes.size() < sizeof header) throw InputError("cached FCD statistics are truncated");
  std::memcpy(header, bytes.data(), sizeof header);
  const int64_t d = header[0];
  if (d < 1 || d > 100000 ||
      bytes.size() != sizeof header + static_cast<size_t>(d + d * d) * sizeof(double)) {
    throw InputError("cached FCD statistics have the wrong size");
  }
  FcdStatistics stats;
  stats.molecules = header[1];
  stats.truncated = header[2];
  stats.mu = at::empty({d}, at::kDouble);
  stats.sigma = at::empty({d, d}, at::kDouble);
  std::memcpy(stats.mu.data_ptr(), bytes.data() + sizeof header, static_cast<size_t>(d) * sizeof(double));
  std::memcpy(stats.sigma.data_ptr(), bytes.data() + sizeof header + static_cast<size_t>(d) * sizeof(double),
              static_cast<size_t>(d * d) * sizeof(double));
  return stats;
}

}  // namespace sild::core
