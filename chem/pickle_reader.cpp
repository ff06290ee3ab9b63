// Decoder for the small subset of Python's pickle format described in pickle_reader.h, and a
// whole-file gzip reader built on zlib. Opcode byte values follow CPython's Lib/pickle.py.
// It does not support memo reads, strings, dicts, tuples or any object construction.
#include "chem/pickle_reader.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "common/errors.h"
#include "common/gzip_file.h"

namespace sild::chem {
namespace {

// Opcodes (CPython Lib/pickle.py names).
constexpr unsigned char kMark = '(';
constexpr unsigned char kStop = '.';
constexpr unsigned char kInt = 'I';
constexpr unsigned char kFloat = 'F';
constexpr unsigned char kList = 'l';
constexpr unsigned char kAppend = 'a';
constexpr unsigned char kPut = 'p';
constexpr unsigned char kProto = 0x80;
constexpr unsigned char kFrame = 0x95;
constexpr unsigned char kEmptyList = ']';
constexpr unsigned char kAppends = 'e';
constexpr unsigned char kBinInt = 'J';
constexpr unsigned char kBinInt1 = 'K';
constexpr unsigned char kBinInt2 = 'M';
constexpr unsigned char kLong1 = 0x8a;
constexpr unsigned char kBinFloat = 'G';
constexpr unsigned char kMemoize = 0x94;
constexpr unsigned char kBinPut = 'q';
constexpr unsigned char kLongBinPut = 'r';

constexpr int kHighestProtocol = 5;
constexpr size_t kMaxLong1Bytes = 8;  // larger ints do not fit int64 anyway

class PickleParser {
 public:
  PickleParser(std::string_view bytes, const std::string& source) : bytes_(bytes), source_(source) {}

  PickleValue run() {
    while (true) {
      if (pos_ >= bytes_.size()) fail(pos_, "truncated pickle: no STOP opcode");
      const size_t opcode_offset = pos_;
      const unsigned char opcode = static_cast<unsigned char>(bytes_[pos_++]);
      switch (opcode) {
        case kMark:
          marks_.push_back(stack_.size());
          break;
        case kEmptyList:
          stack_.emplace_back();
          break;
        case kList:
          build_list(opcode_offset);
          break;
        case kAppend:
          append(opcode_offset);
          break;
        case kAppends:
          appends(opcode_offset);
          break;
        case kInt:
          push_int(parse_int_line(opcode_offset));
          break;
        case kFloat:
          push_float(parse_float_line(opcode_offset));
          break;
        case kBinInt:
          push_int(static_cast<std::int32_t>(read_le(4, opcode_offset)));
          break;
        case kBinInt1:
          push_int(static_cast<std::int64_t>(read_le(1, opcode_offset)));
          break;
        case kBinInt2:
          push_int(static_cast<std::int64_t>(read_le(2, opcode_offset)));
          break;
        case kLong1:
          push_int(read_long1(opcode_offset));
          break;
        case kBinFloat:
          push_float(read_binfloat(opcode_offset));
          break;
        case kPut:
          parse_int_line(opcode_offset);
          break;
        case kBinPut:
          read_le(1, opcode_offset);
          break;
        case kLongBinPut:
          read_le(4, opcode_offset);
          break;
        case kMemoize:
          if (stack_.empty()) fail(opcode_offset, "MEMOIZE with an empty stack");
          break;
        case kFrame:
          read_le(8, opcode_offset);
          break;
        case kProto:
          if (read_le(1, opcode_offset) > kHighestProtocol) {
            fail(opcode_offset, "unknown pickle protocol");
          }
          break;
        case kStop:
          return finish(opcode_offset);
        default:
          fail(opcode_offset, "unsupported opcode " + describe(opcode));
      }
    }
  }

 private:
  [[noreturn]] void fail(size_t offset, const std::string& message) const {
    throw InputError(located(source_, 0, "byte offset " + std::to_string(offset) + ": " + message,
                             "only pickles of nested lists of ints and floats are accepted"));
  }

  static std::string describe(unsigned char opcode) {
    static const char* const kHex = "0123456789abcdef";
    std::string text = "0x";
    text += kHex[opcode >> 4];
    text += kHex[opcode & 0xf];
    if (opcode >= 0x20 && opcode < 0x7f) text += std::string(" '") + char(opcode) + "'";
    return text;
  }

  std::string_view read_line(size_t opcode_offset) {
    const size_t end = bytes_.find('\n', pos_);
    if (end == std::string_view::npos) fail(opcode_offset, "truncated pickle: unterminated line");
    std::string_view line = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return line;
  }

  std::int64_t parse_int_line(size_t opcode_offset) {
    std::string_view line = read_line(opcode_offset);
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), value);
    if (error != std::errc() || end != line.data() + line.size() || line.empty()) {
      fail(opcode_offset, "malformed or out-of-range integer '" + std::string(line) + "'");
    }
    return value;
  }

  double parse_float_line(size_t opcode_offset) {
    std::string_view line = read_line(opcode_offset);
    double value = 0.0;
    auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), value);
    if (error != std::errc() || end != line.data() + line.size() || line.empty()) {
      fail(opcode_offset, "malformed float '" + std::string(line) + "'");
    }
    return value;
  }

  std::uint64_t read_le(size_t count, size_t opcode_offset) {
    if (bytes_.size() - pos_ < count) fail(opcode_offset, "truncated pickle: missing argument");
    std::uint64_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      value |= std::uint64_t(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += count;
    return value;
  }

  std::int64_t read_long1(size_t opcode_offset) {
    const size_t count = read_le(1, opcode_offset);
    if (count > kMaxLong1Bytes) fail(opcode_offset, "LONG1 integer does not fit 64 bits");
    if (count == 0) return 0;
    std::uint64_t value = read_le(count, opcode_offset);
    const bool negative = (value >> (8 * count - 1)) & 1U;
    if (negative && count < kMaxLong1Bytes) value |= ~std::uint64_t(0) << (8 * count);
    return static_cast<std::int64_t>(value);
  }

  double read_binfloat(size_t opcode_offset) {
    if (bytes_.size() - pos_ < sizeof(double)) {
      fail(opcode_offset, "truncated pickle: missing argument");
    }
    std::uint64_t bits = 0;  // big-endian IEEE 754
    for (size_t i = 0; i < sizeof(double); ++i) {
      bits = (bits << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    }
    pos_ += sizeof(double);
    double value = 0.0;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }

  void push_int(std::int64_t value) {
    PickleValue item;
    item.kind = PickleValue::Kind::kInt;
    item.int_value = value;
    stack_.push_back(std::move(item));
  }

  void push_float(double value) {
    PickleValue item;
    item.kind = PickleValue::Kind::kFloat;
    item.float_value = value;
    stack_.push_back(std::move(item));
  }

  size_t pop_mark(size_t opcode_offset) {
    if (marks_.empty()) fail(opcode_offset, "no MARK before this opcode");
    const size_t mark = marks_.back();
    marks_.pop_back();
    return mark;
  }

  void build_list(size_t opcode_offset) {
    const size_t mark = pop_mark(opcode_offset);
    PickleValue list;
    list.items.assign(std::make_move_iterator(stack_.begin() + mark), std::make_move_iterator(stack_.end()));
    stack_.resize(mark);
    stack_.push_back(std::move(list));
  }

  void append(size_t opcode_offset) {
    const size_t floor = marks_.empty() ? 0 : marks_.back();
    if (stack_.size() < floor + 2) fail(opcode_offset, "APPEND needs a list and a value");
    PickleValue value = std::move(stack_.back());
    stack_.pop_back();
    if (!stack_.back().is_list()) fail(opcode_offset, "APPEND target is not a list");
    stack_.back().items.push_back(std::move(value));
  }

  void appends(size_t opcode_offset) {
    const size_t mark = pop_mark(opcode_offset);
    const size_t floor = marks_.empty() ? 0 : marks_.back();
    if (mark <= floor || !stack_[mark - 1].is_list()) {
      fail(opcode_offset, "APPENDS target is not a list");
    }
    auto& items = stack_[mark - 1].items;
    items.insert(items.end(), std::make_move_iterator(stack_.begin() + mark),
                 std::make_move_iterator(stack_.end()));
    stack_.resize(mark);
  }

  PickleValue finish(size_t opcode_offset) {
    if (!marks_.empty() || stack_.size() != 1) {
      fail(opcode_offset, "STOP with an unbalanced stack");
    }
    if (pos_ != bytes_.size()) fail(pos_, "unexpected data after STOP");
    return std::move(stack_.back());
  }

  std::string_view bytes_;
  const std::string& source_;
  size_t pos_ = 0;
  std::vector<PickleValue> stack_;
  std::vector<size_t> marks_;
};

}  // namespace

double PickleValue::as_double() const {
  if (kind == Kind::kInt) return static_cast<double>(int_value);
  if (kind == Kind::kFloat) return float_value;
  return 0.0;
}

PickleValue parse_pickle(std::string_view bytes, const std::string& source) {
  return PickleParser(bytes, source).run();
}

std::string read_gzip_file(const std::string& path) {
  {
    // zlib passes plain files through (common/gzip_file.h); a pickle meant to be gzip'd must be.
    GzipFile file(path);
    char first = 0;
    if (gzread(file.get(), &first, 1) == 1 && gzdirect(file.get()) == 1) {
      throw InputError(located(path, 0, "not a gzip file (no gzip header)", "expected a complete .gz file"));
    }
  }
  const std::vector<uint8_t> bytes = read_all_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

PickleValue read_gzip_pickle(const std::string& path) { return parse_pickle(read_gzip_file(path), path); }

}  // namespace sild::chem
