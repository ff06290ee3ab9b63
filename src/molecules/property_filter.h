// Property filters for candidate libraries: "qed>=0.5,sa<=4,mw=200..500" as a list of ranges
// over the four properties of chem/properties.h (qed, sa, logp, mw). A pure parser and a
// predicate, so `sild generate` and its tests share one definition.
#pragma once

#include <string>
#include <vector>

#include "chem/properties.h"

namespace sild::core {

/// One condition: `property` within [min, max] (bounds may be open on either side).
struct PropertyRange {
  std::string property;  ///< qed | sa | logp | mw
  double min = -1.0 / 0.0;
  double max = 1.0 / 0.0;
  bool min_inclusive = true;
  bool max_inclusive = true;
  bool admits(double value) const;
  /// The condition as the user would write it, e.g. "qed>=0.5" or "mw=200..500".
  std::string to_string() const;
};

/// Parses comma-separated conditions: NAME>=X, NAME>X, NAME<=X, NAME<X, NAME=X (exactly X) or
/// NAME=A..B (A <= value <= B). Names are case-insensitive. Throws sild::ConfigError naming the
/// condition that is malformed, with the accepted forms as a hint. An empty (or blank) spec gives no
/// ranges; an empty condition between commas is an error.
std::vector<PropertyRange> parse_property_filter(const std::string& spec);

/// The property's value in `properties` (name as in PropertyRange::property).
double property_value(const chem::MolProperties& properties, const std::string& property);

/// True when every range admits its property.
bool passes_property_filter(const std::vector<PropertyRange>& ranges, const chem::MolProperties& properties);

}  // namespace sild::core
