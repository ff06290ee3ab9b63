// `sild data download NAME`: the public sources of the datasets sild knows (one table, below in
// dataset_download.cpp), fetched over HTTP(S) with libcurl into DATASETS/downloads/, written
// atomically, checked against every checksum the table has (SHA-256, MD5, Git blob id), and then
// prepared like `sild data prepare`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/dataset_prepare.h"

namespace sild::core {

/// One file of a public dataset.
struct DatasetFile {
  std::string url;
  /// Checksums as lower-case hex, each empty when unknown; a download must match every one
  /// given. md5 is for publishers that give only MD5; git_blob_sha1 is the Git blob id (SHA-1
  /// of "blob <size>\0" + content) of a file served raw from a Git repository.
  std::string sha256;
  std::string md5;
  std::string git_blob_sha1;
  std::string file_name;   ///< under DATASETS/downloads/
  std::string split = {};  ///< the publisher's split this file holds (train, valid, test); empty: all of it
};

struct DatasetSource {
  std::string name;  ///< moses, zinc250k, guacamol, qm9
  std::string description;
  std::string smiles_column;  ///< for CSV files
  std::string split_column;   ///< a CSV column holding the publisher's split (MOSES), or empty
  std::vector<DatasetFile> files;
};

/// The table of known sources.
const std::vector<DatasetSource>& dataset_sources();
/// The source named `name`; throws ConfigError listing the known names otherwise.
const DatasetSource& dataset_source(const std::string& name);

struct DownloadOptions {
  DatasetFile file;
  std::string datasets_dir = "datasets";
  bool force = false;  ///< download again even when a verified copy exists
  long connect_timeout_seconds = 30;
  std::function<void(int64_t done, int64_t total)> progress;  ///< total 0 when unknown
  std::function<bool()> should_stop;                          ///< Ctrl-C: abort, leave nothing behind
};

struct DownloadResult {
  std::string path;
  std::string sha256;
  int64_t bytes = 0;
  bool reused = false;             ///< a copy with the right checksum was already there
  bool checksum_verified = false;  ///< false when the table has no checksum for this file
  std::string checksum_kind;       ///< what was verified, e.g. "sha256 + git blob sha1"
};

/// Downloads (or reuses) one file. Throws IoError for network and HTTP errors (with the URL)
/// and InputError for a checksum mismatch; a failed download leaves no file behind.
DownloadResult download_dataset_file(const DownloadOptions& options);

/// `sild data download`: every file of a source, then `prepare_dataset` on them.
struct FetchOptions {
  DatasetSource source;
  /// Name (default: the source's), directory, split and filter options. The input files and
  /// the SMILES column come from the source.
  PrepareOptions prepare;
  /// Prepare with the split the source ships (MOSES's SPLIT column, GuacaMol's files) instead
  /// of prepare.split; sources without one use prepare.split either way.
  bool publishers_split = true;
  bool force = false;
  long connect_timeout_seconds = 30;
  std::function<void(const DatasetFile& file, int64_t done, int64_t total)> progress;
  std::function<void(const DatasetFile& file, const DownloadResult& result)> downloaded;
  std::function<bool()> should_stop;
};

struct FetchReport {
  std::vector<DownloadResult> downloads;  ///< one per source file, in order
  PrepareOptions prepared_with;           ///< the options prepare_dataset was given
  PrepareReport prepared;
};

FetchReport fetch_dataset(const FetchOptions& options);

/// SHA-256 of a file as lower-case hex (OpenSSL).
std::string sha256_file(const std::string& path);
/// MD5 of a file, and its Git blob id (SHA-1 of "blob <size>\0" + content), as lower-case hex.
std::string md5_file(const std::string& path);
std::string git_blob_sha1_file(const std::string& path);

}  // namespace sild::core
