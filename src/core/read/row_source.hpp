// The seam between file formats and the import pipeline: every reader (CSV,
// xlsx, xls, a staging table) yields rows of UTF-8 cells with the row number a
// person sees in a spreadsheet (header = row 1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leadimport {

struct Row {
  int64_t number = 0;              // spreadsheet row number, 1-based
  std::vector<std::string> cells;  // UTF-8 text, one per column, left to right
};

// True when every cell is empty: such rows are skipped but keep their number.
inline bool is_blank(const Row& row) {
  for (const auto& c : row.cells)
    if (!c.empty()) return false;
  return true;
}

class RowSource {
 public:
  virtual ~RowSource() = default;
  // Fills `row` with the next row and returns true, or returns false at the
  // end. Blank rows may be returned (the pipeline skips them). Throws
  // FileError for a problem with the file (naming the row where it can).
  virtual bool next(Row& row) = 0;
};

}  // namespace leadimport
