// `sild data download` against an HTTP server on 127.0.0.1 run by the test itself (no internet):
// a verified download, a reused copy, a checksum mismatch and an HTTP error that leave nothing
// behind, and the command end to end (download, verify, prepare, record in the store).
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
#include "src/dataset_download.h"
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
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
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
      const std::string head = std::string(it == files_.end() ? "HTTP/1.1 404 Not Found" : "HTTP/1.1 200 OK") +
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

const char* const kSmiles[] = {"CCO",     "c1ccccc1", "CC(=O)O", "c1ccncc1", "C1CCCCC1", "CCN",
                               "c1ccc2ccccc2c1", "OC1CCCC1", "CC(C)O", "C1CCOC1", "c1ccsc1", "NC1CCCCC1"};

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
  EXPECT_EQ(git_blob_sha1_file(path), "f2ba8f84ab5c1bce84a7b441cb1959cfc7093b7f");  // printf abc | git hash-object --stdin
}

TEST(DatasetDownloadTest, EveryKnownChecksumIsLowerCaseHexOfItsLength) {
  auto hex_of = [](const std::string& value, size_t digits) {
    return value.size() == digits && value.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  size_t known = 0, with_sha256 = 0;
  for (const auto& source : dataset_sources()) {
    EXPECT_TRUE(source.sha256.empty() || hex_of(source.sha256, 64)) << source.name;
    EXPECT_TRUE(source.md5.empty() || hex_of(source.md5, 32)) << source.name;
    EXPECT_TRUE(source.git_blob_sha1.empty() || hex_of(source.git_blob_sha1, 40)) << source.name;
    known += !source.sha256.empty() || !source.md5.empty() || !source.git_blob_sha1.empty();
    with_sha256 += !source.sha256.empty();
  }
  EXPECT_EQ(known, 4u);
  EXPECT_EQ(with_sha256, 3u);  // MOSES, ZINC250k, QM9; GuacaMol has only its published MD5
}

TEST(DatasetDownloadTest, EveryChecksumTheSourceHasMustMatch) {
  const auto csv = molecules_csv();
  LocalHttpServer server({{"/mols.csv", csv}});
  auto dir = test::temp_dir("download-checksums");
  const auto copy = (dir / "copy.csv").string();
  std::ofstream(copy, std::ios::binary) << csv;
  DownloadOptions options;
  options.source.name = "mols";
  options.source.file_name = "mols.csv";
  options.source.url = server.url("/mols.csv");
  options.datasets_dir = (dir / "datasets").string();
  options.force = true;
  options.source.md5 = md5_file(copy);
  auto result = download_dataset_file(options);
  EXPECT_TRUE(result.checksum_verified);
  EXPECT_EQ(result.checksum_kind, "md5");
  options.source.md5.clear();
  options.source.git_blob_sha1 = git_blob_sha1_file(copy);
  result = download_dataset_file(options);
  EXPECT_EQ(result.checksum_kind, "git blob sha1");
  options.source.sha256 = sha256_file(copy);
  options.source.md5 = md5_file(copy);
  result = download_dataset_file(options);
  EXPECT_EQ(result.checksum_kind, "sha256 + md5 + git blob sha1");

  // A right SHA-256 does not excuse a wrong Git blob id, on a fresh download or a reuse.
  options.source.git_blob_sha1 = std::string(40, '0');
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
  options.source = dataset_source("qm9");
  options.source.url = server.url("/mols.csv");
  options.source.sha256 = sha256_of(csv, dir);
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
  options.source.sha256 = std::string(64, '0');
  std::filesystem::remove(result.path);
  EXPECT_THROW(download_dataset_file(options), InputError);
  options.source.url = server.url("/missing.csv");
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

TEST(DatasetDownloadTest, TheCommandDownloadsPreparesAndRecordsTheDataset) {
  const auto csv = molecules_csv();
  LocalHttpServer server({{"/qm9.csv", csv}});
  auto dir = test::temp_dir("download-cli");
  const std::string command = test::sild_binary().string() + " --log-level warn data download qm9 --url " +
                              server.url("/qm9.csv") + " --sha256 " + sha256_of(csv, dir) + " --name tiny --datasets " +
                              (dir / "datasets").string() + " --store " + (dir / "sild.sqlite").string() +
                              " --split random > " + (dir / "out.txt").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << test::read_lines(dir / "out.txt").size();
  EXPECT_TRUE(std::filesystem::exists(dir / "datasets" / "tiny" / "train.smi"));
  EXPECT_TRUE(std::filesystem::exists(dir / "datasets" / "downloads" / "qm9.csv"));
  const auto train = test::read_lines(dir / "datasets" / "tiny" / "train.smi");
  const auto test_split = test::read_lines(dir / "datasets" / "tiny" / "test.smi");
  EXPECT_EQ(train.size() + test_split.size(), 12u);
  store::Database database((dir / "sild.sqlite").string());
  store::Statement select(database, "SELECT source FROM datasets WHERE name = 'tiny'");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.column_text(0), server.url("/qm9.csv"));
  const std::string bad = test::sild_binary().string() + " --log-level warn data download qm9 --url " +
                          server.url("/qm9.csv") + " --sha256 " + std::string(64, 'f') + " --force --datasets " +
                          (dir / "datasets").string() + " --store " + (dir / "sild.sqlite").string() + " > /dev/null 2>&1";
  EXPECT_NE(std::system(bad.c_str()), 0);
}

TEST(DatasetDownloadTest, MosesIsPreparedWithItsOwnSplitUnlessASplitIsGiven) {
  EXPECT_EQ(dataset_source("moses").split_column, "SPLIT");
  std::string csv = "SMILES,SPLIT\n";
  const char* splits[] = {"train", "train", "test", "test_scaffolds"};
  for (size_t i = 0; i < std::size(kSmiles); ++i) csv += std::string(kSmiles[i]) + "," + splits[i % 4] + "\n";
  LocalHttpServer server({{"/moses.csv", csv}});
  auto dir = test::temp_dir("download-moses");
  auto command = [&](const std::string& name, const std::string& extra) {
    return test::sild_binary().string() + " --log-level warn data download moses --url " + server.url("/moses.csv") +
           " --sha256 " + sha256_of(csv, dir) + " --name " + name + " --datasets " + (dir / "datasets").string() +
           " --store " + (dir / "sild.sqlite").string() + extra + " > /dev/null 2>&1";
  };
  ASSERT_EQ(std::system(command("given", "").c_str()), 0);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "train.smi").size(), 6u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "test.smi").size(), 3u);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "given" / "test_scaffolds.smi").size(), 3u);
  ASSERT_EQ(std::system(command("resplit", " --split random --test-fraction 0").c_str()), 0);
  EXPECT_EQ(test::read_lines(dir / "datasets" / "resplit" / "train.smi").size(), 12u);
}

TEST(DatasetDownloadTest, Zinc250kInItsOwnLayoutPreparesEveryMoleculeWhenPinned) {
  const auto csv = zinc_layout_csv();
  LocalHttpServer server({{"/zinc.csv", csv}});
  auto dir = test::temp_dir("download-zinc");
  // --sha256 replaces all the table's checksums: ZINC250k's Git blob id would refuse this file.
  const std::string command = test::sild_binary().string() + " --log-level warn data download zinc250k --url " +
                              server.url("/zinc.csv") + " --sha256 " + sha256_of(csv, dir) + " --datasets " +
                              (dir / "datasets").string() + " --store " + (dir / "sild.sqlite").string() +
                              " --split random > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto train = test::read_lines(dir / "datasets" / "zinc250k" / "train.smi");
  const auto test_split = test::read_lines(dir / "datasets" / "zinc250k" / "test.smi");
  EXPECT_EQ(train.size() + test_split.size(), std::size(kSmiles));  // none lost to the quoted newlines
}

}  // namespace
}  // namespace sild::core
