// The `sild images` verbs that live in their own files (images_eval_command.cpp).
#pragma once

#include <string>
#include <vector>

namespace sild::cli {

int run_images_eval(const std::vector<std::string>& args);
int run_images_classifier(const std::vector<std::string>& args);

}  // namespace sild::cli
