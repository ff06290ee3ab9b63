// Wasserstein-1 and count cosine similarity (see distribution_distance.h).
#include "chem/distribution_distance.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sild::chem {

double wasserstein_1d(std::vector<double> u, std::vector<double> v) {
  if (u.empty() || v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(u.begin(), u.end());
  std::sort(v.begin(), v.end());
  std::vector<double> all(u);
  all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  // scipy: CDFs evaluated at every merged point but the last, times the gap to the next one.
  double total = 0.0;
  size_t iu = 0, iv = 0;
  for (size_t k = 0; k + 1 < all.size(); ++k) {
    while (iu < u.size() && u[iu] <= all[k]) ++iu;
    while (iv < v.size() && v[iv] <= all[k]) ++iv;
    const double cdf_u = static_cast<double>(iu) / static_cast<double>(u.size());
    const double cdf_v = static_cast<double>(iv) / static_cast<double>(v.size());
    total += std::fabs(cdf_u - cdf_v) * (all[k + 1] - all[k]);
  }
  return total;
}

double count_cosine_similarity(const std::map<std::string, long long>& a,
                               const std::map<std::string, long long>& b) {
  if (a.empty() || b.empty()) return std::numeric_limits<double>::quiet_NaN();
  double dot = 0.0, norm_a = 0.0, norm_b = 0.0;
  for (const auto& [key, count] : a) {
    norm_a += static_cast<double>(count) * static_cast<double>(count);
    auto other = b.find(key);
    if (other != b.end()) dot += static_cast<double>(count) * static_cast<double>(other->second);
  }
  for (const auto& [key, count] : b) norm_b += static_cast<double>(count) * static_cast<double>(count);
  // scipy's cosine distance is clipped to [0, 2]; so is the similarity here.
  return std::clamp(dot / (std::sqrt(norm_a) * std::sqrt(norm_b)), -1.0, 1.0);
}

}  // namespace sild::chem
