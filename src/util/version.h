// The sild version, stored with every run and printed by `sild --version`.
#pragma once

namespace sild {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace sild
