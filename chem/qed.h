// QED, the quantitative estimate of drug-likeness (Bickerton et al., Nat. Chem. 4, 90-98,
// 2012), computed exactly as RDKit's Python rdkit.Chem.QED (2022.09). It does not offer the
// paper's Pipeline Pilot property calculators: RDKit's descriptors are the reference.
#pragma once

namespace RDKit {
class ROMol;
}  // namespace RDKit

namespace sild::chem {

/// Version of the QED definition; equals RDKit's descriptor version for QED.qed. Stored with
/// every QED result so numbers from different definitions are never mixed.
inline constexpr char kQedVersion[] = "1.1.0";

/// The eight QED properties, in the order of RDKit's QEDproperties tuple.
struct QedProperties {
  double mw = 0.0;     ///< average molecular weight (Descriptors::calcAMW)
  double alogp = 0.0;  ///< Crippen logP
  int hba = 0;         ///< acceptor SMARTS matches (RDKit's list)
  int hbd = 0;         ///< Descriptors::calcNumHBD
  double psa = 0.0;    ///< TPSA without S and P
  int rotb = 0;        ///< strict rotatable bonds
  int arom = 0;        ///< SSSR rings left after deleting aliphatic ring atoms
  int alerts = 0;      ///< number of structural-alert SMARTS that match
};

/// Weight of each property in the weighted geometric mean, same order as QedProperties.
struct QedWeights {
  double mw, alogp, hba, hbd, psa, rotb, arom, alerts;
};

/// RDKit's WEIGHT_MEAN, the default QED.
inline constexpr QedWeights kQedWeightsMean{0.66, 0.46, 0.05, 0.61, 0.06, 0.65, 0.48, 0.95};
/// RDKit's WEIGHT_MAX.
inline constexpr QedWeights kQedWeightsMax{0.50, 0.25, 0.00, 0.50, 0.00, 0.50, 0.25, 1.00};
/// RDKit's WEIGHT_NONE (unweighted).
inline constexpr QedWeights kQedWeightsNone{1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00};

/// The QED properties of `mol` after removing explicit hydrogens (RDKit QED.properties()).
/// Not safe to call concurrently on the same molecule object: RDKit caches descriptors on it.
/// Different molecules may be processed from many threads; the SMARTS tables are shared.
/// Throws sild::InputError when RDKit cannot re-sanitise the molecule without its hydrogens.
QedProperties qed_properties(const RDKit::ROMol& mol);

/// Weighted geometric mean of the asymmetric double sigmoid (ADS) desirabilities of
/// `properties` (paper eq. 1-3; RDKit QED.qed with precomputed properties).
double qed_from_properties(const QedProperties& properties, const QedWeights& weights = kQedWeightsMean);

/// QED of `mol` with RDKit's default (mean) weights; in (0, 1].
double qed(const RDKit::ROMol& mol, const QedWeights& weights = kQedWeightsMean);

}  // namespace sild::chem
