// `sild data download` against an HTTP server on 127.0.0.1 run by the test itself (no internet):
// a verified download, a reused copy, a checksum mismatch and an HTTP error that leave nothing
// behind, and the command end to end (download, verify, prepare, record in the store).
#include "data/dataset_download.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "common/errors.h"
#include "src/store/database.h"
#include "test_support.h"

namespace sild::core {
namespace {

/// Serves fixed bodies by path over HTTP/1.1 on an ephemeral loopback port; 404 otherwise.
class LocalHttpServer {
 public:
  explicit LocalHttpServer(std::map<std::string, std::string> files) : files_(std::move(files)) {
    socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(socket_, 8);
    socklen_t length = sizeof address;
    ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LocalHttpServer() {
    stopping_ = true;
    ::shutdown(socket_, SHUT_RDWR);
    ::close(socket_);
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept(socket_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
      }
      ++requests_;
      const auto start = request.find(' ') + 1;
      const std::string path = request.substr(start, request.find(' ', start) - start);
      auto it = files_.find(path);
      const std::string body = it == files_.end() ? "not found\n" : it->second;
      const std::string head =
          std::string(it == files_.end() ? "HTTP/1.1 404 Not Found" : "HTTP/1.1 200 OK") +
          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
      const std::string response = head + body;
      size_t sent = 0;
      while (sent < response.size()) {
        const ssize_t n = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ::close(client);
    }
  }

  std::map<std::string, std::string> files_;
  int socket_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

const char* const kSmiles[] = {"CCO",      "c1ccccc1", "CC(=O)O",        "c1ccncc1",
                               "C1CCCCC1", "CCN",      "c1ccc2ccccc2c1", "OC1CCCC1",
                               "CC(C)O",   "C1CCOC1",  "c1ccsc1",        "NC1CCCCC1"};

std::string molecules_csv() {
  std::string csv = "id,SMILES\n";
  int id = 0;
  for (const char* s : kSmiles) csv += std::to_string(++id) + "," + s + "\n";
  return csv;
}

/// The same molecules laid out like ZINC250k's CSV: a quoted newline ends each SMILES.
std::string zinc_layout_csv() {
  std::string csv = "smiles,logP,qed,SAS\n";
  for (const char* s : kSmiles) csv += std::string("\"") + s + "\n\",1.5,0.5,2.5\n";
  return csv;
}

std::string sha256_of(const std::string& content, const std::filesystem::path& dir) {
  std::ofstream(dir / "content.bin", std::ios::binary) << content;
  return sha256_file((dir / "content.bin").string());
}

TEST(DatasetDownloadTest, Sha256OfAKnownVector) {
  auto dir = test::temp_dir("sha");
  EXPECT_EQ(sha256_of("abc", dir), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DatasetDownloadTest, Md5AndGitBlobIdOfKnownVectors) {
  auto dir = test::temp_dir("digests");
  const auto path = (dir / "abc.txt").string();
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_EQ(md5_file(path), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(git_blob_sha1_file(path),
            "f2ba8f84ab5c1bce84a7b441cb1959cfc7093b7f");  // printf abc | git hash-object --stdin
}

TEST(DatasetDownloadTest, EveryKnownFileHasAChecksumOfItsLengthInLowerCaseHex) {
  auto hex_of = [](const std::string& value, size_t digits) {
    return value.size() == digits && value.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  std::map<std::string, std::vector<std::string>> splits;
  for (const auto& source : dataset_sources()) {
    ASSERT_FALSE(source.files.empty()) << source.name;
    for (const auto& file : source.files) {
      EXPECT_TRUE(file.sha256.empty() || hex_of(file.sha256, 64)) << file.file_name;
      EXPECT_TRUE(file.md5.empty() || hex_of(file.md5, 32)) << file.file_name;
      EXPECT_TRUE(file.git_blob_sha1.empty() || hex_of(file.git_blob_sha1, 40)) << file.file_name;
      EXPECT_FALSE(file.sha256.empty() && file.md5.empty()) << file.file_name;  // every file is verified
      EXPECT_TRUE(file.split.empty() || is_split_name(file.split)) << file.file_name;
      splits[source.name].push_back(file.split);
    }
  }
  // SHA-256 for all but GuacaMol, whose publisher gives only MD5.
  for (const char* name : {"moses", "zinc250k", "qm9"})
    EXPECT_FALSE(dataset_source(name).files.at(0).sha256.empty());
  EXPECT_EQ(splits["guacamol"], (std::vector<std::string>{"train", "valid", "test"}));
  EXPECT_EQ(dataset_source("moses").split_column, "SPLIT");
}

TEST(DatasetDownloadTest, EveryChecksumTheSourceHasMustMatch) {
  const auto csv = molecules_csv();
  LocalHttpServer server({{"/mols.csv", csv}});
  auto dir = test::temp_dir("download-checksums");
  const auto copy = (dir / "copy.csv").string();
  std::ofstream(copy, std::ios::binary) << csv;
  DownloadOptions options;
  options.file.file_name = "mols.csv";
  options.file.url = server.url("/mols.csv");
  options.datasets_dir = (dir / "datasets").string();
  options.force = true;
  options.file.md5 = md5_file(copy);
  auto result = download_dataset_file(options);
  EXPECT_TRUE(result.checksum_verified);
  EXPECT_EQ(result.checksum_kind, "md5");
  options.file.md5.clear();
  options.file.git_blob_sha1 = git_blob_sha1_file(copy);
  result = download_dataset_file(options);
  EXPECT_EQ(result.checksum_kind, "git blob sha1");
  options.file.sha256 = sha256_file(copy);
  options.file.md5 = md5_file(copy);
  result = download_dataset_file(options);
  EXPECT_EQ(result.checksum_kind, "sha256 + md5 + git blob sha1");

  // A right SHA-256 does not excuse a wrong Git blob id, on a fresh download or a reuse.
  options.file.git_blob_sha1 = std::string(40, '0');
  options.force = false;
  EXPECT_THROW(download_dataset_file(options), InputError);  // the copy there fails, so it downloads
  std::filesystem::remove(result.path);
  options.force = true;
  try {
    download_dataset_file(options);
    ADD_FAILURE() << "a wrong Git blob id must be refused";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("git blob sha1"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(std::filesystem::exists(result.path));
  EXPECT_FALSE(std::filesystem::exists(result.path + ".part"));
}

TEST(DatasetDownloadTest, DownloadsVerifiesReusesAndLeavesNothingOnFailure) {
  const auto csv = molecules_csv();
  LocalHttpServer server({{"/mols.csv", csv}});
  auto dir = test::temp_dir("download");
  DownloadOptions options;
  options.file = dataset_source("qm9").files.front();
  options.file.url = server.url("/mols.csv");
  options.file.sha256 = sha256_of(csv, dir);
  options.datasets_dir = (dir / "datasets").string();
  int64_t last = 0;
  options.progress = [&](int64_t done, int64_t) { last = done; };
  auto result = download_dataset_file(options);
  EXPECT_TRUE(result.checksum_verified);
  EXPECT_FALSE(result.reused);
  EXPECT_EQ(result.bytes, static_cast<int64_t>(csv.size()));
  EXPECT_EQ(last, static_cast<int64_t>(csv.size()));
  EXPECT_EQ(test::read_lines(result.path).size(), 13u);
  const int requests = server.requests();
  EXPECT_TRUE(download_dataset_file(options).reused);
  EXPECT_EQ(server.requests(), requests);

  options.force = true;
  options.file.sha256 = std::string(64, '0');
  std::filesystem::remove(result.path);
  EXPECT_THROW(download_dataset_file(options), InputError);
  options.file.url = server.url("/missing.csv");
  try {
    download_dataset_file(options);
    ADD_FAILURE() << "a 404 was accepted";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("404"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("/missing.csv"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir / "datasets" / "downloads"));  // no partial files
  EXPECT_THROW(dataset_source("chembl"), ConfigError);
}

/// " --datasets DIR/datasets --store DIR/sild.sqlite": where a command test keeps its files.
std::string places(const std::filesystem::path& dir) {
  return " --datasets " + (dir / "datasets").string() + " --store " + (dir / "sild.sqlite").string();
}

/// Runs `sild --log-level warn ARGS` with its output in `log`; returns the exit status.
int run_sild(const std::string& args, const std::filesystem::path& log = "/dev/null") {
  const std::string command =
      test::sild_binary().string() + " --log-level warn " + args + " > " + log.string() + " 2>&1";
  return WEXITSTATUS(std::system(command.c_str()));
}

std::string text_of(const std::filesystem::path& path) {
  std::string text;
  for (const auto& line : test::read_lines(path)) text += line + "\n";
  return text;
}

TEST(DatasetDownloadTest, TheCommandDownloadsPreparesAndRecordsTheDataset) {
  const auto csv = molecules_csv();
  LocalHttpServer server({{"/qm9.csv", csv}});
  auto dir = test::temp_dir("download-cli");
  const std::string pinned = " --url " + server.url("/qm9.csv") + " --sha256 ";
  ASSERT_EQ(run_sild("data download qm9" + pinned + sha256_of(csv, dir) + " --name tiny --split random" +
                         places(dir),
                     dir / "out.txt"),
            0)
      << text_of(dir / "out.txt");
  EXPECT_TRUE(std::filesystem::exists(dir / "datasets" / "downloads" / "qm9.csv"));
  const auto train = test::read_lines(dir / "datasets" / "tiny" / "train.smi");
  const auto test_split = test::read_lines(dir / "datasets" / "tiny" / "test.smi");
  EXPECT_EQ(train.size() + test_split.size(), 12u);
  {
    store::Database database((dir / "sild.sqlite").string());
    store::Statement select(database, "SELECT source FROM datasets WHERE name = 'tiny'");
    ASSERT_TRUE(select.step());
    EXPECT_EQ(select.column_text(0), server.url("/qm9.csv"));
  }
  EXPECT_NE(run_sild("data download qm9" + pinned + std::string(64, 'f') + " --force" + places(dir)), 0);
  // A three-file dataset has no single file for --url or --sha256 to mean.
  EXPECT_EQ(
      run_sild("data download guacamol --url " + server.url("/qm9.csv") + places(dir), dir / "three.txt"), 2);
  EXPECT_NE(text_of(dir / "three.txt").find("has 3 files"), std::string::npos);
}

TEST(DatasetDownloadTest, SplitFilesPrepareEvaluateAndAreListed) {
  auto dir = test::temp_dir("split-files-cli");
  // Split files given to 'data prepare' keep their split, and the store lists them.
  std::ofstream(dir / "train.smi") << "CCO\nCCN\nCCC\n";
  std::ofstream(dir / "valid.smi") << "c1ccccc1\n";
  std::ofstream(dir / "test.smi") << "CCCO\nc1ccncc1\n";
  ASSERT_EQ(run_sild("data prepare --train-file " + (dir / "train.smi").string() + " --valid-file " +
                     (dir / "valid.smi").string() + " --test-file " + (dir / "test.smi").string() +
                     " --name given" + places(dir)),
            0);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "train.smi").size(), 3u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "valid.smi").size(), 1u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "test.smi").size(), 2u);
  {
    store::Database database((dir / "sild.sqlite").string());
    store::Statement splits(database,
                            "SELECT COUNT(*) FROM splits s JOIN datasets d ON d.id = s.dataset_id "
                            "WHERE d.name = 'given'");
    ASSERT_TRUE(splits.step());
    EXPECT_EQ(splits.column_int(0), 3);  // train, valid, test
  }

  // eval --dataset NAME (under --datasets) without test_scaffolds.smi: no /TestSF metrics.
  const std::string eval = "eval --no-guacamol --generated " + (dir / "test.smi").string() + " --json " +
                           (dir / "metrics.json").string() + places(dir) + " --dataset ";
  EXPECT_EQ(run_sild(eval + "no-such-dataset"), 2);
  ASSERT_EQ(run_sild(eval + "given"), 0);
  const std::string metrics = text_of(dir / "metrics.json");
  EXPECT_NE(metrics.find("SNN/Test"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("TestSF"), std::string::npos) << metrics;

  // data list and data show print what the store holds.
  const std::string store = " --store " + (dir / "sild.sqlite").string();
  EXPECT_EQ(run_sild("data list" + store, dir / "list.txt"), 0);
  EXPECT_NE(text_of(dir / "list.txt").find("given"), std::string::npos) << text_of(dir / "list.txt");
  EXPECT_EQ(run_sild("data show given" + store, dir / "show.txt"), 0);
  const std::string show = text_of(dir / "show.txt");
  EXPECT_NE(show.find("\"split\": \"files\""), std::string::npos) << show;
  EXPECT_NE(show.find("valid.smi"), std::string::npos) << show;
  EXPECT_EQ(run_sild("data show nothing-here" + store), 1);
}

TEST(DatasetDownloadTest, MosesIsPreparedWithItsOwnSplitUnlessASplitIsGiven) {
  std::string csv = "SMILES,SPLIT\n";
  const char* splits[] = {"train", "train", "test", "test_scaffolds"};
  for (size_t i = 0; i < std::size(kSmiles); ++i) csv += std::string(kSmiles[i]) + "," + splits[i % 4] + "\n";
  LocalHttpServer server({{"/moses.csv", csv}});
  auto dir = test::temp_dir("download-moses");
  const std::string download = "data download moses --url " + server.url("/moses.csv") + " --sha256 " +
                               sha256_of(csv, dir) + places(dir);
  ASSERT_EQ(run_sild(download + " --name given"), 0);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "train.smi").size(), 6u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "test.smi").size(), 3u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "test_scaffolds.smi").size(), 3u);
  ASSERT_EQ(run_sild(download + " --name resplit --split random --test-fraction 0"), 0);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "resplit" / "train.smi").size(), 12u);
}

TEST(DatasetDownloadTest, GuacamolIsFetchedAsItsThreeFilesAndKeepsTheirSplit) {
  std::string train, valid, test;
  for (size_t i = 0; i < std::size(kSmiles); ++i)
    (i < 8 ? train : i < 10 ? valid : test) += std::string(kSmiles[i]) + "\n";
  LocalHttpServer server({{"/train", train}, {"/valid", valid}, {"/test", test}});
  auto dir = test::temp_dir("fetch-guacamol");
  FetchOptions options;
  options.source = dataset_source("guacamol");
  std::map<std::string, std::string> bodies{{"train", train}, {"valid", valid}, {"test", test}};
  for (auto& file : options.source.files) {  // the table's files, served from here with their MD5s
    file.url = server.url("/" + file.split);
    std::ofstream(dir / "body", std::ios::binary) << bodies[file.split];
    file.md5 = md5_file((dir / "body").string());
  }
  options.prepare.datasets_dir = (dir / "datasets").string();
  std::vector<std::string> downloaded;
  options.downloaded = [&](const DatasetFile& file, const DownloadResult& result) {
    EXPECT_EQ(result.checksum_kind, "md5");
    downloaded.push_back(file.file_name);
  };
  auto report = fetch_dataset(options);
  EXPECT_EQ(downloaded, (std::vector<std::string>{"guacamol_v1_train.smiles", "guacamol_v1_valid.smiles",
                                                  "guacamol_v1_test.smiles"}));
  const auto prepared = dir / "datasets" / "guacamol";
  EXPECT_EQ(report.prepared_with.split, SplitKind::kFiles);
  EXPECT_EQ(test::read_lines(prepared / "train.smi").size(), 8u);
  EXPECT_EQ(test::read_lines(prepared / "valid.smi").size(), 2u);
  EXPECT_EQ(test::read_lines(prepared / "test.smi").size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(prepared / "test_scaffolds.smi"));
  EXPECT_EQ(report.prepared.valid, 2);

  // Without the publisher's split the three files are one pool, split as --split says; the
  // valid.smi of the first preparation does not linger.
  options.publishers_split = false;
  options.prepare.split = SplitKind::kRandom;
  options.prepare.test_fraction = 0;
  report = fetch_dataset(options);
  EXPECT_EQ(report.prepared.train, 12);
  EXPECT_FALSE(std::filesystem::exists(prepared / "valid.smi"));
  EXPECT_EQ(server.requests(), 3);  // the verified copies were reused
}

TEST(DatasetDownloadTest, Zinc250kInItsOwnLayoutPreparesEveryMoleculeWhenPinned) {
  const auto csv = zinc_layout_csv();
  LocalHttpServer server({{"/zinc.csv", csv}});
  auto dir = test::temp_dir("download-zinc");
  // --sha256 replaces all the table's checksums: ZINC250k's Git blob id would refuse this file.
  ASSERT_EQ(run_sild("data download zinc250k --url " + server.url("/zinc.csv") + " --sha256 " +
                     sha256_of(csv, dir) + " --split random" + places(dir)),
            0);
  const auto train = test::read_lines(dir / "datasets" / "zinc250k" / "train.smi");
  const auto test_split = test::read_lines(dir / "datasets" / "zinc250k" / "test.smi");
  EXPECT_EQ(train.size() + test_split.size(), std::size(kSmiles));  // none lost to the quoted newlines
}

}  // namespace
}  // namespace sild::core
