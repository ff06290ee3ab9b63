// SELFIES: identical strings to the reference selfies 2.2 library on committed vectors, the
// semantic-robust alphabet, the robustness property over random symbol sequences, and clear
// errors (never crashes) for malformed input.
#include "chem/selfies.h"

#include <GraphMol/RWMol.h>
#include <gtest/gtest.h>

#include <random>

#include "chem/mol_io.h"
#include "fingerprint_reference.h"
#include "test_support.h"

namespace sild::chem {
namespace {

SelfiesOptions preset(const std::string& name) {
  SelfiesOptions options;
  if (name == "octet_rule") options.constraints = SelfiesConstraints::kOctetRule;
  if (name == "hypervalent") options.constraints = SelfiesConstraints::kHypervalent;
  return options;
}

std::vector<std::vector<std::string>> tsv(const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  auto lines = test::read_lines(test::data_dir() / "selfies" / name);
  for (size_t i = 1; i < lines.size(); ++i) rows.push_back(test::split_fields(lines[i], '\t'));
  return rows;
}

TEST(SelfiesTest, EncoderAndDecoderMatchTheReferenceLibraryOnCommittedMolecules) {
  auto rows = tsv("molecules.tsv.gz");
  ASSERT_GE(rows.size(), 2000u);
  size_t encode_mismatches = 0, decode_mismatches = 0;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 2u);
    const std::string& smiles = row[0];
    std::string ours;
    try {
      ours = selfies_encode(smiles);
    } catch (const SelfiesEncodeError&) {
      ours = "ERROR";
    }
    if (ours != row[1] && ++encode_mismatches <= 5) {
      ADD_FAILURE() << "encode " << smiles << "\n  ours: " << ours << "\n  ref:  " << row[1];
    }
    if (row[1] == "ERROR") continue;
    const std::string decoded = selfies_decode(row[1]);
    const std::string expected = row.size() > 2 ? row[2] : "";
    if (decoded != expected && ++decode_mismatches <= 5) {
      ADD_FAILURE() << "decode " << row[1] << "\n  ours: " << decoded << "\n  ref:  " << expected;
    }
  }
  EXPECT_EQ(encode_mismatches, 0u);
  EXPECT_EQ(decode_mismatches, 0u);
}

TEST(SelfiesTest, DecoderMatchesTheReferenceOnRandomStringsUnderEveryPreset) {
  auto rows = tsv("random.tsv.gz");
  ASSERT_GE(rows.size(), 3000u);
  size_t mismatches = 0, errors = 0;
  for (const auto& row : rows) {
    std::string ours;
    try {
      ours = selfies_decode(row[1], preset(row[0]));
    } catch (const SelfiesDecodeError&) {
      ours = "ERROR";
      ++errors;
    }
    const std::string expected = row.size() > 2 ? row[2] : "";
    if (ours != expected && ++mismatches <= 5) {
      ADD_FAILURE() << row[0] << " " << row[1] << "\n  ours: " << ours << "\n  ref:  " << expected;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(errors, 0u);  // the set includes malformed strings
}

TEST(SelfiesTest, SemanticRobustAlphabetMatchesTheReferenceForEveryPreset) {
  std::map<std::string, std::set<std::string>> expected;
  for (const auto& row : tsv("alphabet.tsv")) expected[row[0]].insert(row[1]);
  ASSERT_EQ(expected.size(), 3u);
  for (const auto& [name, symbols] : expected)
    EXPECT_EQ(semantic_robust_alphabet(preset(name)), symbols) << name;
  EXPECT_NE(semantic_robust_alphabet(preset("default")), semantic_robust_alphabet(preset("octet_rule")));
}

TEST(SelfiesTest, EveryRandomSequenceOfAlphabetSymbolsDecodesToAMoleculeRdkitAccepts) {
  silence_rdkit_logs();
  std::mt19937_64 rng(2024);
  std::map<std::string, size_t> rejected;
  for (const char* name : {"default", "octet_rule", "hypervalent"}) {
    const auto options = preset(name);
    const auto set = semantic_robust_alphabet(options);
    const std::vector<std::string> alphabet(set.begin(), set.end());
    const size_t count = std::string(name) == "default" ? 100000 : 20000;
    for (size_t i = 0; i < count; ++i) {
      std::string selfies;
      const size_t length = 1 + rng() % 30;
      for (size_t j = 0; j < length; ++j) selfies += alphabet[rng() % alphabet.size()];
      const std::string smiles = selfies_decode(selfies, options);
      if (!smiles.empty() && !mol_from_smiles(smiles) && ++rejected[name] <= 3) {
        std::printf("%s: %s -> %s rejected by RDKit\n", name, selfies.c_str(), smiles.c_str());
      }
    }
  }
  for (const auto& [name, count] : rejected) std::printf("%s: %zu rejected\n", name.c_str(), count);
  EXPECT_EQ(rejected["default"], 0u);
  EXPECT_EQ(rejected["octet_rule"], 0u);
}

TEST(SelfiesTest, MalformedInputIsATypedErrorNeverACrash) {
  for (const char* bad :
       {"[C", "[C][Xx]", "[C]abc", "[Branch4]", "[Ring0]", "[=Q]", "[C][-Ring1]", "[CH9]"}) {
    EXPECT_THROW(selfies_decode(bad), SelfiesDecodeError) << bad;
  }
  for (const char* bad : {"", "C((", "C)", "X", "C1CC", "C=", "[C", "C%1", "c1cccc1", "C.1C", "*C", "C$C",
                          "FC(F)(F)(F)F", "C11"}) {
    EXPECT_THROW(selfies_encode(bad), SelfiesEncodeError) << bad;
  }
  SelfiesOptions lenient;
  lenient.strict = false;
  EXPECT_EQ(selfies_encode("FC(F)(F)(F)F", lenient),
            "[F][C][Branch1][C][F][Branch1][C][F][Branch1][C][F][F]");
}

TEST(SelfiesTest, SplitsAndCountsSymbols) {
  EXPECT_EQ(split_selfies("[C][=C].[F]"), (std::vector<std::string>{"[C]", "[=C]", ".", "[F]"}));
  EXPECT_EQ(selfies_length("[C][=C].[F]"), 4u);
  EXPECT_THROW(split_selfies("[C][O"), SelfiesDecodeError);
  EXPECT_EQ(selfies_decode("[C][nop][O]"), "CO");
  EXPECT_EQ(selfies_decode(""), "");
}

TEST(SelfiesTest, ConstraintPresetsChangeBondingCapacities) {
  EXPECT_EQ(selfies_bonding_capacity("S", 0, preset("default")), 6);
  EXPECT_EQ(selfies_bonding_capacity("S", 0, preset("octet_rule")), 2);
  EXPECT_EQ(selfies_bonding_capacity("Cl", 0, preset("hypervalent")), 7);
  EXPECT_EQ(selfies_bonding_capacity("Xe", 0, preset("default")), 8);
  EXPECT_EQ(selfies_decode("[S][=O][=O]", preset("octet_rule")), "S=O");
  EXPECT_EQ(selfies_decode("[O][=S][=O]", preset("default")), "O=S=O");
}

}  // namespace
}  // namespace sild::chem
