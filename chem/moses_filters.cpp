// MOSES filters (see moses_filters.h). The MCF patterns and the PAINS overrides below are data
// from MOSES (molecularsets/moses, moses/metrics/mcf.csv and wehi_pains.csv), which defines the
// metric; everything else is read from Debian's rdkit-data.
#include "chem/moses_filters.h"

#include <DataStructs/BitOps.h>
#include <DataStructs/ExplicitBitVect.h>
#include <GraphMol/Fingerprints/Fingerprints.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/RWMol.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include <filesystem>
#include <map>
#include <set>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "common/text_io.h"

namespace sild::chem {
namespace {

const std::vector<const char*>& mcf_patterns() {
  static const std::vector<const char*> kPatterns = {
      R"([#6]=&!@[#6]-[#6]#[#7])",                          // MCF1
      R"([#6]=&!@[#6]-[#16](=[#8])=[#8])",                  // MCF2
      R"([#6]=&!@[#6&!H0]-&!@[#6](=[#8])-&!@[#7])",         // MCF3
      R"([H]C([H])([#6])[F,Cl,Br,I])",                      // MCF4
      R"([#6]1-[#8]-[#6]-1)",                               // MCF5
      R"([#6]-[#7]=[#6]=[#8])",                             // MCF6
      R"([#6&!H0]=[#8])",                                   // MCF7
      R"([#6](=&!@[#7&!H0])-&!@[#6,#7,#8,#16])",            // MCF8
      R"([#6]1-[#7]-[#6]-1)",                               // MCF9
      R"([#6]~&!@[#7]~&!@[#7]~&!@[#6])",                    // MCF10
      R"([#7]=&!@[#7])",                                    // MCF11
      R"([H][#6]-1=[#6]([H])-[#6]=[#6](-*)-[#8]-1)",        // MCF12
      R"([H][#6]-1=[#6]([H])-[#6]=[#6](-*)-[#16]-1)",       // MCF13
      R"([#17,#35,#53]-c(:*):[!#1!#6]:*)",                  // MCF14
      R"([H][#7]([H])-[#6]-1=[#6]-[#6]=[#6]-[#6]=[#6]-1)",  // MCF15
      R"([#16]~[#16])",                                     // MCF16
      R"([#7]~&!@[#7]~&!@[#7])",                            // MCF17
      R"([#7]-&!@[#6&!H0&!H1]-&!@[#7])",                    // MCF18
      R"([#6&!H0](-&!@[#8])-&!@[#8])",                      // MCF19
      R"([#35].[#35].[#35])",                               // MCF20
      R"([#17].[#17].[#17].[#17])",                         // MCF21
      R"([#9].[#9].[#9].[#9].[#9].[#9].[#9])",              // MCF22
  };
  return kPatterns;
}

/// PAINS entries (by regId) where MOSES's table holds a different SMARTS than rdkit-data's.
const std::map<std::string, std::string>& moses_pains_overrides() {
  static const std::map<std::string, std::string> kOverrides = {
      {"<regId=het_thio_666_A(13)>",
       R"(c:2(:c:1-[#16]-c:3:c(-[#7;!H0,$([#7]-[CH3]),$([#7]-[#6;!H0;!H1]-[#6;!H0])](-c:1:c(:c(:c:2-[#1])-[#1])-[#1])):[c;!H0,$(c~[#7](-[#1])-[#6;X4]),$(c~[#6]:[#6])](:[c;!H0,$(c~[#6]:[#6])]:[c;!H0,$(c-[#7](-[#1])-[#1]),$(c-[#8]-[#6;X4])]:c:3-[#1]))-[#1])"},
      {"<regId=thiaz_ene_C(11)>",
       R"([#6]-1(=[#6](-!@[#6]=[#7])-[#16]-[#6](-[#7]-1)=[#8])-[$([F,Cl,Br,I]),$([#7+](:[#6]):[#6])])"},
      {"<regId=het_thio_676_A(10)>",
       R"(c:1:c:c-2:c(:c:c:1)-[#6]-[#6](-c:3:c(-[#16]-2):c(:c(-[#1]):[c;!H0,$(c-[#8]),$(c-[#16;X2]),$(c-[#6;X4]),$(c-[#7;H2,H3,$([#7!H0]-[#6;X4]),$([#7](-[#6;X4])-[#6;X4])])](:c:3-[#1]))-[#1])-[#7;H2,H3,$([#7;!H0]-[#6;X4]),$([#7](-[#6;X4])-[#6;X4])])"},
      {"<regId=het_6_imidate_A(4)>",
       R"([#7]=[#6]-1-[#7](-[#1])-[#6](=[#6](-[#7]-[#1])-[#7]=[#7]-1)-[#7]-[#1])"},
      {"<regId=anil_OC_alk_B(3)>",
       R"(c:1:3:c(:c:c:c:c:1)-[#7]-2-[#6](=[#8])-[#6](=[#6](-[F,Cl,Br,I])-[#6]-2=[#8])-[#7](-[#1])-[#6]:[#6]:[#6]:[#6](-[#8]-[#6](-[#1])-[#1]):[#6]:[#6]:3)"},
      {"<regId=quinone_C(2)>",
       R"([#8]=[#6]-3-c:1:c(:c:c:c:c:1)-[#6]-2=[#6](-[#8]-[#1])-[#6](=[#8])-[#7]-c:4:c-2:c-3:c:c:c:4)"},
      {"<regId=thiophene_E(2)>",
       R"(c:1(:c(:c(:[c;!H0,$(c-[#6;!H0,!H1])](:s:1))-[#1])-[#1])-[#6;!H0,$([#6]-[#6;!H0;!H1])]-[#6](=[#8])-[#7](-[#1])-c:2:n:c:c:s:2)"},
      {"<regId=thio_urea_K(2)>", R"([#6]-2(=[#16])-[#7]-1-[#6]:[#6]-[#7]=[#7]-[#6]-1=[#7]-[#7]-2-[#1])"},
      {"<regId=het_6_imidate_B(1)>",
       R"([#7](-[#1])(-c:1:c(:c(:c(:c(:c:1-[#1])-[#1])-[#1])-[#1])-[#8]-[#1])-[#6]-2=[#6](-[#8]-[#6](-[#7]=[#7]-2)=[#7])-[#7](-[#1])-[#1])"},
      {"<regId=anthranil_acid_I(1)>",
       R"(c:1:2(:c(:c(:c(:o:1)-[#6])-[#1])-[#1])-[#6](=[#8])-[#7](-[#1])-[#6]:[#6](-[#1]):[#6](-[#1]):[#6](-[#1]):[#6](-[#1]):[#6]:2-[#6](=[#8])-[#8]-[#1])"},
      {"<regId=het_65_H(1)>", R"(c2(c-1n(-[#6](-[#6]=[#6]-[#7]-1)=[#8])nc2-c3cccn3)-[#6]#[#7])"},
      {"<regId=colchicine_het(1)>",
       R"(c:1-3:c(:c:c:c:c:1)-[#16]-[#6](=[#7]-[#7]=[#6]-2-[#6]=[#6]-[#6]=[#6]-[#6]=[#6]-2)-[#7]-3-[#6](-[#1])-[#1])"},
      {"<regId=het_5_inium(1)>",
       R"([#7]-4(-c:1:c:c:c:c:c:1)-[#6](=[#7+](-c:2:c:c:c:c:c:2)-[#6](=[#7]-c:3:c:c:c:c:c:3)-[#7]-4)-[#1])"},
      {"<regId=thiaz_ene_A(128)>",
       R"([#6]-1(=[#6;!H0,$([#6]-[#6;!H0;!H1]),$([#6]-[#6]=[#8])]-[#16]-[#6](-[#7;!H0,$([#7]-[#6;!H0]),$([#7]-[#6]:[#6])]-1)=[#7;!R])-[$([#6](-[#1])-[#1]),$([#6]:[#6])])"},
      {"<regId=hzone_enamin(30)>",
       R"([#7](-[#1])-[#7]=[#6]-[#6;!H0,$([#6]-[#6])]=[#6](-[#6])-!@[$([#7]),$([#8]-[#1])])"},
      {"<regId=quinone_A(370)>", R"([!#6&!#1]=[#6]-1-[#6]=,:[#6]-[#6](=[!#6&!#1])-[#6]=,:[#6]-1)"},
      {"<regId=anil_di_alk_D(198)>",
       R"(c:1:c:c(:c:c:c:1-[#7](-[#6;X4])-[#6;X4])-[#6;X4]-[$([#8]-[#1]),$([#6]=[#6]-[#1]),$([#7]-[#6;X4])])"},
  };
  return kOverrides;
}

constexpr unsigned kMaxRingSize = 8;
constexpr unsigned kScreenBits = 2048;
constexpr size_t kSearchesWorthAFingerprint = 40;

}  // namespace

MosesFilters::MosesFilters(const MosesFiltersOptions& options) {
  for (const char* smarts : mcf_patterns()) {
    auto pattern = mol_from_smarts(smarts);
    SILD_ASSERT(pattern != nullptr, "built-in MCF SMARTS parse");
    patterns_.push_back(std::move(pattern));
  }
  if (!std::filesystem::exists(options.pains_path)) {
    throw IoError(located(options.pains_path, 0, "PAINS table not found", "install Debian's rdkit-data"));
  }
  LineReader reader(options.pains_path);
  std::string line;
  std::vector<std::string> fields;
  while (reader.next(line)) {
    if (line.empty()) continue;
    if (!split_csv_line(line, fields) || fields.size() < 2) {
      throw InputError(
          located(options.pains_path, reader.line_number(), "expected \"SMARTS\",\"<regId=...>\""));
    }
    std::string smarts = trim(fields[0]);
    auto override_it = moses_pains_overrides().find(trim(fields[1]));
    if (override_it != moses_pains_overrides().end()) smarts = override_it->second;
    auto pattern = mol_from_smarts(smarts);
    if (!pattern)
      throw InputError(located(options.pains_path, reader.line_number(), "RDKit rejects this SMARTS"));
    patterns_.push_back(std::move(pattern));
  }
  for (const auto& pattern : patterns_) {
    pattern->updatePropertyCache(false);
    screens_.emplace_back(RDKit::PatternFingerprintMol(*pattern, kScreenBits));
    elements_.emplace_back(*pattern);
  }
}

MosesFilters::~MosesFilters() = default;
MosesFilters::MosesFilters(MosesFilters&&) noexcept = default;

bool MosesFilters::passes(const RDKit::ROMol& mol) const {
  static const std::set<std::string> kAllowed = {"C", "N", "S", "O", "F", "Cl", "Br", "H"};
  const RDKit::RingInfo* rings = mol.getRingInfo();
  if (!rings->isInitialized()) return false;
  for (const auto& ring : rings->atomRings()) {
    if (ring.size() >= kMaxRingSize) return false;
  }
  for (const auto* atom : mol.atoms()) {
    if (atom->getFormalCharge() != 0) return false;
    if (kAllowed.count(atom->getSymbol()) == 0) return false;
  }
  std::unique_ptr<RDKit::ROMol> with_hydrogens(RDKit::MolOps::addHs(mol));
  const ElementCounts elements = element_counts(*with_hydrogens);
  std::vector<size_t> candidates;  // patterns the element counts allow
  for (size_t i = 0; i < patterns_.size(); ++i) {
    if (elements_[i].may_match(elements)) candidates.push_back(i);
  }
  // The pattern fingerprint of the molecule costs about as much as 30 searches on QM9-sized
  // molecules (bench_eval): worth it only when many patterns are left.
  std::unique_ptr<ExplicitBitVect> screen;
  if (candidates.size() > kSearchesWorthAFingerprint) {
    screen.reset(RDKit::PatternFingerprintMol(*with_hydrogens, kScreenBits));
  }
  RDKit::MatchVectType match;
  for (size_t i : candidates) {
    if (screen && !AllProbeBitsMatch(*screens_[i], *screen)) continue;
    if (RDKit::SubstructMatch(*with_hydrogens, *patterns_[i], match)) return false;
  }
  const std::string smiles = RDKit::MolToSmiles(mol, /*doIsomericSmiles=*/false);
  return !smiles.empty() && mol_from_smiles(smiles) != nullptr;
}

}  // namespace sild::chem
