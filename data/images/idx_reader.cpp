// IDX reading; see idx_reader.h. Records are read in batches, so a corrupt header that promises
// billions of images fails at the end of the real data instead of allocating for the promise.
#include "data/images/idx_reader.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "common/errors.h"
#include "common/gzip_file.h"

namespace sild::images {

namespace {

constexpr uint8_t kUnsignedByteType = 0x08;
constexpr int64_t kMaxImageBytes = int64_t{1} << 24;  // far above any IDX image; guards a corrupt header
constexpr int64_t kBatchBytes = int64_t{1} << 22;
const char* const kIdxHint =
    "expected an MNIST-style IDX file (idx3-ubyte images or idx1-ubyte labels, plain or .gz)";

std::string hex_byte(uint8_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", value);
  return text;
}

/// Reads the magic number and dimensions; checks the element type and the number of dimensions.
std::vector<int64_t> read_header(ByteReader& reader, uint8_t expected_dims, const char* kind) {
  std::array<uint8_t, 4> magic{};
  if (reader.read(magic.data(), 4) != 4) {
    throw InputError(located(reader.path(), 0, "too short to be an IDX file", kIdxHint));
  }
  if (magic[0] != 0 || magic[1] != 0) {
    throw InputError(located(
        reader.path(), 0,
        "not an IDX file (magic starts " + hex_byte(magic[0]) + " " + hex_byte(magic[1]) + ", not 0x00 0x00)",
        kIdxHint));
  }
  if (magic[2] != kUnsignedByteType) {
    throw InputError(located(
        reader.path(), 0,
        "unsupported IDX element type " + hex_byte(magic[2]) + " (only unsigned bytes, 0x08)", kIdxHint));
  }
  if (magic[3] != expected_dims) {
    throw InputError(located(reader.path(), 0,
                             std::string("an IDX ") + kind + " file has " + std::to_string(expected_dims) +
                                 " dimension(s), this one " + std::to_string(magic[3]),
                             kIdxHint));
  }
  std::vector<int64_t> dims(expected_dims);
  for (auto& dim : dims) {
    std::array<uint8_t, 4> bytes{};
    if (reader.read(bytes.data(), 4) != 4) {
      throw InputError(located(reader.path(), 0, "truncated IDX header", kIdxHint));
    }
    dim =
        (int64_t{bytes[0]} << 24) | (int64_t{bytes[1]} << 16) | (int64_t{bytes[2]} << 8) | int64_t{bytes[3]};
  }
  return dims;
}

/// Reads `count` records ("image" or "label") of `record_bytes` each; throws naming the first
/// incomplete record.
std::vector<uint8_t> read_records(ByteReader& reader, int64_t count, int64_t record_bytes,
                                  const std::string& record, int64_t promised) {
  reader.name_records(record_bytes, record);
  std::vector<uint8_t> data;
  int64_t per_batch = std::max<int64_t>(1, kBatchBytes / record_bytes);
  for (int64_t done = 0; done < count;) {
    int64_t batch = std::min(count - done, per_batch);
    data.resize(static_cast<size_t>((done + batch) * record_bytes));
    int64_t got = reader.read(data.data() + done * record_bytes, batch * record_bytes);
    if (got < batch * record_bytes) {
      int64_t complete = done + got / record_bytes;
      throw InputError(located(reader.path(), 0,
                               "truncated: the header promises " + std::to_string(promised) + " " + record +
                                   "s but the data ends in " + record + " " + std::to_string(complete) +
                                   " (0-based), the first incomplete one",
                               "the file is incomplete; fetch it again"));
    }
    done += batch;
  }
  return data;
}

/// After the last promised record the file must end.
void expect_end(ByteReader& reader, int64_t promised, const char* kind) {
  uint8_t extra = 0;
  if (reader.read(&extra, 1) != 0) {
    throw InputError(located(reader.path(), 0,
                             "corrupt: bytes follow the last of the " + std::to_string(promised) + " " +
                                 kind + " its header promises",
                             kIdxHint));
  }
}

}  // namespace

ImageSet read_idx_images(const std::string& path, int64_t limit) {
  ByteReader reader(path);
  auto dims = read_header(reader, 3, "images");
  int64_t promised = dims[0];
  if (dims[1] == 0 || dims[2] == 0 || dims[1] * dims[2] > kMaxImageBytes) {
    throw InputError(located(path, 0,
                             "implausible image size " + std::to_string(dims[1]) + "x" +
                                 std::to_string(dims[2]) + " in the IDX header",
                             kIdxHint));
  }
  ImageSet images;
  images.channels = 1;
  images.height = dims[1];
  images.width = dims[2];
  int64_t count = limit > 0 ? std::min(limit, promised) : promised;
  images.pixels = read_records(reader, count, images.image_bytes(), "image", promised);
  if (count == promised) expect_end(reader, promised, "images");
  return images;
}

std::vector<int32_t> read_idx_labels(const std::string& path, int64_t limit) {
  ByteReader reader(path);
  int64_t promised = read_header(reader, 1, "labels")[0];
  int64_t count = limit > 0 ? std::min(limit, promised) : promised;
  auto bytes = read_records(reader, count, 1, "label", promised);
  if (count == promised) expect_end(reader, promised, "labels");
  return std::vector<int32_t>(bytes.begin(), bytes.end());
}

}  // namespace sild::images
