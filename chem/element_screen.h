// A necessary condition for a substructure match, cheaper than any search: the elements a query
// pattern's atoms must have. A match maps the pattern's atoms to distinct atoms of the molecule,
// so a molecule with fewer atoms of some required element than the pattern cannot match it.
// Only atoms whose query fixes the element count (an element or aromatic/aliphatic element
// test, alone or inside an AND, never negated); every other atom requires nothing. The screen
// therefore never rejects a molecule the search would accept: verdicts are unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace RDKit {
class Atom;
class ROMol;
}  // namespace RDKit

namespace sild::chem {

/// Atoms per atomic number (0..118) of a molecule, explicit hydrogen atoms included.
using ElementCounts = std::array<uint16_t, 119>;
ElementCounts element_counts(const RDKit::ROMol& mol);

/// The atomic number every atom matching the query atom `atom` has, or -1 when it allows several.
int required_element(const RDKit::Atom& atom);

class ElementScreen {
 public:
  /// The elements `pattern` (a SMARTS query molecule) requires, with their counts.
  explicit ElementScreen(const RDKit::ROMol& pattern);

  /// False only if a molecule with these counts cannot contain the pattern.
  bool may_match(const ElementCounts& counts) const {
    for (const auto& [element, needed] : required_) {
      if (counts[element] < needed) return false;
    }
    return true;
  }
  /// (atomic number, count) pairs; empty when the pattern fixes no element.
  const std::vector<std::pair<int, uint16_t>>& required() const { return required_; }

 private:
  std::vector<std::pair<int, uint16_t>> required_;
};

}  // namespace sild::chem
