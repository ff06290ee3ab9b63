// Atomic file output (style S6): write to `path.tmp.<pid>`, then rename over `path` on commit().
// A crash, an exception or a full disk before commit() leaves the old file untouched.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/errors.h"

namespace sild {

class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path)
      : path_(path), temp_path_(path + ".tmp." + std::to_string(::getpid())) {
    stream_.open(temp_path_, std::ios::binary | std::ios::trunc);
    if (!stream_) {
      throw IoError(located(path, 0, std::string("cannot create file: ") + std::strerror(errno),
                            "check that the directory exists and is writable"));
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (!committed_) {
      stream_.close();
      std::error_code ignored;
      std::filesystem::remove(temp_path_, ignored);
    }
  }

  std::ostream& stream() { return stream_; }

  /// Flushes, checks every write succeeded (a full disk shows up here), and renames into place.
  void commit() {
    stream_.flush();
    if (!stream_) {
      throw IoError(located(path_, 0, "write failed", "the disk may be full"));
    }
    stream_.close();
    if (stream_.fail()) throw IoError(located(path_, 0, "closing the file failed", "the disk may be full"));
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      throw IoError(located(path_, 0, std::string("cannot rename temporary file: ") + std::strerror(errno)));
    }
    committed_ = true;
  }

 private:
  std::string path_;
  std::string temp_path_;
  std::ofstream stream_;
  bool committed_ = false;
};

}  // namespace sild
