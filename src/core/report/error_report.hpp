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
  explicit ErrorReport(std::vector<std::string> headers);
  // One failed row: its raw cells as a JSON array (import_errors.row_data) and every
  // problem found in it, in the order found.
  void add_row(int64_t row_number, const std::string& row_data_json,
               const std::vector<Problem>& problems);
  std::string take() { return csv_.take(); }

 private:
  std::vector<std::string> headers_;
  CsvWriter csv_;
};

}  // namespace leadimport
