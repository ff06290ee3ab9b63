// FNV-1a, 64 bits: a stable hash of bytes (the same on every machine and version), for content
// hashes of files and the novelty reference of a model. Not for security.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sild {

class Fnv1a {
 public:
  Fnv1a& update(const char* data, size_t size) {
    for (size_t i = 0; i < size; ++i) {
      value_ ^= static_cast<unsigned char>(data[i]);
      value_ *= 0x100000001b3ULL;
    }
    return *this;
  }
  Fnv1a& update(std::string_view text) { return update(text.data(), text.size()); }
  uint64_t value() const { return value_; }

 private:
  uint64_t value_ = 0xcbf29ce484222325ULL;
};

inline uint64_t fnv1a(std::string_view text) { return Fnv1a().update(text).value(); }

}  // namespace sild
