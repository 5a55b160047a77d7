#include "core/report/csv_writer.hpp"

namespace leadimport {

std::string neutralize_formula(std::string_view cell) {
  if (cell.empty()) return std::string(cell);
  char c = cell[0];
  bool risky = c == '=' || c == '@' || c == '\t' || c == '\r';
  if (c == '+' || c == '-') {
    // "+1 415..." and "-3" are data; "+SUM(...)" and "-cmd|..." are formulas.
    risky = cell.size() < 2 || !(cell[1] >= '0' && cell[1] <= '9');
    if (cell.size() == 1) risky = false;
  }
  return risky ? "'" + std::string(cell) : std::string(cell);
}

void CsvWriter::cell(std::string_view text) {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
  std::string safe = neutralize_formula(text);
  bool quote = safe.find_first_of(",\"\r\n") != std::string::npos ||
               (!safe.empty() && (safe.front() == ' ' || safe.back() == ' '));
  if (!quote) {
    out_ += safe;
    return;
  }
  out_.push_back('"');
  for (char ch : safe) {
    if (ch == '"') out_.push_back('"');
    out_.push_back(ch);
  }
  out_.push_back('"');
}

void CsvWriter::end_row() {
  out_ += "\r\n";
  row_started_ = false;
}

}  // namespace leadimport
