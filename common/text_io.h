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
/// Strips a trailing '\r' so CRLF files read like LF files.
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
