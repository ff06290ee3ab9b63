// Distances between samples of a scalar: the 1-D Wasserstein-1 distance (as scipy.stats.
// wasserstein_distance computes it, used by MOSES for logP/SA/QED/weight) and the cosine
// similarity of two count tables over the union of their keys (MOSES Frag and Scaf).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sild::chem {

/// ∫ |F_u(x) − F_v(x)| dx of the empirical CDFs; NaN when either sample is empty.
double wasserstein_1d(std::vector<double> u, std::vector<double> v);

/// 1 − cosine distance of the count vectors over the union of keys; NaN when either is empty
/// (MOSES returns NaN there too).
double count_cosine_similarity(const std::map<std::string, long long>& a,
                               const std::map<std::string, long long>& b);

}  // namespace sild::chem
