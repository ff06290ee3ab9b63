// Precompiled header for models/ and its tests: the LibTorch frontend, parsed once per build.
#pragma once

#include <torch/torch.h>
