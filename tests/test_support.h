// Helpers shared by the test executables: where the test data lives, reading small files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sild::test {

/// tests/reference in the source tree (committed reference vectors and fixtures).
std::filesystem::path data_dir();
/// ../shared/data beside the project; may be absent on a user's machine.
std::filesystem::path shared_data_dir();
/// True when ../shared/data/<name> exists; tests call GTEST_SKIP() otherwise.
bool has_shared(const std::string& name);
/// Path of the built `sild` executable, for end-to-end tests.
std::filesystem::path sild_binary();
/// SMILES column of a gzip'd CSV in ../shared/data (header row, column by name).
std::vector<std::string> read_shared_smiles(const std::string& name, const std::string& column = "smiles");
/// Lines of a (possibly gzip'd) text file.
std::vector<std::string> read_lines(const std::filesystem::path& path);
/// A fresh empty directory under the system temp dir, unique per call.
std::filesystem::path temp_dir(const std::string& prefix);

/// A fuzz target's body (fuzz/fuzz_entry.h) called as an ordinary function.
using FuzzBody = int (*)(const uint8_t* data, size_t size);
/// The seconds-long smoke run of a fuzz target inside the test suite: its seed corpus
/// (fuzz/corpus/<target>) and random byte-level mutations of it, with a fixed seed, for about
/// `seconds`. Returns the number of inputs tried. The long coverage-guided runs are `make fuzz`.
size_t fuzz_smoke(const std::string& target, FuzzBody body, double seconds);

}  // namespace sild::test
