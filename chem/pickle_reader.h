// A deliberately tiny reader for Python pickles that hold nested lists of ints and floats, such
// as RDKit's SA-score fragment table (fpscores.pkl.gz). It understands no objects, dicts,
// strings or memo reads: any other opcode is rejected, so a pickle can never run code here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sild::chem {

/// One decoded value: an int, a float or a list of values.
struct PickleValue {
  enum class Kind { kInt, kFloat, kList };

  Kind kind = Kind::kList;
  std::int64_t int_value = 0;
  double float_value = 0.0;
  std::vector<PickleValue> items;

  bool is_int() const { return kind == Kind::kInt; }
  bool is_float() const { return kind == Kind::kFloat; }
  bool is_list() const { return kind == Kind::kList; }
  /// The numeric value of an int or float (Python's float(x)); 0 for a list.
  double as_double() const;
};

/// Decodes one pickle. Accepted opcodes are those the fragment table uses (protocol 0: MARK,
/// LIST, APPEND, INT, FLOAT, PUT, STOP) and their binary-protocol counterparts for the same
/// data (PROTO, FRAME, EMPTY_LIST, APPENDS, BININT, BININT1, BININT2, LONG1, BINFLOAT,
/// MEMOIZE, BINPUT, LONG_BINPUT); memo writes are checked and ignored because no memo reads
/// are accepted. Anything else, a truncated stream, or bytes after STOP throw sild::InputError
/// naming `source` and the byte offset in the decompressed stream.
PickleValue parse_pickle(std::string_view bytes, const std::string& source);

/// Reads and decompresses a whole gzip file (common/gzip_file.h).
/// Throws sild::IoError naming the path when it cannot be opened, and sild::InputError when
/// it is not gzip or the stream is truncated or corrupt.
std::string read_gzip_file(const std::string& path);

/// read_gzip_file() then parse_pickle(), with `path` as the source in error messages.
PickleValue read_gzip_pickle(const std::string& path);

}  // namespace sild::chem
