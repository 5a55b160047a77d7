// The SAX handler for one worksheet part: turns <row>/<c> elements into Rows
// of cell text, one at a time (it suspends the parser at each </row>).
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "core/read/input.hpp"
#include "core/read/row_source.hpp"
#include "core/read/xlsx/xlsx_reader.hpp"
#include "core/read/xlsx/xlsx_xml.hpp"

namespace leadimport::xlsx {

class SharedStrings;
class Styles;

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const SharedStrings& sst, const Styles& styles, bool date1904,
               const ReadOptions& opts, const XlsxLimits& limits);
  void set_parser(XmlParser* parser) { parser_ = parser; }

  void start(std::string_view name, const char** attrs) override;
  void end(std::string_view name) override;
  void text(const char* data, size_t len) override;

  // Rows with at least one non-empty cell, in sheet order. Rows of empty
  // cells only (formatting, a million <c s="3"/>) are never queued.
  std::deque<Row> ready;

  static constexpr int64_t kMaxRows = 1048576;  // Excel's limit

 private:
  enum class Type { number, shared, inline_str, formula_str, boolean, error, iso_date };
  void start_row(const char** attrs);
  void start_cell(const char** attrs);
  void finish_cell();
  void finish_value(std::string& value);  // of <v>, by the cell's type
  void store(std::string& value);         // checks the limits, puts it in the row
  void finish_row();
  std::string cell_ref() const;
  void fail(const std::string& code, const std::string& message, const std::string& hint = {});

  const SharedStrings& sst_;
  const Styles& styles_;
  bool date1904_;
  size_t max_cell_bytes_;
  int64_t max_columns_;      // ReadOptions::max_columns
  uint64_t max_row_bytes_;   // ReadOptions::max_row_bytes
  const XlsxLimits limits_;  // a copy: the caller's may be a temporary
  XmlParser* parser_ = nullptr;

  bool in_data_ = false, in_row_ = false, in_cell_ = false, in_is_ = false, in_rph_ = false;
  bool capture_ = false, has_value_ = false, has_inline_ = false;
  bool too_long_ = false, raw_too_long_ = false, inline_too_long_ = false;
  bool row_explicit_ = false;
  int64_t row_num_ = 0, prev_row_ = 0;
  int64_t col_ = 0, prev_col_ = -1;
  Type type_ = Type::number;
  size_t style_ = 0;
  std::string raw_;     // the text of <v>
  std::string inline_;  // the text of <is><t> runs
  Row row_;
  uint64_t row_bytes_ = 0;
  uint64_t output_bytes_ = 0;
};

}  // namespace leadimport::xlsx
