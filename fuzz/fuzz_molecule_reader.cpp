// Fuzz target: the molecule record reader (data/molecule_reader.h) on arbitrary bytes as a .smi,
// .csv (with and without a label column) or .sdf file. It must never crash or hang, and what it
// returns must keep its contract: line numbers increase, a broken record carries no SMILES, and
// no SMILES is longer than the limit. The first byte picks the format; the rest is the file.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "common/errors.h"
#include "data/molecule_reader.h"
#include "fuzz/fuzz_entry.h"

SILD_FUZZ_ENTRY(molecule_reader) {
  if (size == 0) return 0;
  static const char* const kExtensions[] = {".smi", ".csv", ".csv", ".sdf"};
  const int format = data[0] % 4;
  const std::string path = "/tmp/sild-fuzz-reader-" + std::to_string(::getpid()) + kExtensions[format];
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  constexpr size_t kMaxLength = 100;
  sild::core::MoleculeReaderOptions options{path, "smiles", format == 2 ? "split" : "", kMaxLength};
  try {
    sild::core::MoleculeReader reader(options);
    sild::core::MoleculeRecord record;
    long last_line = 0;
    while (reader.next(record)) {
      if (record.line <= last_line) std::abort();
      last_line = record.line;
      if (record.error && !record.smiles.empty()) std::abort();
      if (record.smiles.size() > kMaxLength) std::abort();
    }
  } catch (const sild::Error&) {
    // a missing column, an unreadable file: typed errors are the contract for bad input
  }
  std::remove(path.c_str());
  return 0;
}
