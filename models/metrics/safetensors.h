// The safetensors weight format (https://huggingface.co/docs/safetensors): an 8-byte
// little-endian header length N, N bytes of JSON mapping each tensor name to
// {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the byte buffer that follows)
// plus an optional "__metadata__" object of string values, then the raw little-endian data.
// Chosen because it is documented, holds no code (unlike pickles), and a few lines of Python
// write it, so the ChemNet converter in tools/ needs nothing beyond PyTorch.
#pragma once

#include <ATen/Tensor.h>

#include <map>
#include <string>

namespace sild::models {

struct SafetensorsFile {
  std::map<std::string, at::Tensor> tensors;  ///< CPU tensors (F32, F64, I64 or I32)
  std::map<std::string, std::string> metadata;
};

/// Reads and validates a file: header size and JSON, dtypes, shapes against byte ranges, ranges
/// inside the file and not overlapping. Throws sild::InputError naming the file and what is
/// wrong (truncated, malformed header, unknown dtype, ...), sild::IoError when it cannot be read.
SafetensorsFile read_safetensors(const std::string& path);

/// Writes tensors (made contiguous, CPU) and metadata atomically.
void write_safetensors(const std::string& path, const SafetensorsFile& file);

}  // namespace sild::models
