#include "core/report/csv_writer.hpp"

namespace leadimport {

namespace {
// An optional sign, digits, an optional decimal part: "+14155552671", "-12.5".
bool plain_number(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  auto digits = [&] {
    size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++;
    return i > from;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    i++;
    if (!digits()) return false;
  }
  return i == s.size();
}
}  // namespace

std::string neutralize_formula(std::string_view cell) {
  if (cell.empty()) return std::string(cell);
  char c = cell[0];
  // A spreadsheet runs "-2+3", "+1+HYPERLINK(...)" and "-1+cmd|..." as
  // formulas: only a cell that is one plain number is left as it is.
  bool risky = c == '=' || c == '@' || c == '\t' || c == '\r' ||
               ((c == '+' || c == '-') && !plain_number(cell));
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
