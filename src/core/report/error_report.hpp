// The error report: each failed row's original cells, then what was wrong
// and how to fix it. A corrected report imports as it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/check/row_check.hpp"
#include "core/report/csv_writer.hpp"

namespace leadimport {

class ErrorReport {
 public:
  // `headers`: the file's header names (imports.headers); `widest_row`: the
  // most cells any reported row has. Cells beyond the header get columns of
  // their own, named as an unnamed header column is (column_N, N its
  // position): a corrected report re-imports with them as unmapped columns.
  explicit ErrorReport(std::vector<std::string> headers, size_t widest_row = 0);
  // The line of an import that failed as a whole (a corrupt file, a worker
  // that stopped): no cells, no row, the file's error code, message and hint.
  void add_file_error(const std::string& code, const std::string& message, const std::string& hint);
  // One failed row: its raw cells as a JSON array (import_errors.row_data) and every
  // problem found in it, in the order found.
  void add_row(int64_t row_number, const std::string& row_data_json,
               const std::vector<Problem>& problems);
  std::string take() { return csv_.take(); }

 private:
  size_t width_;  // the report's columns before its own (file columns and beyond)
  CsvWriter csv_;
};

// The names of the report's columns before its own: `headers`, then
// column_N for each cell position N up to `widest_row` beyond them (with a
// " (2)" suffix where the file already has such a name).
std::vector<std::string> report_cell_columns(const std::vector<std::string>& headers,
                                             size_t widest_row);

}  // namespace leadimport
