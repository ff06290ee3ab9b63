// Sequential reading of a binary file that may be gzip-compressed (zlib passes plain files
// through unchanged), with errors that name the file. Knows nothing of the formats read with it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct gzFile_s;

namespace sild::images {

class ByteReader {
 public:
  /// Opens `path`; IoError (naming it) when it cannot be opened.
  explicit ByteReader(const std::string& path);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  /// Reads up to `size` bytes into `out` and returns how many; fewer only at the end of the data.
  /// A corrupt or truncated gzip stream is an InputError naming the file and the position.
  int64_t read(uint8_t* out, int64_t size);
  /// From here on, gzip errors name the record: records of `record_bytes` called `kind`
  /// ("image", "label") start at the current offset.
  void name_records(int64_t record_bytes, const std::string& kind);
  const std::string& path() const { return path_; }
  /// Decompressed bytes delivered so far.
  int64_t offset() const { return offset_; }

 private:
  struct Closer {
    void operator()(gzFile_s* file) const;
  };
  std::string position() const;

  std::string path_;
  std::unique_ptr<gzFile_s, Closer> file_;
  int64_t offset_ = 0;
  int64_t records_start_ = -1;  // offset of record 0, or -1 when no records are named
  int64_t record_bytes_ = 0;
  std::string record_kind_;
};

/// The whole (decompressed) content of a file.
std::vector<uint8_t> read_all_bytes(const std::string& path);

}  // namespace sild::images
