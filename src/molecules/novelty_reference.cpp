// NoveltyReference (see novelty_reference.h).
#include "src/molecules/novelty_reference.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>

#include "chem/mol_io.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/fnv1a.h"
#include "common/parallel.h"
#include "data/molecule_reader.h"

namespace sild::core {
namespace {

constexpr char kMagic[8] = {'S', 'I', 'L', 'D', 'N', 'O', 'V', '1'};

void put_u64(std::ostream& out, uint64_t value) {
  std::array<char, 8> bytes{};
  for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xff);
  out.write(bytes.data(), bytes.size());
}

bool get_u64(std::istream& in, uint64_t& value) {
  std::array<unsigned char, 8> bytes{};
  if (!in.read(reinterpret_cast<char*>(bytes.data()), bytes.size())) return false;
  value = 0;
  for (size_t i = 0; i < 8; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return true;
}

}  // namespace

NoveltyReference NoveltyReference::from_molecules(const std::string& path, const std::string& smiles_column,
                                                  int threads) {
  MoleculeReader reader({path, smiles_column});
  std::vector<std::string> smiles;
  MoleculeRecord record;
  while (reader.next(record)) {
    if (!record.error && !record.smiles.empty()) smiles.push_back(record.smiles);
  }
  std::vector<std::optional<std::string>> canonical(smiles.size());
  parallel_for(smiles.size(), threads, [&](size_t i) { canonical[i] = chem::canonical_smiles(smiles[i]); });
  NoveltyReference reference;
  reference.hashes_.reserve(canonical.size());
  for (const auto& c : canonical) {
    if (c) reference.hashes_.push_back(fnv1a(*c));
  }
  if (reference.hashes_.empty()) {
    throw InputError(
        located(path, 0, "no valid molecules in the training file", "check --train and --smiles-column"));
  }
  std::sort(reference.hashes_.begin(), reference.hashes_.end());
  reference.hashes_.erase(std::unique(reference.hashes_.begin(), reference.hashes_.end()),
                          reference.hashes_.end());
  return reference;
}

NoveltyReference NoveltyReference::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(located(path, 0, "cannot open the novelty reference", "check the model directory"));
  std::array<char, 8> magic{};
  uint64_t count = 0;
  if (!in.read(magic.data(), magic.size()) || !std::equal(magic.begin(), magic.end(), kMagic) ||
      !get_u64(in, count)) {
    throw InputError(located(path, 0, "not a sild novelty reference (no SILDNOV1 header)",
                             "write it again with 'sild export'"));
  }
  NoveltyReference reference;
  reference.hashes_.resize(static_cast<size_t>(std::min<uint64_t>(count, 1ULL << 32)));
  for (auto& hash : reference.hashes_) {
    if (!get_u64(in, hash)) {
      throw InputError(located(path, 0, fmt::format("truncated: the header promises {} hashes", count),
                               "write it again with 'sild export'"));
    }
  }
  if (!std::is_sorted(reference.hashes_.begin(), reference.hashes_.end())) {
    throw InputError(
        located(path, 0, "corrupt: the hashes are not sorted", "write it again with 'sild export'"));
  }
  return reference;
}

NoveltyReference NoveltyReference::open(const std::string& path, const std::string& smiles_column,
                                        int threads) {
  std::array<char, sizeof(kMagic)> head{};
  {
    std::ifstream in(path, std::ios::binary);
    in.read(head.data(), head.size());
  }
  if (std::equal(head.begin(), head.end(), kMagic)) return load(path);
  return from_molecules(path, smiles_column, threads);  // names the file if it cannot be read
}

void NoveltyReference::save(const std::string& path) const {
  AtomicFile file(path);
  file.stream().write(kMagic, sizeof(kMagic));
  put_u64(file.stream(), hashes_.size());
  for (uint64_t hash : hashes_) put_u64(file.stream(), hash);
  file.commit();
}

bool NoveltyReference::contains(const std::string& canonical) const {
  return std::binary_search(hashes_.begin(), hashes_.end(), fnv1a(canonical));
}

}  // namespace sild::core
