// Reading and writing safetensors (see safetensors.h). JSON through nlohmann-json (Debian
// nlohmann-json3-dev), the one header-only JSON library Debian packages for C++.
#include "models/metrics/safetensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace sild::models {
namespace {

constexpr uint64_t kMaxHeader = 100u << 20;  // 100 MB: far beyond any real header

struct DtypeInfo {
  const char* name;
  at::ScalarType type;
  size_t bytes;
};
constexpr DtypeInfo kDtypes[] = {
    {"F32", at::kFloat, 4}, {"F64", at::kDouble, 8}, {"I64", at::kLong, 8}, {"I32", at::kInt, 4}};

const DtypeInfo* dtype_named(const std::string& name) {
  for (const auto& info : kDtypes) {
    if (name == info.name) return &info;
  }
  return nullptr;
}

const DtypeInfo* dtype_of(at::ScalarType type) {
  for (const auto& info : kDtypes) {
    if (type == info.type) return &info;
  }
  return nullptr;
}

}  // namespace

SafetensorsFile read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(located(path, 0, "cannot open weight file", "check the path"));
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&](const std::string& what) {
    return InputError(located(path, 0, "not a usable safetensors file: " + what,
                              "re-create it with tools/chemnet_to_safetensors.py or download it again"));
  };
  if (bytes.size() < 8) throw bad("shorter than its 8-byte header length (truncated?)");
  uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i)
    header_size = (header_size << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  if (header_size > kMaxHeader || 8 + header_size > bytes.size()) {
    throw bad("header length " + std::to_string(header_size) + " exceeds the file (truncated?)");
  }
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8,
                                   bytes.begin() + 8 + static_cast<std::ptrdiff_t>(header_size));
  } catch (const nlohmann::json::exception& error) {
    throw bad(std::string("header is not JSON: ") + error.what());
  }
  if (!header.is_object()) throw bad("header is not a JSON object");
  const size_t data_start = 8 + header_size;
  const size_t data_size = bytes.size() - data_start;
  SafetensorsFile file;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) throw bad("__metadata__ is not an object");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) throw bad("metadata value of '" + key + "' is not a string");
        file.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    try {
      const auto* dtype = dtype_named(entry.at("dtype").get<std::string>());
      if (dtype == nullptr)
        throw bad("tensor '" + name + "' has unsupported dtype " + entry.at("dtype").dump());
      std::vector<int64_t> shape = entry.at("shape").get<std::vector<int64_t>>();
      auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
      if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size) {
        throw bad("tensor '" + name + "' lies outside the data (truncated?)");
      }
      uint64_t numel = 1;
      for (int64_t d : shape) {
        if (d < 0) throw bad("tensor '" + name + "' has a negative dimension");
        numel *= static_cast<uint64_t>(d);
      }
      if (numel * dtype->bytes != offsets[1] - offsets[0]) {
        throw bad("tensor '" + name + "': shape and byte range disagree");
      }
      ranges.emplace_back(offsets[0], offsets[1]);
      auto tensor = torch::empty(shape, torch::TensorOptions().dtype(dtype->type));
      std::memcpy(tensor.data_ptr(), bytes.data() + data_start + offsets[0], offsets[1] - offsets[0]);
      file.tensors.emplace(name, std::move(tensor));
    } catch (const nlohmann::json::exception& error) {
      throw bad("entry '" + name + "': " + error.what());
    }
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second) throw bad("tensor byte ranges overlap");
  }
  return file;
}

void write_safetensors(const std::string& path, const SafetensorsFile& file) {
  nlohmann::json header = nlohmann::json::object();
  std::string data;
  for (const auto& [name, tensor] : file.tensors) {
    const auto* dtype = dtype_of(tensor.scalar_type());
    SILD_ASSERT(dtype != nullptr, "write_safetensors takes F32, F64, I64 or I32 tensors");
    auto contiguous = tensor.to(torch::kCPU).contiguous();
    const size_t begin = data.size();
    data.append(static_cast<const char*>(contiguous.data_ptr()), contiguous.numel() * dtype->bytes);
    header[name] = {
        {"dtype", dtype->name}, {"shape", contiguous.sizes().vec()}, {"data_offsets", {begin, data.size()}}};
  }
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  const std::string text = header.dump();
  AtomicFile out(path);
  const uint64_t size = text.size();
  for (int i = 0; i < 8; ++i) out.stream().put(static_cast<char>((size >> (8 * i)) & 0xff));
  out.stream() << text << data;
  out.commit();
}

}  // namespace sild::models
