// Dataset downloads (see dataset_download.h). libcurl does HTTP(S), redirects and progress;
// OpenSSL's EVP does SHA-256. Both are Debian's, and both beat hand-written versions.
#include "data/dataset_download.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <vector>

#include "common/errors.h"

namespace sild::core {
namespace fs = std::filesystem;
namespace {

// The public sources with every checksum known for them; a download must match all of them.
// None of these hosts could be reached from the machine this table was written on, so each
// value is one that a publisher gives or that independent downloads of the same URL agree on:
// - MOSES: the oid of data/dataset_v1.csv's Git LFS pointer in molecularsets/moses at dd7ed6a
//   (84,482,588 bytes), which is exactly what the media URL serves. Its SPLIT column is MOSES's
//   published train/test/test_scaffolds split (scripts/split_dataset.py reads it the same way).
// - ZINC250k: the Git blob id of the file in aspuru-guzik-group/chemical_vae's tree at a509dc6,
//   which raw.githubusercontent.com serves byte for byte, and the SHA-256 (22,606,589 bytes) that
//   several projects downloading this URL record, one beside the MD5 TorchDrug checks for it.
// - GuacaMol: the train, valid and test files and the MD5s its authors publish
//   (BenevolentAI/guacamol's README). Figshare publishes no SHA-256, and no recorded download of
//   these files was found.
// - QM9 (DeepChem): the SHA-256 (29,856,825 bytes, Last-Modified 2020-07-10) that several
//   projects downloading this URL record, and that a Git LFS copy of the same size carries.
const std::vector<DatasetSource> kSources = {
    {"moses",
     "MOSES benchmark set (1.9M molecules from ZINC Clean Leads) with its published split",
     "SMILES",
     "SPLIT",
     {{"https://media.githubusercontent.com/media/molecularsets/moses/master/data/dataset_v1.csv",
       "bb47a94d347afd476d3828b5e26dceeabc42a2d8cf92a791d00349f22fea0d8b", "", "", "moses_dataset_v1.csv"}}},
    {"zinc250k",
     "ZINC250k (Gomez-Bombarelli et al. 2018)",
     "smiles",
     "",
     {{"https://raw.githubusercontent.com/aspuru-guzik-group/chemical_vae/master/models/zinc_properties/"
       "250k_rndm_zinc_drugs_clean_3.csv",
       "35e3f1a52b1badc0697e373d73a18ad773f415936ff992f4c6baa2e067b3e6ae", "",
       "d31726bf929d35cb52fa109db90411c90a000dfe", "zinc250k.csv"}}},
    {"guacamol",
     "GuacaMol v1 (1.6M ChEMBL molecules) as its train, valid and test files",
     "smiles",
     "",
     {{"https://ndownloader.figshare.com/files/13612760", "", "05ad85d871958a05c02ab51a4fde8530", "",
       "guacamol_v1_train.smiles", "train"},
      {"https://ndownloader.figshare.com/files/13612766", "", "e53db4bff7dc4784123ae6df72e3b1f0", "",
       "guacamol_v1_valid.smiles", "valid"},
      {"https://ndownloader.figshare.com/files/13612757", "", "677b757ccec4809febd83850b43e1616", "",
       "guacamol_v1_test.smiles", "test"}}},
    {"qm9",
     "QM9 (134k small organic molecules), DeepChem's CSV",
     "smiles",
     "",
     {{"https://deepchemdata.s3-us-west-1.amazonaws.com/datasets/qm9.csv",
       "3e668f8c34e4bc392a90d417a50a5eed3b64b842a817a633024bdc054c68ccb4", "", "", "qm9.csv"}}},
};

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  std::ofstream* out;
  const DownloadOptions* options;
  bool stopped = false;
};

size_t write_chunk(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  transfer->out->write(data, static_cast<std::streamsize>(size * count));
  return *transfer->out ? size * count : 0;  // 0 aborts the transfer (disk full)
}

int progress_callback(void* user, curl_off_t total, curl_off_t done, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->options->should_stop && transfer->options->should_stop()) {
    transfer->stopped = true;
    return 1;
  }
  if (transfer->options->progress) transfer->options->progress(done, total);
  return 0;
}

}  // namespace

const std::vector<DatasetSource>& dataset_sources() { return kSources; }

const DatasetSource& dataset_source(const std::string& name) {
  std::string known;
  for (const auto& source : kSources) {
    if (source.name == name) return source;
    known += (known.empty() ? "" : ", ") + source.name;
  }
  throw ConfigError(fmt::format(
      "unknown dataset '{}' (hint: sild knows {}; or prepare a file with 'sild data prepare')", name, known));
}

namespace {

std::string file_digest(const std::string& path, const EVP_MD* algorithm, const std::string& prefix = "") {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(located(path, 0, "cannot read file"));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), algorithm, nullptr);
  EVP_DigestUpdate(context.get(), prefix.data(), prefix.size());
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

/// One of a file's checksums, checked against the file at `path`.
struct ChecksumCheck {
  std::string kind, expected, actual;
  bool ok() const { return expected == actual; }
};

/// Every checksum the table has for the file, strongest first; empty when it has none.
/// `sha256` is the file's, already computed.
std::vector<ChecksumCheck> check_checksums(const DatasetFile& file, const std::string& path,
                                           const std::string& sha256) {
  std::vector<ChecksumCheck> checks;
  if (!file.sha256.empty()) checks.push_back({"sha256", file.sha256, sha256});
  if (!file.md5.empty()) checks.push_back({"md5", file.md5, md5_file(path)});
  if (!file.git_blob_sha1.empty())
    checks.push_back({"git blob sha1", file.git_blob_sha1, git_blob_sha1_file(path)});
  return checks;
}

/// The first check that failed, or nullptr.
const ChecksumCheck* first_mismatch(const std::vector<ChecksumCheck>& checks) {
  for (const auto& check : checks)
    if (!check.ok()) return &check;
  return nullptr;
}

/// "sha256 + md5": what a passed set of checks verified.
std::string kinds_of(const std::vector<ChecksumCheck>& checks) {
  std::string kinds;
  for (const auto& check : checks) kinds += (kinds.empty() ? "" : " + ") + check.kind;
  return kinds;
}

}  // namespace

std::string sha256_file(const std::string& path) { return file_digest(path, EVP_sha256()); }

std::string md5_file(const std::string& path) { return file_digest(path, EVP_md5()); }

std::string git_blob_sha1_file(const std::string& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) throw IoError(located(path, 0, "cannot read file"));
  return file_digest(path, EVP_sha1(), "blob " + std::to_string(size) + std::string(1, '\0'));
}

DownloadResult download_dataset_file(const DownloadOptions& options) {
  const auto& file = options.file;
  const fs::path directory = fs::path(options.datasets_dir) / "downloads";
  fs::create_directories(directory);
  DownloadResult result;
  result.path = (directory / file.file_name).string();
  if (!options.force && fs::exists(result.path)) {
    const std::string sha256 = sha256_file(result.path);
    const auto checks = check_checksums(file, result.path, sha256);
    if (first_mismatch(checks) == nullptr) {
      result.sha256 = sha256;
      result.reused = true;
      result.checksum_verified = !checks.empty();
      result.checksum_kind = kinds_of(checks);
      result.bytes = static_cast<int64_t>(fs::file_size(result.path));
      return result;
    }
  }
  global_init();
  const std::string temporary = result.path + ".part";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw IoError(located(temporary, 0, "cannot create file", "check that the directory is writable"));
    Transfer transfer{&out, &options};
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl.get(), CURLOPT_URL, file.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);   // abort a transfer stalled
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 120L);  // for two minutes
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_chunk);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, progress_callback);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "sild");
    const CURLcode code = curl_easy_perform(curl.get());
    out.close();
    if (code != CURLE_OK || !out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      if (transfer.stopped) throw IoError(file.url + ": download interrupted; nothing was kept");
      long status = 0;
      curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
      const std::string reason = error[0] != '\0' ? error : curl_easy_strerror(code);
      throw IoError(
          fmt::format("{}: download failed: {}{} (hint: check the network, or download the file yourself "
                      "and run 'sild data prepare --input FILE')",
                      file.url, reason, status >= 400 ? fmt::format(" (HTTP {})", status) : ""));
    }
  }
  result.sha256 = sha256_file(temporary);
  result.bytes = static_cast<int64_t>(fs::file_size(temporary));
  const auto checks = check_checksums(file, temporary, result.sha256);
  if (const ChecksumCheck* bad = first_mismatch(checks)) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw InputError(
        fmt::format("{}: checksum mismatch: got {} {}, expected {} (hint: the file changed upstream "
                    "or the download was corrupted; nothing was kept)",
                    file.url, bad->kind, bad->actual, bad->expected));
  }
  result.checksum_verified = !checks.empty();
  result.checksum_kind = kinds_of(checks);
  fs::rename(temporary, result.path);
  return result;
}

FetchReport fetch_dataset(const FetchOptions& options) {
  const DatasetSource& source = options.source;
  if (source.files.empty()) throw ConfigError("dataset '" + source.name + "' has no files to download");
  FetchReport report;
  for (const auto& file : source.files) {
    DownloadOptions download;
    download.file = file;
    download.datasets_dir = options.prepare.datasets_dir;
    download.force = options.force;
    download.connect_timeout_seconds = options.connect_timeout_seconds;
    download.should_stop = options.should_stop;
    if (options.progress)
      download.progress = [&](int64_t done, int64_t total) { options.progress(file, done, total); };
    report.downloads.push_back(download_dataset_file(download));
    if (options.downloaded) options.downloaded(file, report.downloads.back());
  }
  PrepareOptions prepare = options.prepare;
  if (prepare.name.empty()) prepare.name = source.name;
  prepare.smiles_column = source.smiles_column;
  prepare.input.clear();
  prepare.inputs.clear();
  const bool files_split = options.publishers_split && !source.files.front().split.empty();
  for (size_t i = 0; i < source.files.size(); ++i)
    prepare.inputs.push_back({report.downloads[i].path, files_split ? source.files[i].split : ""});
  if (files_split) prepare.split = SplitKind::kFiles;
  if (options.publishers_split && !source.split_column.empty()) {
    prepare.split = SplitKind::kColumn;
    prepare.split_column = source.split_column;
  }
  report.prepared = prepare_dataset(prepare);
  report.prepared_with = std::move(prepare);
  return report;
}

}  // namespace sild::core
