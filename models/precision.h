// Numeric precision of training: fp32, or bf16 autocast (matrix products and convolutions in
// bfloat16, fp32 master weights and optimiser state) on CUDA and on the CPU. Chosen once per run
// (`--precision`) and stored with the run's config. On a CPU with native bf16 (AVX512-BF16, AMX)
// a bf16 matrix product runs at about twice the fp32 rate; on one without, it is slower than fp32.
#pragma once

#include <c10/core/Device.h>

#include <array>
#include <string>

namespace sild::models {

enum class Precision { kFp32, kBf16 };

Precision precision_from_string(const std::string& name);  ///< fp32 | bf16; ConfigError otherwise
std::string to_string(Precision precision);

/// Throws ConfigError when `precision` cannot run on `device` (bf16 runs on CUDA and CPU).
void check_precision(Precision precision, const c10::Device& device);

/// RAII: while alive, CUDA and CPU operations autocast to bf16 when `precision` is kBf16;
/// restores the previous state of both on destruction.
class AutocastScope {
 public:
  explicit AutocastScope(Precision precision);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_ = false;
  std::array<bool, 2> was_enabled_{};    ///< CUDA, CPU
  std::array<int, 2> previous_dtype_{};  ///< CUDA, CPU (an at::ScalarType)
};

}  // namespace sild::models
