// Parsing and applying property filters (see property_filter.h).
#include "src/molecules/property_filter.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "common/errors.h"
#include "common/text_io.h"

namespace sild::core {
namespace {

constexpr const char* kForms =
    "write conditions like qed>=0.5, sa<=4, logp<3, mw=200..500, separated by commas";

double parse_number(const std::string& text, const std::string& condition) {
  const std::string value = trim(text);
  double number = 0.0;
  const char* end = value.data() + value.size();
  auto [ptr, error] = std::from_chars(value.data(), end, number);
  if (value.empty() || error != std::errc() || ptr != end || !std::isfinite(number)) {
    throw ConfigError(
        fmt::format("--filter: '{}' is not a number in condition '{}' (hint: {})", value, condition, kForms));
  }
  return number;
}

PropertyRange parse_condition(const std::string& condition) {
  // The first comparison character starts the operator; '>' or '<' may be followed by '='.
  const size_t at = condition.find_first_of("<>=");
  if (at == std::string::npos) {
    throw ConfigError(fmt::format("--filter: no comparison in '{}' (hint: {})", condition, kForms));
  }
  std::string op = condition.substr(at, 1);
  if (op != "=" && at + 1 < condition.size() && condition[at + 1] == '=') op += '=';
  PropertyRange range;
  range.property = to_lower(trim(condition.substr(0, at)));
  if (range.property != "qed" && range.property != "sa" && range.property != "logp" &&
      range.property != "mw") {
    throw ConfigError(
        fmt::format("--filter: unknown property '{}' in '{}' (hint: the properties are qed, sa, logp, mw)",
                    range.property, condition));
  }
  const std::string rest = condition.substr(at + op.size());
  if (op == ">=" || op == ">") {
    range.min = parse_number(rest, condition);
    range.min_inclusive = op == ">=";
  } else if (op == "<=" || op == "<") {
    range.max = parse_number(rest, condition);
    range.max_inclusive = op == "<=";
  } else if (size_t dots = rest.find(".."); dots != std::string::npos) {
    range.min = parse_number(rest.substr(0, dots), condition);
    range.max = parse_number(rest.substr(dots + 2), condition);
    if (range.min > range.max) {
      throw ConfigError(
          fmt::format("--filter: empty range in '{}' (hint: write the lower bound first)", condition));
    }
  } else {
    range.min = range.max = parse_number(rest, condition);
  }
  return range;
}

}  // namespace

bool PropertyRange::admits(double value) const {
  if (std::isnan(value)) return false;
  const bool above = min_inclusive ? value >= min : value > min;
  const bool below = max_inclusive ? value <= max : value < max;
  return above && below;
}

std::string PropertyRange::to_string() const {
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (has_min && has_max) {
    return min == max ? fmt::format("{}={}", property, min) : fmt::format("{}={}..{}", property, min, max);
  }
  if (has_min) return fmt::format("{}{}{}", property, min_inclusive ? ">=" : ">", min);
  if (has_max) return fmt::format("{}{}{}", property, max_inclusive ? "<=" : "<", max);
  return property;
}

std::vector<PropertyRange> parse_property_filter(const std::string& spec) {
  std::vector<PropertyRange> ranges;
  if (trim(spec).empty()) return ranges;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string condition = trim(spec.substr(start, comma - start));
    if (condition.empty()) {  // "qed>0.5,,sa<4" or "," is a typo, not "no condition"
      throw ConfigError(
          fmt::format("--filter: empty condition in '{}' (hint: conditions are separated by single "
                      "commas, e.g. \"qed>=0.5,sa<=4\")",
                      spec));
    }
    ranges.push_back(parse_condition(condition));
    start = comma + 1;
  }
  return ranges;
}

double property_value(const chem::MolProperties& properties, const std::string& property) {
  if (property == "qed") return properties.qed;
  if (property == "sa") return properties.sa;
  if (property == "logp") return properties.logp;
  if (property == "mw") return properties.mw;
  SILD_ASSERT(false, "property names are checked by parse_property_filter");
}

bool passes_property_filter(const std::vector<PropertyRange>& ranges, const chem::MolProperties& properties) {
  return std::all_of(ranges.begin(), ranges.end(), [&](const PropertyRange& range) {
    return range.admits(property_value(properties, range.property));
  });
}

}  // namespace sild::core
