// The Fréchet ChemNet Distance as MOSES computes it (fcd_torch): canonical SMILES -> ChemNet
// features (models/metrics/chemnet.h) -> mean and unbiased covariance -> Fréchet distance
// (models/metrics/frechet_distance.h). Only ChemNet weights loaded from a sild ChemNet file are ever
// used; without them FCD is unavailable, never approximated.
#pragma once

#include <ATen/Tensor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sild::core {

/// Where the weights are: `option` when given, else $SILD_CHEMNET, else
/// ~/.local/share/sild/chemnet.safetensors when that file exists; nullopt when none is set up.
std::optional<std::string> chemnet_weights_path(const std::string& option);

/// One line telling a user how to install the weights (for "FCD unavailable" notes).
std::string chemnet_install_hint();

struct FcdStatistics {
  at::Tensor mu;     ///< [D] float64
  at::Tensor sigma;  ///< [D, D] float64, unbiased
  int64_t molecules = 0;
  int64_t truncated = 0;  ///< molecules longer than ChemNet's 350 symbols (truncated, counted)
  std::string to_bytes() const;
  static FcdStatistics from_bytes(const std::string& bytes);  ///< throws InputError when malformed
};

class FcdModel {
 public:
  /// Loads the weights (throws InputError/IoError naming the file).
  explicit FcdModel(const std::string& weights_path, int threads = 0);
  ~FcdModel();
  FcdModel(FcdModel&&) noexcept;

  /// Features [N, D] (float64) of SMILES as given (callers pass canonical SMILES, as MOSES does).
  at::Tensor features(const std::vector<std::string>& smiles, int64_t* truncated = nullptr);
  /// Statistics of a molecule set; needs at least 2 molecules (throws InputError otherwise).
  FcdStatistics statistics(const std::vector<std::string>& smiles);
  /// The weights file's content hash: cached reference statistics are keyed by it.
  const std::string& weights_hash() const { return weights_hash_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string weights_hash_;
};

/// FCD between two statistics (the squared Fréchet distance, as fcd_torch reports it).
double fcd(const FcdStatistics& a, const FcdStatistics& b);

}  // namespace sild::core
