// A Boost.Program_options value bound to a field, with the field's current value as the default
// that --help shows. Floating-point defaults print as written (0.1, not 0.10000000000000001).
#pragma once

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cctype>
#include <string>
#include <type_traits>

namespace sild::core {

template <class T>
boost::program_options::typed_value<T>* value_with_default(T* target) {
  if constexpr (std::is_floating_point_v<T>) {
    return boost::program_options::value(target)->default_value(*target, fmt::format("{}", *target));
  } else {
    return boost::program_options::value(target)->default_value(*target);
  }
}

/// Boost.Program_options 1.74 formats its error messages by replacing placeholders such as
/// "%value%" and "%canonical_option%" until none is left, so an error about a value that itself
/// holds one never ends (found by fuzz/fuzz_config_parsers.cpp: `--stage1-steps %value%` hung).
/// Returns the first "%name%" in `text` ("" when none), so the caller can refuse it before Boost.
inline std::string boost_placeholder_in(const std::string& text) {
  for (size_t open = text.find('%'); open != std::string::npos; open = text.find('%', open + 1)) {
    size_t end = open + 1;
    while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) || text[end] == '_'))
      ++end;
    if (end > open + 1 && end < text.size() && text[end] == '%') return text.substr(open, end - open + 1);
  }
  return {};
}

}  // namespace sild::core
