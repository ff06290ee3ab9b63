// A Boost.Program_options value bound to a field, with the field's current value as the default
// that --help shows. Floating-point defaults print as written (0.1, not 0.10000000000000001).
#pragma once

#include <fmt/format.h>

#include <boost/program_options.hpp>
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

}  // namespace sild::core
