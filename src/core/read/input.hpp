// Where a file's bytes come from, and how to read them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/read/row_source.hpp"

namespace leadimport {

enum class Format { csv, xlsx, xls };
const char* format_name(Format f);

// Either a server-side path or bytes already in memory (import_data's bytea).
struct Input {
  std::string path;            // non-empty: read this file
  const char* data = nullptr;  // otherwise: these bytes (not owned)
  size_t size = 0;
  std::string file_name;  // the name the user gave, for format detection and messages
};

// Converts one cell from the file's declared encoding to UTF-8 in place.
// Implemented with PostgreSQL's conversion routines in src/pg/; throws
// FileError("invalid_encoding", ...) naming `row` when a byte has no mapping.
class CellDecoder {
 public:
  virtual ~CellDecoder() = default;
  virtual void to_utf8(std::string& cell, int64_t row) const = 0;
};

// Something a reader noticed that does not fail the file but that the import
// should report: a cell read in a way the user may not expect, or a line it
// skipped. Delivered in file order from RowSource::next(), before the row it
// names is returned (summaries last, at the end of the file), never from
// inside a parsing library. A reader reports at most a few of each code
// individually, then one summary (row 0) with the count of the rest.
struct ReadWarning {
  int64_t row = 0;      // spreadsheet row number; 0 = about the whole file
  size_t column = 0;    // 1-based; 0 = the whole row
  std::string code;     // stable name, see kWarning* below
  std::string message;  // names the row, for people
  std::string hint;     // what to check or do
};

// CSV: a quoted cell had text after its closing quote; the text was kept
// (`"ACME" Inc` reads as `ACME Inc`, as in Excel and Python).
inline constexpr const char* kWarningTextAfterQuote = "csv_text_after_quote";
// CSV: a quoted cell spans many more lines than any cell before it: likely
// a quote that was never closed, whose cell swallowed the rows after it.
inline constexpr const char* kWarningLongQuotedCell = "csv_long_quoted_cell";
// CSV: a title line above the header (one cell, no delimiter) was skipped.
inline constexpr const char* kWarningTitleSkipped = "csv_title_skipped";

struct ReadOptions {
  char delimiter = 0;                    // CSV: 0 = detect among , ; \t |
  const CellDecoder* decoder = nullptr;  // CSV: nullptr = the file is UTF-8 (validated)
  std::string sheet;                     // xlsx/xls: sheet name or 1-based number; "" = first
  size_t max_cell_bytes = 1 << 20;       // a longer cell fails the file (cell_too_large)
  // Every reader, every format (SPEC "Limits"): a row with more columns fails
  // the file (too_many_columns; 16,384 is Excel's own limit), and so does a
  // row whose cells hold more than max_row_bytes together (row_too_large).
  // 16,384 cells of 1 MiB would be 16 GiB: the row limit keeps one row, and
  // the batch of rows behind it, far below the backend's 256 MiB budget.
  size_t max_columns = 16384;
  size_t max_row_bytes = size_t{16} << 20;
  // Receives the reader's warnings (may throw: that propagates from next()).
  // Empty: warnings are not even built.
  std::function<void(const ReadWarning&)> on_warning;
};

// A limit as people read it: "16 MiB", "64 KiB", "1000 bytes".
std::string size_text(size_t bytes);

// The errors every reader raises for those two limits. `row` is the
// spreadsheet row number.
FileError too_many_columns(int64_t row, size_t limit);
FileError row_too_large(int64_t row, size_t limit);

// What a file's first bytes announce (format detection here, and the SQL
// functions' guess at how long a file takes). Fewer bytes announce nothing.
inline bool has_zip_signature(std::string_view head) {  // an .xlsx
  return head.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}
inline bool has_ole2_signature(std::string_view head) {  // an .xls
  return head.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4);
}
inline bool has_utf16_bom(std::string_view head) {  // either byte order
  std::string_view bom = head.substr(0, 2);
  return bom == "\xFF\xFE" || bom == "\xFE\xFF";
}

// Picks the format from `requested` ("csv"/"xlsx"/"xls" or "" = detect), the
// file's first bytes and its name. Throws FileError("unsupported_format").
Format detect_format(const Input& in, const std::string& requested);

// Opens the reader for `format`. Throws FileError for a file that can't be read.
std::unique_ptr<RowSource> open_rows(const Input& in, Format format, const ReadOptions& opts);

}  // namespace leadimport
