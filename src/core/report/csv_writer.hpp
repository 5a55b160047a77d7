// Writes RFC 4180 CSV for people who open it in a spreadsheet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadimport {

// A cell that a spreadsheet would run as a formula (starts with =, @, tab,
// CR, or + / - not followed by a digit) gets a leading apostrophe; the
// import drops that apostrophe again, so a corrected report re-imports as is.
std::string neutralize_formula(std::string_view cell);

class CsvWriter {
 public:
  void cell(std::string_view text);  // quoted when needed, formulas neutralised
  void end_row();                    // CRLF, as RFC 4180 and Excel expect
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool row_started_ = false;
};

}  // namespace leadimport
