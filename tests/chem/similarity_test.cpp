// Bulk Tanimoto: against RDKit/numpy reference numbers, threads and popcount paths agree.
#include "chem/similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bitset>
#include <map>
#include <numeric>
#include <random>

#include "fingerprint_reference.h"

namespace sild::chem {
namespace {

std::map<std::string, double> similarity_reference() {
  std::map<std::string, double> values;
  auto lines = test::read_lines(test::data_dir() / "fingerprints" / "similarity.tsv");
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = test::split_fields(lines[i], '\t');
    values[fields[0]] = std::stod(fields[1]);
  }
  return values;
}

FingerprintMatrix rows_of(const FingerprintMatrix& all, size_t begin, size_t end) {
  FingerprintMatrix out(all.bits());
  for (size_t i = begin; i < end; ++i) {
    size_t r = out.add_row();
    std::copy(all.row(i), all.row(i) + all.words(), out.row(r));
  }
  return out;
}

class SimilarityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> smiles;
    for (const auto& row : test::fingerprint_reference()) smiles.push_back(row.smiles);
    all_ = morgan_fingerprints(smiles);
    queries_ = rows_of(all_, 0, 300);
    references_ = rows_of(all_, 300, 900);
    expected_ = similarity_reference();
  }
  FingerprintMatrix all_, queries_, references_;
  std::map<std::string, double> expected_;
};

TEST_F(SimilarityTest, SnnAndIntDivMatchRdkitAndNumpy) {
  auto snn = max_similarity(queries_, references_, 2);
  double mean = std::accumulate(snn.begin(), snn.end(), 0.0) / static_cast<double>(snn.size());
  EXPECT_NEAR(mean, expected_.at("snn_mean_first300_vs_next600"), 1e-12);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(snn[i], expected_.at("snn_row" + std::to_string(i)), 1e-12);
  EXPECT_NEAR(internal_diversity(queries_, 1, 2), expected_.at("intdiv1_first300"), 1e-12);
  EXPECT_NEAR(internal_diversity(queries_, 2, 2), expected_.at("intdiv2_first300"), 1e-12);
  EXPECT_NEAR(tanimoto(all_.row(0), all_.row(1), all_.words()), expected_.at("tanimoto_row0_row1"), 1e-15);
  for (int threads : {1, 3}) {
    auto [intdiv1, intdiv2] = internal_diversity_1_and_2(queries_, threads);
    EXPECT_NEAR(intdiv1, expected_.at("intdiv1_first300"), 1e-12);
    EXPECT_NEAR(intdiv2, expected_.at("intdiv2_first300"), 1e-12);
  }
}

TEST_F(SimilarityTest, OneToManyAndMatrixAgreeWithPairwiseTanimoto) {
  auto matrix = tanimoto_matrix(queries_, references_, 2);
  ASSERT_EQ(matrix.size(), queries_.rows() * references_.rows());
  auto one = tanimoto_one_to_many(queries_.row(7), references_, 2);
  for (size_t j = 0; j < references_.rows(); j += 37) {
    double pair = tanimoto(queries_.row(7), references_.row(j), queries_.words());
    EXPECT_DOUBLE_EQ(one[j], pair);
    EXPECT_DOUBLE_EQ(matrix[7 * references_.rows() + j], pair);
  }
}

TEST_F(SimilarityTest, ThreadCountsAndPopcountPathsGiveIdenticalResults) {
  auto single = max_similarity(queries_, references_, 1);
  auto many = max_similarity(queries_, references_, 3);
  EXPECT_EQ(single, many);
  double diversity = internal_diversity(queries_, 2, 1);
  EXPECT_EQ(diversity, internal_diversity(queries_, 2, 4));
  const auto pair12 = internal_diversity_1_and_2(queries_, 2);
  // Bit-identical whatever the thread count and however the threads were scheduled (a busy
  // machine once reordered the per-thread sums and changed the last bit).
  for (int threads : {1, 3, 5, 16}) EXPECT_EQ(internal_diversity_1_and_2(queries_, threads), pair12);
  const PopcountPath previous = popcount_path();
  for (PopcountPath path : {PopcountPath::kPortable, PopcountPath::kScalar, PopcountPath::kAvx512}) {
    force_popcount_path(path);
    SCOPED_TRACE(to_string(popcount_path()));
    if (path == PopcountPath::kPortable) {
      EXPECT_EQ(popcount_path(), PopcountPath::kPortable);
    }
    EXPECT_EQ(max_similarity(queries_, references_, 2), single);
    EXPECT_EQ(internal_diversity(queries_, 2, 1), diversity);
    EXPECT_EQ(internal_diversity_1_and_2(queries_, 2), pair12);
  }
  force_popcount_path(previous);
}

TEST(SimilarityEdgeTest, EveryPopcountPathHandlesWidthsThatAreNotAMultipleOfEightWords) {
  // 13 words: one full AVX-512 block and a masked tail of 5; random bits, some empty rows.
  std::mt19937_64 random(7);
  FingerprintMatrix a(13 * 64), b(13 * 64);
  for (FingerprintMatrix* m : {&a, &b}) {
    for (int r = 0; r < 40; ++r) {
      const size_t row = m->add_row();
      if (r % 9 == 0) continue;
      for (size_t w = 0; w < m->words(); ++w) m->row(row)[w] = random() & random();
    }
  }
  std::vector<double> brute;
  for (size_t i = 0; i < a.rows(); ++i) {
    double best = 0.0;
    for (size_t j = 0; j < b.rows(); ++j) {
      unsigned common = 0, x = 0, y = 0;
      for (size_t w = 0; w < a.words(); ++w) {
        common += std::bitset<64>(a.row(i)[w] & b.row(j)[w]).count();
        x += std::bitset<64>(a.row(i)[w]).count();
        y += std::bitset<64>(b.row(j)[w]).count();
      }
      best = std::max(best, x + y - common == 0 ? 1.0 : double(common) / double(x + y - common));
    }
    brute.push_back(best);
  }
  const PopcountPath previous = popcount_path();
  for (PopcountPath path : {PopcountPath::kPortable, PopcountPath::kScalar, PopcountPath::kAvx512}) {
    force_popcount_path(path);
    SCOPED_TRACE(to_string(popcount_path()));
    EXPECT_EQ(max_similarity(a, b, 2), brute);
  }
  force_popcount_path(previous);
}

TEST(SimilarityEdgeTest, TwoEmptyFingerprintsAreIdentical) {
  FingerprintMatrix m(64);
  m.add_row();
  m.add_row();
  EXPECT_DOUBLE_EQ(tanimoto(m.row(0), m.row(1), 1), 1.0);
  FingerprintMatrix none(64);
  EXPECT_DOUBLE_EQ(internal_diversity(none), 0.0);
  EXPECT_TRUE(max_similarity(m, none).size() == 2 && max_similarity(m, none)[0] == 0.0);
}

}  // namespace
}  // namespace sild::chem
