// Test helpers: data locations and small file readers (see test_support.h).
#include "test_support.h"

#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "common/text_io.h"

namespace sild::test {

std::filesystem::path data_dir() { return SILD_TEST_DATA_DIR; }
std::filesystem::path shared_data_dir() { return SILD_SHARED_DATA_DIR; }
bool has_shared(const std::string& name) { return std::filesystem::exists(shared_data_dir() / name); }
std::filesystem::path sild_binary() { return SILD_BINARY; }

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  LineReader reader(path.string());
  std::vector<std::string> lines;
  std::string line;
  while (reader.next(line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> read_shared_smiles(const std::string& name, const std::string& column) {
  LineReader reader((shared_data_dir() / name).string());
  std::string line;
  std::vector<std::string> fields;
  if (!reader.next(line)) throw std::runtime_error(name + " is empty");
  split_csv_line(line, fields);
  size_t index = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == column) index = i;
  }
  if (index == fields.size()) throw std::runtime_error(name + " has no column " + column);
  std::vector<std::string> smiles;
  while (reader.next(line)) {
    if (split_csv_line(line, fields) && index < fields.size()) smiles.push_back(fields[index]);
  }
  return smiles;
}

std::filesystem::path temp_dir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace sild::test
