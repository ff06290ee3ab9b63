// Line-oriented text input shared by every library: plain or gzip'd files read the same way,
// with line numbers for error messages, and a quote-aware CSV field splitter.
// It deliberately does no parsing of molecules or numbers.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/gzip_file.h"

namespace sild {

/// Reads a text file line by line through GzipFile (gzip_file.h): `.gz` is decompressed
/// transparently.
/// Strips a trailing '\r' so CRLF files read like LF files, and a UTF-8 byte-order mark at the
/// start of the file (spreadsheet exports write one; it would glue itself to the first field).
class LineReader {
 public:
  explicit LineReader(const std::string& path) : file_(path) {}

  /// Next line without its newline; false at end of file. Throws IoError on a corrupt stream.
  bool next(std::string& line) {
    line.clear();
    char buffer[4096];
    bool got_any = false;
    while (gzgets(file_.get(), buffer, sizeof(buffer)) != nullptr) {
      got_any = true;
      size_t length = std::strlen(buffer);
      bool ended = length > 0 && buffer[length - 1] == '\n';
      line.append(buffer, ended ? length - 1 : length);
      if (ended) break;
    }
    if (!got_any) {
      const char* message = nullptr;
      const int code = file_.error_code(&message);
      if (code != Z_OK && code != Z_STREAM_END) {
        throw IoError(located(path(), line_number_ + 1, std::string("read failed: ") + message,
                              "the file may be truncated or not gzip"));
      }
      return false;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number_ == 0 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    ++line_number_;
    return true;
  }

  /// 1-based number of the line last returned by next().
  long line_number() const { return line_number_; }
  const std::string& path() const { return file_.path(); }

 private:
  GzipFile file_;
  long line_number_ = 0;
};

/// `text` without leading and trailing whitespace (std::isspace: space, tab, CR, LF, VT, FF).
inline std::string trim(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

/// `text` as it may be quoted in a one-line message: bytes outside printable ASCII (control
/// characters, binary garbage, non-ASCII) as \xNN, and cut to `max_chars` with the full length
/// noted, so a bad record never floods or garbles the terminal.
inline std::string printable(const std::string& text, size_t max_chars = 80) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (text.size() > max_chars) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

/// `text` in ASCII lower case (names matched case-insensitively: CSV columns, splits, flags).
inline std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// Splits one CSV record (RFC 4180 quoting, comma separator). Returns false when a quoted
/// field is not closed on this line, so the caller can count the line as broken.
inline bool split_csv_line(const std::string& line, std::vector<std::string>& fields, char separator = ',') {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

}  // namespace sild
