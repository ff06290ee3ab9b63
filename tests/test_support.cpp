// Test helpers: data locations and small file readers (see test_support.h).
#include "test_support.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
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

static std::vector<std::string> fuzz_seeds(const std::string& target) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(SILD_FUZZ_CORPUS_DIR) / target))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // a fixed order: the mutations depend on it
  std::vector<std::string> inputs;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    inputs.push_back(content.str());
  }
  if (inputs.empty()) throw std::runtime_error("no seed corpus for fuzz target " + target);
  return inputs;
}

size_t fuzz_smoke(const std::string& target, FuzzBody body, double seconds) {
  const auto inputs = fuzz_seeds(target);
  std::mt19937_64 rng(12345);
  // SMILES and SELFIES symbols, CSV and INI punctuation, line ends: what the targets parse.
  const std::string alphabet =
      "[]()=#%0123456789+-@/\\.CNOSPFIBrcnlos*HKa:~$ Ring Branch nop,\";\n\r\t<>e..qedsamwlogp";
  const auto start = std::chrono::steady_clock::now();
  size_t tried = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    std::string input = inputs[rng() % inputs.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = input.empty() ? 0 : rng() % (input.size() + 1);
      switch (rng() % 4) {
        case 0:
          input.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (pos < input.size()) input.erase(pos, 1);
          break;
        case 2:
          if (pos < input.size()) input[pos] = static_cast<char>(rng() % 256);
          break;
        default:
          input.insert(pos, inputs[rng() % inputs.size()]);
          break;
      }
    }
    body(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++tried;
  }
  return tried;
}

}  // namespace sild::test
