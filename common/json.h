// Writing JSON: string quoting with the escapes RFC 8259 requires, and a small object builder
// for the flat records sild stores (run configs, provenance). Reading JSON is not needed.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace sild {

/// `text` as a JSON string literal, quotes included.
inline std::string json_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
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

/// Builds {"key": value, ...} in insertion order.
class JsonObject {
 public:
  JsonObject& add(const std::string& key, const std::string& value) { return raw(key, json_quote(value)); }
  JsonObject& add(const std::string& key, const char* value) { return raw(key, json_quote(value)); }
  JsonObject& add(const std::string& key, double value) { return raw(key, json_number(value)); }
  JsonObject& add(const std::string& key, int64_t value) { return raw(key, std::to_string(value)); }
  JsonObject& add(const std::string& key, int value) { return raw(key, std::to_string(value)); }
  JsonObject& add(const std::string& key, bool value) { return raw(key, value ? "true" : "false"); }
  JsonObject& add(const std::string& key, const std::optional<double>& value) {
    return raw(key, value ? json_number(*value) : "null");
  }
  /// `json` must already be valid JSON (a nested object or array).
  JsonObject& raw(const std::string& key, const std::string& json) {
    body_ += (body_.empty() ? "" : ", ") + json_quote(key) + ": " + json;
    return *this;
  }
  std::string str() const { return "{" + body_ + "}"; }

 private:
  std::string body_;
};

}  // namespace sild
