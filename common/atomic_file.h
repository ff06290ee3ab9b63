// Atomic file output (style S6): write to `path.tmp.<pid>`, then rename over `path` on commit().
// A crash, an exception or a full disk before commit() leaves the old file untouched.
//
// Only regular files (and new paths) go through a temporary file. A symbolic link is followed:
// its target is replaced, the link stays. A FIFO, a character device or a socket (/dev/null, a
// terminal, a pipe) is opened and written directly, and "-" is standard output: such outputs
// cannot be replaced atomically, and renaming over them would destroy them.
//
// While a temporary file exists its path is registered with temp_files.h, so that the second
// Ctrl-C, which ends the process at once, still removes it.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "common/errors.h"
#include "common/temp_files.h"

namespace sild {

class AtomicFile {
 public:
  /// The path that stands for standard output in `-o` options.
  static constexpr const char* kStandardOutput = "-";

  explicit AtomicFile(const std::string& path) : path_(path) {
    if (path == kStandardOutput) {
      direct_ = &std::cout;
      return;
    }
    target_ = resolve_links(path);
    struct stat status {};
    if (::stat(target_.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
      if (S_ISDIR(status.st_mode)) {
        throw IoError(located(path, 0, "is a directory", "name a file to write"));
      }
      stream_.open(target_, std::ios::binary);  // FIFO, device, socket: written in place
      if (!stream_)
        throw IoError(located(path, 0, std::string("cannot open for writing: ") + std::strerror(errno)));
      direct_ = &stream_;
      return;
    }
    temp_path_ = target_ + ".tmp." + std::to_string(::getpid());
    stream_.open(temp_path_, std::ios::binary | std::ios::trunc);
    if (!stream_) {
      throw IoError(located(path, 0, std::string("cannot create file: ") + std::strerror(errno),
                            "check that the directory exists and is writable"));
    }
    registration_ = TempFileRegistration(temp_path_);
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (!committed_ && !temp_path_.empty()) {
      stream_.close();
      std::error_code ignored;
      std::filesystem::remove(temp_path_, ignored);
    }
  }

  std::ostream& stream() { return direct_ != nullptr ? *direct_ : stream_; }

  /// Flushes, checks every write succeeded (a full disk shows up here), and renames into place.
  void commit() {
    if (direct_ != nullptr) {
      direct_->flush();
      if (!*direct_) throw IoError(located(path_, 0, "write failed", "the reader may have gone away"));
      committed_ = true;
      return;
    }
    stream_.flush();
    if (!stream_) {
      throw IoError(located(path_, 0, "write failed", "the disk may be full"));
    }
    stream_.close();
    if (stream_.fail()) throw IoError(located(path_, 0, "closing the file failed", "the disk may be full"));
    if (std::rename(temp_path_.c_str(), target_.c_str()) != 0) {
      throw IoError(located(path_, 0, std::string("cannot rename temporary file: ") + std::strerror(errno)));
    }
    committed_ = true;
    registration_ = TempFileRegistration();
  }

 private:
  /// The file a chain of symbolic links ends at (relative links resolved against their folder);
  /// `path` itself when it is not a link. A dangling link gives the path it points to.
  static std::string resolve_links(const std::string& path) {
    namespace fs = std::filesystem;
    fs::path current(path);
    for (int hops = 0; hops < 40; ++hops) {
      std::error_code error;
      if (!fs::is_symlink(fs::symlink_status(current, error))) return current.string();
      fs::path next = fs::read_symlink(current, error);
      if (error) return current.string();
      current = next.is_absolute() ? next : current.parent_path() / next;
    }
    throw IoError(located(path, 0, "too many levels of symbolic links"));
  }

  std::string path_;       ///< as the caller named it (for messages)
  std::string target_;     ///< after following symbolic links
  std::string temp_path_;  ///< empty when writing directly
  std::ofstream stream_;
  std::ostream* direct_ = nullptr;  ///< standard output or an opened non-regular file
  TempFileRegistration registration_;
  bool committed_ = false;
};

}  // namespace sild
