#include "core/read/xlsx/xlsx_sheet.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "core/error_codes.hpp"
#include "core/read/xls/xls_numbers.hpp"
#include "core/read/xlsx/xlsx_strings.hpp"
#include "core/read/xlsx/xlsx_styles.hpp"
#include "core/text.hpp"

namespace leadimport::xlsx {

namespace {

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again as .xlsx.";

// "123" → 123; -1 for anything else (empty, signs, letters, overflow).
int64_t parse_count(std::string_view s) {
  if (s.empty() || s.size() > 12) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string column_name(int64_t col) {  // 0 → "A", 27 → "AB"
  std::string s;
  for (int64_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

// t="d": an ISO 8601 date/time ("2024-01-15T08:30:00Z") shown as its
// number format would show the serial: "2024-01-15" for a date format (the
// time dropped, as for a number), "08:30:00" for a time format, otherwise the
// date and, when not midnight, the time ("2024-01-15 08:30:00"). Text that
// isn't an ISO date ("10:10:10", a time alone) is kept as it is.
std::string iso_date_text(std::string_view s, excel::NumberKind kind) {
  s = trim(s, Blanks::ascii);
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::string(s);
  std::string time;  // HH:MM:SS; "T08:30" has no seconds
  if (s.size() >= 16 && s[10] == 'T' && s[13] == ':')
    time = s.size() >= 19 && s[16] == ':' ? std::string(s.substr(11, 8))
                                          : std::string(s.substr(11, 5)) + ":00";
  if (kind == excel::NumberKind::time) return time.empty() ? "00:00:00" : time;
  std::string out(s.substr(0, 10));
  if (kind != excel::NumberKind::date && !time.empty() && time != "00:00:00") out += " " + time;
  return out;
}

}  // namespace

SheetHandler::SheetHandler(const SharedStrings& sst, const Styles& styles, bool date1904,
                           const ReadOptions& opts, const XlsxLimits& limits)
    : sst_(sst),
      styles_(styles),
      date1904_(date1904),
      max_cell_bytes_(opts.max_cell_bytes),
      max_columns_(static_cast<int64_t>(opts.max_columns)),
      max_row_bytes_(opts.max_row_bytes),
      limits_(limits) {}

void SheetHandler::fail(const std::string& code, const std::string& message,
                        const std::string& hint) {
  parser_->fail(FileError(code, message, hint.empty() ? kResaveHint : hint));
}

std::string SheetHandler::cell_ref() const { return column_name(col_) + std::to_string(row_num_); }

void SheetHandler::start(std::string_view name, const char** attrs) {
  if (!in_data_) {
    in_data_ = name == "sheetData";
    return;
  }
  if (name == "row") {
    start_row(attrs);
  } else if (!in_row_) {
    return;
  } else if (name == "c") {
    start_cell(attrs);
  } else if (!in_cell_) {
    return;
  } else if (name == "v") {
    capture_ = !in_is_;
    has_value_ = true;
  } else if (name == "is") {
    in_is_ = true;
    has_inline_ = true;
  } else if (name == "rPh") {
    in_rph_ = true;  // phonetic guide of Japanese text, not the value
  } else if (name == "t" && in_is_ && !in_rph_) {
    capture_ = true;
  }
}

void SheetHandler::start_row(const char** attrs) {
  in_row_ = true;
  const char* r = attr(attrs, "r");
  row_explicit_ = r != nullptr;
  row_num_ = r ? parse_count(r) : prev_row_ + 1;  // a row without r follows the previous one
  if (row_num_ < 1 || row_num_ > kMaxRows) {
    fail(codes::corrupt_file.code,
         r ? "the sheet has an invalid row number \"" + std::string(r) + "\""
           : "the sheet has more than 1048576 rows");
    return;
  }
  row_.number = row_num_;
  row_.cells.clear();
  row_bytes_ = 0;
  prev_col_ = -1;
}

void SheetHandler::start_cell(const char** attrs) {
  in_cell_ = true;
  in_is_ = in_rph_ = capture_ = has_value_ = has_inline_ = false;
  too_long_ = raw_too_long_ = inline_too_long_ = false;
  raw_.clear();
  inline_.clear();
  col_ = prev_col_ + 1;  // a cell without r follows the previous one
  if (const char* r = attr(attrs, "r")) {
    // "BC12": letters are the column; the digits repeat the row number.
    int64_t c = 0;
    const char* p = r;
    for (; *p >= 'A' && *p <= 'Z' && c <= max_columns_; ++p) c = c * 26 + (*p - 'A' + 1);
    if (c == 0) {
      fail(codes::corrupt_file.code,
           "the sheet has an invalid cell reference \"" + std::string(r) + "\"");
      return;
    }
    if (c > max_columns_) {  // "XFE1": past the last column
      parser_->fail(too_many_columns(row_num_, static_cast<size_t>(max_columns_)));
      return;
    }
    col_ = c - 1;
    // A row without its own r takes the number its cells carry.
    int64_t digits = parse_count(p);
    if (!row_explicit_ && prev_col_ < 0 && digits > prev_row_ && digits <= kMaxRows)
      row_.number = row_num_ = digits;
  }
  if (col_ >= max_columns_) {
    parser_->fail(too_many_columns(row_num_, static_cast<size_t>(max_columns_)));
    return;
  }
  prev_col_ = col_;
  const char* t = attr(attrs, "t");
  std::string_view ts = t ? t : "n";
  type_ = ts == "s"           ? Type::shared
          : ts == "inlineStr" ? Type::inline_str
          : ts == "str"       ? Type::formula_str
          : ts == "b"         ? Type::boolean
          : ts == "e"         ? Type::error
          : ts == "d"         ? Type::iso_date
                              : Type::number;
  const char* s = attr(attrs, "s");
  style_ = s ? static_cast<size_t>(std::max<int64_t>(parse_count(s), 0)) : 0;
}

void SheetHandler::text(const char* data, size_t len) {
  if (!capture_ || (in_is_ ? inline_too_long_ : raw_too_long_)) return;
  std::string& buf = in_is_ ? inline_ : raw_;
  buf.append(data, len);
  if (buf.size() > max_cell_bytes_ * 7 + 64) {  // 7: "_x000D_" decodes to 1 byte
    (in_is_ ? inline_too_long_ : raw_too_long_) = true;
    buf.clear();
  }
}

void SheetHandler::end(std::string_view name) {
  if (!in_data_) return;
  if (name == "v" || name == "t") {
    capture_ = false;
  } else if (name == "rPh") {
    in_rph_ = false;
  } else if (name == "is") {
    in_is_ = false;
  } else if (name == "c" && in_cell_) {
    in_cell_ = false;
    finish_cell();
  } else if (name == "row" && in_row_) {
    in_row_ = false;
    finish_row();
  } else if (name == "sheetData") {
    in_data_ = false;
  }
}

void SheetHandler::finish_cell() {
  std::string value;
  if (has_inline_) {
    // An inline string is the value, whatever else the cell holds: Excel,
    // openpyxl and calamine ignore a <v> beside <is> (some writers add one).
    too_long_ = inline_too_long_;
    value = std::move(inline_);
    decode_escapes(value);
  } else if (!has_value_ || type_ == Type::inline_str) {
    return;  // <c r="A1" s="3"/>: formatting only; inlineStr without <is>: empty
  } else {
    too_long_ = raw_too_long_;
    finish_value(value);
  }
  store(value);
}

void SheetHandler::finish_value(std::string& value) {
  switch (type_) {
    case Type::error:  // #N/A, #DIV/0!...: no value
    case Type::inline_str:
      return;
    case Type::shared: {
      std::string_view index = trim(raw_, Blanks::ascii);
      if (index.empty()) return;  // <c t="s"><v/></c>: an empty cell, as Excel reads it
      int64_t i = parse_count(index);
      if (i < 0 || static_cast<size_t>(i) >= sst_.size()) {
        fail(codes::corrupt_file.code, "cell " + cell_ref() + " refers to shared string \"" +
                                           std::string(index) + "\", but the workbook has " +
                                           std::to_string(sst_.size()));
        return;
      }
      if (sst_.oversized(static_cast<size_t>(i))) too_long_ = true;
      value = sst_.at(static_cast<size_t>(i));
      break;
    }
    case Type::formula_str:
      value = std::move(raw_);
      decode_escapes(value);
      break;
    case Type::boolean: {
      std::string_view b = trim(raw_, Blanks::ascii);
      value = b == "1" || b == "true" ? "TRUE" : b == "0" || b == "false" ? "FALSE" : raw_;
      break;
    }
    case Type::iso_date:
      value = iso_date_text(raw_, styles_.kind(style_));
      break;
    case Type::number: {
      std::string_view s = trim(raw_, Blanks::ascii);
      if (!s.empty() && s.front() == '+') s.remove_prefix(1);
      double d = 0;
      auto res = std::from_chars(s.data(), s.data() + s.size(), d);
      if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        value = std::string(s);  // not a number after all: keep the text
        break;
      }
      excel::NumberKind kind = styles_.kind(style_);
      if (kind == excel::NumberKind::number || !excel::serial_to_text(d, kind, date1904_, value))
        value = excel::number_text(d);
      break;
    }
  }
}

void SheetHandler::store(std::string& value) {
  if (too_long_ || value.size() > max_cell_bytes_) {
    fail(codes::cell_too_large.code,
         "cell " + cell_ref() + " holds more than " + std::to_string(max_cell_bytes_) + " bytes",
         "Shorten the cell's text, or remove that column from the file.");
    return;
  }
  if (value.empty()) return;
  row_bytes_ += value.size();
  output_bytes_ += value.size();
  if (row_bytes_ > max_row_bytes_) {
    parser_->fail(row_too_large(row_num_, max_row_bytes_));
    return;
  }
  if (output_bytes_ > limits_.max_output_bytes) {
    fail(codes::file_too_large.code,
         "the sheet expands to more than " + std::to_string(limits_.max_output_bytes >> 20) +
             " MiB of cell text",
         "Split the sheet into smaller files, or export it as CSV (UTF-8).");
    return;
  }
  // Only a non-empty value grows the row: empty styled cells cost nothing.
  if (static_cast<size_t>(col_) >= row_.cells.size()) row_.cells.resize(col_ + 1);
  row_.cells[col_] = std::move(value);
}

void SheetHandler::finish_row() {
  prev_row_ = row_num_;
  if (row_.cells.empty()) return;  // nothing but empty cells: skipped, numbering kept
  ready.push_back(std::move(row_));
  row_ = Row();
  parser_->suspend();  // hand this row out before parsing further
}

}  // namespace leadimport::xlsx
