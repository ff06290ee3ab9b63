// The element screen: the requirements it reads from SMARTS, and that it never rules out a
// molecule RDKit's substructure search matches (so the filters' and QED's verdicts are unchanged).
#include "chem/element_screen.h"

#include <GraphMol/GraphMol.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/Substruct/SubstructMatch.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "chem/mol_io.h"
#include "property_reference.h"

namespace sild::chem {
namespace {

using Required = std::vector<std::pair<int, uint16_t>>;

Required required_by(const std::string& smarts) {
  MolPtr pattern = mol_from_smarts(smarts);
  EXPECT_NE(pattern, nullptr) << smarts;
  return pattern ? ElementScreen(*pattern).required() : Required{};
}

TEST(ElementScreenTest, ReadsTheElementsAPatternFixes) {
  EXPECT_EQ(required_by("c1ccccc1"), (Required{{6, 6}}));
  EXPECT_EQ(required_by("[NH2]C(=O)[#8]"), (Required{{6, 1}, {7, 1}, {8, 2}}));
  EXPECT_EQ(required_by("[C;R2]-[Cl]"), (Required{{6, 1}, {17, 1}}));  // element inside an AND
  EXPECT_EQ(required_by("[#1]-[#7]"), (Required{{1, 1}, {7, 1}}));
  EXPECT_EQ(required_by("[C,N]~[!#6]~*"), Required{});  // OR, NOT, any atom
  EXPECT_EQ(required_by("[!C;R]"), Required{});         // negated element
  EXPECT_EQ(required_by("[$(C=O)]"), Required{});       // recursive SMARTS
}

TEST(ElementScreenTest, CountsAtomsHydrogensIncluded) {
  MolPtr mol = mol_from_smiles("OCC(Cl)Cl");
  ASSERT_NE(mol, nullptr);
  std::unique_ptr<RDKit::ROMol> with_hydrogens(RDKit::MolOps::addHs(static_cast<const RDKit::ROMol&>(*mol)));
  const ElementCounts counts = element_counts(*with_hydrogens);
  EXPECT_EQ(counts[1], 4);
  EXPECT_EQ(counts[6], 2);
  EXPECT_EQ(counts[8], 1);
  EXPECT_EQ(counts[17], 2);
  MolPtr two_chlorines = mol_from_smarts("Cl~*~Cl"), three = mol_from_smarts("Cl~*(~Cl)~Cl");
  EXPECT_TRUE(ElementScreen(*two_chlorines).may_match(counts));
  EXPECT_FALSE(ElementScreen(*three).may_match(counts));
}

TEST(ElementScreenTest, NeverRulesOutAMatch) {
  silence_rdkit_logs();
  const std::vector<std::string> patterns = {
      "c1ccccc1", "[OH]c",       "[#6]=[#8]",     "[N;!H0]",        "[#1]-[#8]", "[CH3]", "[c;R1]:[n]",
      "[S,P]=O",  "[F,Cl,Br,I]", "[C;X4]-[N;X3]", "[$([#7]=[#6])]", "C1CC1",     "[a]",   "O=C-[#7]",
      "[Cl]",     "[!#1;!#6]",   "N#C",           "c-[Cl,Br]"};
  std::vector<MolPtr> queries;
  std::vector<ElementScreen> screens;
  for (const auto& smarts : patterns) {
    queries.push_back(mol_from_smarts(smarts));
    ASSERT_NE(queries.back(), nullptr) << smarts;
    screens.emplace_back(*queries.back());
  }
  const auto rows = test::read_property_reference();
  ASSERT_GE(rows.size(), 1000u);
  size_t matches = 0, ruled_out = 0;
  for (const auto& row : rows) {
    MolPtr heavy = mol_from_smiles(row.smiles);
    ASSERT_NE(heavy, nullptr) << row.smiles;
    std::unique_ptr<RDKit::ROMol> with_hydrogens(
        RDKit::MolOps::addHs(static_cast<const RDKit::ROMol&>(*heavy)));
    for (const RDKit::ROMol* mol : std::vector<const RDKit::ROMol*>{heavy.get(), with_hydrogens.get()}) {
      const ElementCounts counts = element_counts(*mol);
      for (size_t i = 0; i < queries.size(); ++i) {
        RDKit::MatchVectType match;
        const bool found = RDKit::SubstructMatch(*mol, *queries[i], match);
        const bool allowed = screens[i].may_match(counts);
        matches += found;
        ruled_out += !allowed;
        EXPECT_TRUE(allowed || !found) << patterns[i] << " matches " << row.smiles << " but was ruled out";
      }
    }
  }
  EXPECT_GT(matches, 1000u);    // the check saw real matches...
  EXPECT_GT(ruled_out, 1000u);  // ...and real rejections
}

}  // namespace
}  // namespace sild::chem
