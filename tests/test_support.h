// Helpers shared by the test executables: where the test data lives, reading small files.
#pragma once

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

}  // namespace sild::test
