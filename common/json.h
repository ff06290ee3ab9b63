// JSON: nlohmann-json's value, parser and escaping, plus the text sild writes (shortest exact
// numbers, whole numbers as integers) and a small object builder for the flat records the store
// keeps (run configs, provenance, metrics).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace sild {

/// The project's JSON value: nlohmann-json (Debian's nlohmann-json3-dev), keys in insertion order.
/// Everything sild reads or writes as JSON goes through it.
using Json = nlohmann::ordered_json;

/// `text` as a JSON string literal, quotes included (nlohmann's escaping; invalid UTF-8 is
/// replaced, never an exception).
inline std::string json_quote(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// A number as JSON (shortest round-trip form); NaN and infinities become null.
inline std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  // Whole numbers (counts) as integers: 480, not the equally exact 4.8e+02.
  if (value == std::floor(value) && std::abs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  for (int digits = 1; digits < 17; ++digits) {  // shortest representation that reads back exactly
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buffer;
}

/// The text sild writes for a JSON value: `{"key": value, ...}` with a space after ':' and ',',
/// numbers as json_number writes them, strings as json_quote does. `one_member_per_line` puts
/// each member of a top-level object on its own indented line (files people read: --json).
inline std::string json_text(const Json& value, bool one_member_per_line = false) {
  std::string out;
  switch (value.type()) {
    case Json::value_t::object: {
      const char* separator = one_member_per_line ? ",\n  " : ", ";
      out = one_member_per_line ? "{\n  " : "{";
      bool first = true;
      for (auto item = value.begin(); item != value.end(); ++item) {
        out += (first ? "" : separator) + json_quote(item.key()) + ": " + json_text(item.value());
        first = false;
      }
      return out + (one_member_per_line ? "\n}" : "}");
    }
    case Json::value_t::array: {
      out = "[";
      bool first = true;
      for (const auto& item : value) {
        out += (first ? "" : ", ") + json_text(item);
        first = false;
      }
      return out + "]";
    }
    case Json::value_t::number_float:
      return json_number(value.get<double>());
    case Json::value_t::string:
      return json_quote(value.get_ref<const std::string&>());
    default:
      return value.dump();  // null, booleans, integers
  }
}

/// Builds {"key": value, ...} in insertion order on a Json value.
class JsonObject {
 public:
  JsonObject& add(const std::string& key, const std::string& value) { return set(key, value); }
  JsonObject& add(const std::string& key, const char* value) { return set(key, std::string(value)); }
  JsonObject& add(const std::string& key, double value) {
    return std::isfinite(value) ? set(key, value) : set(key, nullptr);
  }
  JsonObject& add(const std::string& key, int64_t value) { return set(key, value); }
  JsonObject& add(const std::string& key, int value) { return set(key, static_cast<int64_t>(value)); }
  JsonObject& add(const std::string& key, bool value) { return set(key, value); }
  JsonObject& add(const std::string& key, const std::optional<double>& value) {
    return value ? add(key, *value) : set(key, nullptr);
  }
  const Json& value() const { return value_; }
  std::string str() const { return json_text(value_); }

 private:
  template <typename T>
  JsonObject& set(const std::string& key, T&& value) {
    value_[key] = std::forward<T>(value);
    return *this;
  }
  Json value_ = Json::object();
};

}  // namespace sild
