// QED as in RDKit's Python rdkit/Chem/QED.py (RDKit 2022.09.3): the same property
// calculators, acceptor and structural-alert SMARTS, ADS parameters and weights.
// It does not cache per-molecule results; the SMARTS are compiled once per process.
#include "chem/qed.h"

#include <GraphMol/ChemTransforms/ChemTransforms.h>
#include <GraphMol/Descriptors/Crippen.h>
#include <GraphMol/Descriptors/Lipinski.h>
#include <GraphMol/Descriptors/MolDescriptors.h>
#include <GraphMol/Descriptors/MolSurf.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/MolOps.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "chem/crippen_logp.h"
#include "chem/element_screen.h"
#include "chem/mol_io.h"
#include "common/errors.h"

namespace sild::chem {
namespace {

// Data below is copied from rdkit/Chem/QED.py (RDKit 2022.09.3, BSD licence,
// Novartis Institutes for BioMedical Research): AliphaticRings, AcceptorSmarts,
// StructuralAlertSmarts and adsParameters. The spec requires these values verbatim.
constexpr char kAliphaticRingsSmarts[] = "[$([A;R][!a])]";

constexpr const char* kAcceptorSmarts[] = {
    "[oH0;X2]",
    "[OH1;X2;v2]",
    "[OH0;X2;v2]",
    "[OH0;X1;v2]",
    "[O-;X1]",
    "[SH0;X2;v2]",
    "[SH0;X1;v2]",
    "[S-;X1]",
    "[nH0;X2]",
    "[NH0;X1;v3]",
    "[$([N;+0;X3;v3]);!$(N[C,S]=O)]",
};

constexpr const char* kStructuralAlertSmarts[] = {
    "*1[O,S,N]*1",
    "[S,C](=[O,S])[F,Br,Cl,I]",
    "[CX4][Cl,Br,I]",
    "[#6]S(=O)(=O)O[#6]",
    "[$([CH]),$(CC)]#CC(=O)[#6]",
    "[$([CH]),$(CC)]#CC(=O)O[#6]",
    "n[OH]",
    "[$([CH]),$(CC)]#CS(=O)(=O)[#6]",
    "C=C(C=O)C=O",
    "n1c([F,Cl,Br,I])cccc1",
    "[CH1](=O)",
    "[#8][#8]",
    "[C;!R]=[N;!R]",
    "[N!R]=[N!R]",
    "[#6](=O)[#6](=O)",
    "[#16][#16]",
    "[#7][NH2]",
    "C(=O)N[NH2]",
    "[#6]=S",
    "[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]=[$([CH2]),$([CH][CX4]),$(C([CX4])[CX4])]",
    "C1(=[O,N])C=CC(=[O,N])C=C1",
    "C1(=[O,N])C(=[O,N])C=CC=C1",
    "a21aa3a(aa1aaaa2)aaaa3",
    "a31a(a2a(aa1)aaaa2)aaaa3",
    "a1aa2a3a(a1)A=AA=A3=AA=A2",
    "c1cc([NH2])ccc1",
    "[Hg,Fe,As,Sb,Zn,Se,se,Te,B,Si,Na,Ca,Ge,Ag,Mg,K,Ba,Sr,Be,Ti,Mo,Mn,Ru,Pd,Ni,Cu,Au,Cd,"
    "Al,Ga,Sn,Rh,Tl,Bi,Nb,Li,Pb,Hf,Ho]",
    "I",
    "OS(=O)(=O)[O-]",
    "[N+](=O)[O-]",
    "C(=O)N[OH]",
    "C1NC(=O)NC(=O)1",
    "[SH]",
    "[S-]",
    "c1ccc([Cl,Br,I,F])c([Cl,Br,I,F])c1[Cl,Br,I,F]",
    "c1cc([Cl,Br,I,F])cc([Cl,Br,I,F])c1[Cl,Br,I,F]",
    "[CR1]1[CR1][CR1][CR1][CR1][CR1][CR1]1",
    "[CR1]1[CR1][CR1]cc[CR1][CR1]1",
    "[CR2]1[CR2][CR2][CR2][CR2][CR2][CR2][CR2]1",
    "[CR2]1[CR2][CR2]cc[CR2][CR2][CR2]1",
    "[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1",
    "[CH2R2]1N[CH2R2][CH2R2][CH2R2][CH2R2][CH2R2][CH2R2]1",
    "C#C",
    "[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]@[CR2]@[CR2]@[OR2,NR2]",
    "[$([N+R]),$([n+R]),$([N+]=C)][O-]",
    "[#6]=N[OH]",
    "[#6]=NOC=O",
    "[#6](=O)[CX4,CR0X3,O][#6](=O)",
    "c1ccc2c(c1)ccc(=O)o2",
    "[O+,o+,S+,s+]",
    "N=C=O",
    "[NX3,NX4][F,Cl,Br,I]",
    "c1ccccc1OC(=O)[#6]",
    "[CR0]=[CR0][CR0]=[CR0]",
    "[C+,c+,C-,c-]",
    "N=[N+]=[N-]",
    "C12C(NC(N1)=O)CSC2",
    "c1c([OH])c([OH,NH2,NH])ccc1",
    "P",
    "[N,O,S]C#N",
    "C=C=O",
    "[Si][F,Cl,Br,I]",
    "[SX2]O",
    "[SiR0,CR0](c1ccccc1)(c2ccccc2)(c3ccccc3)",
    "O1CCCCC1OC2CCC3CCCCC3C2",
    "N=[CR0][N,n,O,S]",
    "[cR2]1[cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2][cR2]1[cR2]2[cR2][cR2][cR2]([Nv3X3,Nv4X4])[cR2][cR2]2",
    "C=[C!r]C#N",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])c([N+0X3R0,nX3R0])[cR2][cR2]1",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2]c([N+0X3R0,nX3R0])[cR2]1",
    "[cR2]1[cR2]c([N+0X3R0,nX3R0])[cR2][cR2]c1([N+0X3R0,nX3R0])",
    "[OH]c1ccc([OH,NH2,NH])cc1",
    "c1ccccc1OC(=O)O",
    "[SX2H0][N]",
    "c12ccccc1(SC(S)=N2)",
    "c12ccccc1(SC(=S)N2)",
    "c1nnnn1C=O",
    "s1c(S)nnc1NC=O",
    "S1C=CSC1=S",
    "C(=O)Onnn",
    "OS(=O)(=O)C(F)(F)F",
    "N#CC[OH]",
    "N#CC(=O)",
    "S(=O)(=O)C#N",
    "N[CH2]C#N",
    "C1(=O)NCC1",
    "S(=O)(=O)[O-,OH]",
    "NC[F,Cl,Br,I]",
    "C=[C!r]O",
    "[NX2+0]=[O+0]",
    "[OR0,NR0][OR0,NR0]",
    "C(=O)O[C,H1].C(=O)O[C,H1].C(=O)O[C,H1]",
    "[CX2R0][NX3R0]",
    "c1ccccc1[C;!R]=[C;!R]c2ccccc2",
    "[NX3R0,NX4R0,OR0,SX2R0][CX4][NX3R0,NX4R0,OR0,SX2R0]",
    "[s,S,c,C,n,N,o,O]~[n+,N+](~[s,S,c,C,n,N,o,O])(~[s,S,c,C,n,N,o,O])~[s,S,c,C,n,N,o,O]",
    "[s,S,c,C,n,N,o,O]~[nX3+,NX3+](~[s,S,c,C,n,N])~[s,S,c,C,n,N]",
    "[*]=[N+]=[*]",
    "[SX3](=O)[O-,OH]",
    "N#N",
    "F.F.F.F",
    "[R0;D2][R0;D2][R0;D2][R0;D2]",
    "[cR,CR]~C(=O)NC(=O)~[cR,CR]",
    "C=!@CC=[O,S]",
    "[#6,#8,#16][#6](=O)O[#6]",
    "c[C;R0](=[O,S])[#6]",
    "c[SX2][C;!R]",
    "C=C=C",
    "c1nc([F,Cl,Br,I,S])ncc1",
    "c1ncnc([F,Cl,Br,I,S])c1",
    "c1nc(c2c(n1)nc(n2)[F,Cl,Br,I])",
    "[#6]S(=O)(=O)c1ccc(cc1)F",
    "[15N]",
    "[13C]",
    "[18O]",
    "[34S]",
};

/// Parameters of one asymmetric double sigmoid (paper eq. 1): a + b / (1 + exp(-(x - c + d/2) / e))
/// * (1 - 1 / (1 + exp(-(x - c - d/2) / f))), divided by dmax.
struct AdsParameters {
  double a, b, c, d, e, f, dmax;
};

// Order: MW, ALOGP, HBA, HBD, PSA, ROTB, AROM, ALERTS (RDKit adsParameters).
constexpr AdsParameters kAdsMw{2.817065973, 392.5754953, 290.7489764, 2.419764353,
                               49.22325677, 65.37051707, 104.9805561};
constexpr AdsParameters kAdsAlogp{3.172690585, 137.8624751, 2.534937431, 4.581497897,
                                  0.822739154, 0.576295591, 131.3186604};
constexpr AdsParameters kAdsHba{2.948620388, 160.4605972, 3.615294657, 4.435986202,
                                0.290141953, 1.300669958, 148.7763046};
constexpr AdsParameters kAdsHbd{1.618662227, 1010.051101, 0.985094388, 0.000000001,
                                0.713820843, 0.920922555, 258.1632616};
constexpr AdsParameters kAdsPsa{1.876861559, 125.2232657, 62.90773554, 87.83366614,
                                12.01999824, 28.51324732, 104.5686167};
constexpr AdsParameters kAdsRotb{0.010000000, 272.4121427, 2.558379970, 1.565547684,
                                 1.271567166, 2.758063707, 105.4420403};
constexpr AdsParameters kAdsArom{3.217788970, 957.7374108, 2.274627939, 0.000000001,
                                 1.317690384, 0.375760881, 312.3372610};
constexpr AdsParameters kAdsAlerts{0.010000000, 1199.094025, -0.09002883, 0.000000001,
                                   0.185904477, 0.875193782, 417.7253140};

double ads(double x, const AdsParameters& p) {
  const double exp1 = 1.0 + std::exp(-1.0 * (x - p.c + p.d / 2.0) / p.e);
  const double exp2 = 1.0 + std::exp(-1.0 * (x - p.c - p.d / 2.0) / p.f);
  const double dx = p.a + p.b / exp1 * (1.0 - 1.0 / exp2);
  return dx / p.dmax;
}

/// Compiled SMARTS, built once per process on first use (thread-safe static initialisation)
/// and only read afterwards; RDKit's substructure matcher is built thread-safe (RDConfig.h).
struct QedPatterns {
  MolPtr aliphatic_rings;
  std::vector<MolPtr> acceptors;
  std::vector<MolPtr> alerts;
  std::vector<ElementScreen> alert_elements;  ///< skips alerts the molecule lacks the elements for
};

MolPtr compile(const char* smarts) {
  MolPtr query = mol_from_smarts(smarts);
  SILD_ASSERT(query != nullptr, "the built-in QED SMARTS must parse");
  return query;
}

const QedPatterns& patterns() {
  static const QedPatterns kPatterns = [] {
    QedPatterns built;
    built.aliphatic_rings = compile(kAliphaticRingsSmarts);
    for (const char* smarts : kAcceptorSmarts) built.acceptors.push_back(compile(smarts));
    for (const char* smarts : kStructuralAlertSmarts) {
      built.alerts.push_back(compile(smarts));
      built.alert_elements.emplace_back(*built.alerts.back());
    }
    return built;
  }();
  return kPatterns;
}

/// Number of unique matches, as Python's len(mol.GetSubstructMatches(pattern)) with its
/// defaults (uniquify, at most 1000 matches).
int count_matches(const RDKit::ROMol& mol, const RDKit::ROMol& query) {
  RDKit::SubstructMatchParameters params;
  params.uniquify = true;
  params.maxMatches = 1000;
  return static_cast<int>(RDKit::SubstructMatch(mol, query, params).size());
}

bool has_match(const RDKit::ROMol& mol, const RDKit::ROMol& query) {
  RDKit::MatchVectType match;
  return RDKit::SubstructMatch(mol, query, match);
}

}  // namespace

QedProperties qed_properties(const RDKit::ROMol& mol) {
  const QedPatterns& table = patterns();
  std::unique_ptr<RDKit::ROMol> heavy;
  try {
    heavy.reset(RDKit::MolOps::removeHs(mol));
  } catch (const std::exception& error) {  // re-sanitisation failed (RDKit MolSanitizeException)
    throw InputError(std::string("QED: RDKit could not remove hydrogens: ") + error.what());
  }
  QedProperties out;
  out.mw = RDKit::Descriptors::calcAMW(*heavy);
  out.alogp = crippen_logp(*heavy);  // = RDKit::Descriptors::calcClogP, bit for bit
  for (const MolPtr& acceptor : table.acceptors) out.hba += count_matches(*heavy, *acceptor);
  out.hbd = static_cast<int>(RDKit::Descriptors::calcNumHBD(*heavy));
  out.psa = RDKit::Descriptors::calcTPSA(*heavy);
  out.rotb = static_cast<int>(RDKit::Descriptors::calcNumRotatableBonds(*heavy, RDKit::Descriptors::Strict));
  const std::unique_ptr<RDKit::ROMol> aromatic_part(RDKit::deleteSubstructs(*heavy, *table.aliphatic_rings));
  std::vector<std::vector<int>> rings;
  RDKit::MolOps::findSSSR(*aromatic_part, rings);
  out.arom = static_cast<int>(rings.size());
  const ElementCounts elements = element_counts(*heavy);
  for (size_t i = 0; i < table.alerts.size(); ++i) {
    if (table.alert_elements[i].may_match(elements) && has_match(*heavy, *table.alerts[i])) ++out.alerts;
  }
  return out;
}

double qed_from_properties(const QedProperties& p, const QedWeights& w) {
  // Same summation order as RDKit: properties in tuple order, then the weights' sum.
  const double weighted_log_sum =
      w.mw * std::log(ads(p.mw, kAdsMw)) + w.alogp * std::log(ads(p.alogp, kAdsAlogp)) +
      w.hba * std::log(ads(p.hba, kAdsHba)) + w.hbd * std::log(ads(p.hbd, kAdsHbd)) +
      w.psa * std::log(ads(p.psa, kAdsPsa)) + w.rotb * std::log(ads(p.rotb, kAdsRotb)) +
      w.arom * std::log(ads(p.arom, kAdsArom)) + w.alerts * std::log(ads(p.alerts, kAdsAlerts));
  const double weight_sum = w.mw + w.alogp + w.hba + w.hbd + w.psa + w.rotb + w.arom + w.alerts;
  return std::exp(weighted_log_sum / weight_sum);
}

double qed(const RDKit::ROMol& mol, const QedWeights& weights) {
  return qed_from_properties(qed_properties(mol), weights);
}

}  // namespace sild::chem
