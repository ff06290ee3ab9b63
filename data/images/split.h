// Which part of a dataset a loader returns. Each dataset documents which splits it has; asking
// for one it lacks is a ConfigError.
#pragma once

#include <string>

#include "common/errors.h"

namespace sild::images {

enum class Split { kTrain, kValidation, kTest, kAll };

inline const char* split_name(Split split) {
  switch (split) {
    case Split::kTrain:
      return "train";
    case Split::kValidation:
      return "validation";
    case Split::kTest:
      return "test";
    case Split::kAll:
      return "all";
  }
  return "?";
}

/// "train", "validation", "test" or "all"; anything else is a ConfigError.
inline Split parse_split(const std::string& name) {
  for (Split split : {Split::kTrain, Split::kValidation, Split::kTest, Split::kAll}) {
    if (name == split_name(split)) return split;
  }
  throw ConfigError("unknown split '" + name + "' (expected train, validation, test or all)");
}

}  // namespace sild::images
