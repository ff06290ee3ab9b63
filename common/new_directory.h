// A directory a command creates for its outputs, removed again when the command fails before
// it has written anything worth keeping: a failed `data prepare` or `train` leaves no empty or
// half-filled folder behind, while an existing directory is never touched.
#pragma once

#include <filesystem>
#include <system_error>

namespace sild {

class NewDirectory {
 public:
  /// Creates `path` (and its parents) when it does not exist.
  explicit NewDirectory(std::filesystem::path path)
      : path_(std::move(path)), created_(std::filesystem::create_directories(path_)) {}
  NewDirectory(const NewDirectory&) = delete;
  NewDirectory& operator=(const NewDirectory&) = delete;
  /// Removes the directory and everything in it when this object created it and keep() was
  /// not called (the command failed).
  ~NewDirectory() {
    std::error_code ignored;
    if (created_ && !kept_) std::filesystem::remove_all(path_, ignored);
  }
  /// From here on the directory holds work worth keeping (checkpoints, a finished dataset).
  void keep() { kept_ = true; }
  bool created() const { return created_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool created_ = false;
  bool kept_ = false;
};

}  // namespace sild
