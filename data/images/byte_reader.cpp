// Binary gzip/plain reading for the image loaders; see byte_reader.h.
#include "data/images/byte_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "common/errors.h"

namespace sild::images {

namespace {
// gzread takes an unsigned int length; read in chunks well below its limit.
constexpr int64_t kChunkBytes = int64_t{1} << 24;
constexpr unsigned kGzBufferBytes = 1u << 17;
}  // namespace

void ByteReader::Closer::operator()(gzFile_s* file) const { gzclose(file); }

ByteReader::ByteReader(const std::string& path) : path_(path) {
  errno = 0;
  file_.reset(gzopen(path.c_str(), "rb"));
  if (!file_) {
    std::string reason = errno != 0 ? std::strerror(errno) : "zlib could not open it";
    throw IoError(located(path, 0, "cannot open file: " + reason, "check the path and permissions"));
  }
  gzbuffer(file_.get(), kGzBufferBytes);
}

ByteReader::~ByteReader() = default;

int64_t ByteReader::read(uint8_t* out, int64_t size) {
  int64_t total = 0;
  while (total < size) {
    auto chunk = static_cast<unsigned>(std::min(size - total, kChunkBytes));
    int got = gzread(file_.get(), out + total, chunk);
    if (got > 0) offset_ += got;
    int code = Z_OK;
    gzerror(file_.get(), &code);
    // zlib reports a gzip stream that ends early as Z_BUF_ERROR ("unexpected end of file").
    if (code == Z_BUF_ERROR) {
      throw InputError(located(path_, 0, "truncated gzip stream: it ends " + position(),
                               "the download is incomplete; fetch the file again"));
    }
    if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
      throw InputError(
          located(path_, 0, "corrupt gzip data " + position() + " (zlib error " + std::to_string(code) + ")",
                  "the file is damaged; fetch it again"));
    }
    total += got;
    if (static_cast<unsigned>(got) < chunk) break;
  }
  return total;
}

void ByteReader::name_records(int64_t record_bytes, const std::string& kind) {
  records_start_ = offset_;
  record_bytes_ = record_bytes;
  record_kind_ = kind;
}

std::string ByteReader::position() const {
  std::string where = "after " + std::to_string(offset_) + " decompressed bytes";
  if (records_start_ >= 0 && record_bytes_ > 0 && offset_ >= records_start_) {
    // zlib decompresses ahead in blocks, so this is where reading stopped, not the exact cut.
    where += ", at " + record_kind_ + " " + std::to_string((offset_ - records_start_) / record_bytes_) +
             " (0-based)";
  }
  return where;
}

std::vector<uint8_t> read_all_bytes(const std::string& path) {
  ByteReader reader(path);
  std::vector<uint8_t> bytes;
  constexpr int64_t kStep = int64_t{1} << 20;
  for (;;) {
    size_t used = bytes.size();
    bytes.resize(used + kStep);
    int64_t got = reader.read(bytes.data() + used, kStep);
    bytes.resize(used + static_cast<size_t>(got));
    if (got < kStep) break;
  }
  return bytes;
}

}  // namespace sild::images
