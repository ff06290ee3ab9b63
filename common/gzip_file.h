// The one gzip input of the project: a file opened through zlib, which reads `.gz` and plain
// files alike, with errors that name the file. `LineReader` (text_io.h) reads it line by line,
// `ByteReader` below byte by byte; `read_all_bytes` returns the whole decompressed content.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "common/errors.h"

namespace sild {

/// An open zlib file (gzip or plain); IoError naming the path when it cannot be opened.
class GzipFile {
 public:
  explicit GzipFile(const std::string& path) : path_(path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {  // zlib opens it, then every read fails
      throw IoError(located(path, 0, "is a directory, not a file", "name a file inside it"));
    }
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      const std::string reason = errno != 0 ? std::strerror(errno) : "zlib could not open it";
      throw IoError(located(path, 0, "cannot open file: " + reason, "check the path and permissions"));
    }
    gzbuffer(file_, 1u << 17);
  }
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;
  ~GzipFile() { gzclose(file_); }

  gzFile get() const { return file_; }
  const std::string& path() const { return path_; }
  /// zlib's error code for the stream (Z_OK, Z_STREAM_END, Z_BUF_ERROR for a truncated gzip...).
  int error_code(const char** message = nullptr) const {
    int code = Z_OK;
    const char* text = gzerror(file_, &code);
    if (message != nullptr) *message = text;
    return code;
  }

 private:
  std::string path_;
  gzFile file_ = nullptr;
};

/// Sequential binary reading of a GzipFile. Errors name the file and the decompressed position
/// (and the record, after name_records()).
class ByteReader {
 public:
  explicit ByteReader(const std::string& path) : file_(path) {}

  /// Reads up to `size` bytes into `out` and returns how many; fewer only at the end of the data.
  /// A corrupt or truncated gzip stream is an InputError naming the file and the position.
  int64_t read(uint8_t* out, int64_t size) {
    constexpr int64_t kChunkBytes = int64_t{1} << 24;  // gzread takes an unsigned length
    int64_t total = 0;
    while (total < size) {
      const auto chunk = static_cast<unsigned>(std::min(size - total, kChunkBytes));
      const int got = gzread(file_.get(), out + total, chunk);
      if (got > 0) offset_ += got;
      const int code = file_.error_code();
      // zlib reports a gzip stream that ends early as Z_BUF_ERROR ("unexpected end of file").
      if (code == Z_BUF_ERROR) {
        throw InputError(located(path(), 0, "truncated gzip stream: it ends " + position(),
                                 "the download is incomplete; fetch the file again"));
      }
      if (got < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        throw InputError(located(
            path(), 0, "corrupt gzip data " + position() + " (zlib error " + std::to_string(code) + ")",
            "the file is damaged; fetch it again"));
      }
      total += got;
      if (static_cast<unsigned>(got) < chunk) break;
    }
    return total;
  }

  /// From here on, errors name the record: records of `record_bytes` called `kind` ("image",
  /// "label") start at the current offset.
  void name_records(int64_t record_bytes, const std::string& kind) {
    records_start_ = offset_;
    record_bytes_ = record_bytes;
    record_kind_ = kind;
  }
  const std::string& path() const { return file_.path(); }
  /// Decompressed bytes delivered so far.
  int64_t offset() const { return offset_; }

 private:
  std::string position() const {
    std::string where = "after " + std::to_string(offset_) + " decompressed bytes";
    if (records_start_ >= 0 && record_bytes_ > 0 && offset_ >= records_start_) {
      // zlib decompresses ahead in blocks, so this is where reading stopped, not the exact cut.
      where += ", at " + record_kind_ + " " + std::to_string((offset_ - records_start_) / record_bytes_) +
               " (0-based)";
    }
    return where;
  }

  GzipFile file_;
  int64_t offset_ = 0;
  int64_t records_start_ = -1;  // offset of record 0, or -1 when no records are named
  int64_t record_bytes_ = 0;
  std::string record_kind_;
};

/// The whole (decompressed) content of a file, gzip or plain.
inline std::vector<uint8_t> read_all_bytes(const std::string& path) {
  ByteReader reader(path);
  std::vector<uint8_t> bytes;
  constexpr int64_t kStep = int64_t{1} << 20;
  for (;;) {
    const size_t used = bytes.size();
    bytes.resize(used + kStep);
    const int64_t got = reader.read(bytes.data() + used, kStep);
    bytes.resize(used + static_cast<size_t>(got));
    if (got < kStep) break;
  }
  return bytes;
}

}  // namespace sild
