// Checks one row against the mapping and the assistant's variables: a lead
// with its contacts, or the list of everything wrong with the row.
#pragma once

#include <string>
#include <vector>

#include "core/check/phone.hpp"
#include "core/map/mapping.hpp"
#include "core/read/row_source.hpp"

namespace leadimport {

struct Problem {
  std::string column;  // header name ("" for the row as a whole)
  std::string code;
  std::string message;
  std::string hint;
};

struct CheckedContact {
  int position = 0;  // 1..10, in column order
  std::string e164;
  std::string variables_json;
};

struct CheckedRow {
  std::string e164;
  std::string variables_json;
  std::vector<CheckedContact> contacts;
  std::vector<Problem> problems;  // empty: the row is valid
  void clear() {
    e164.clear();
    variables_json.clear();
    contacts.clear();
    problems.clear();
  }
};

// Like PhoneChecker, not thread-safe: it reuses a verdict buffer between rows.
class RowChecker {
 public:
  RowChecker(const ResolvedMapping& mapping, const PhoneChecker& phones);
  void check(const Row& row, CheckedRow& out) const;
  // A row to skip without an error: is_blank_row, or a row whose only
  // values are in the error report's own columns (error_row, ...): the line
  // of a re-imported report that names a file-level failure.
  bool blank(const Row& row) const;

 private:
  void check_primary(const Row& row, CheckedRow& out) const;
  void check_contact(const Row& row, size_t index, CheckedRow& out) const;
  void check_extra_cells(const Row& row, CheckedRow& out) const;
  const std::string& header(int column) const;

  const ResolvedMapping& mapping_;
  const PhoneChecker& phones_;
  std::vector<bool> report_column_;  // per header: one of kReportColumns
  mutable PhoneVerdict verdict_;     // reused: no allocation per phone cell
};

// True when every cell is empty or only blanks (spaces, tabs, no-break
// spaces): such a row is skipped without an error and keeps its number
// (SPEC: "every cell empty or only spaces").
bool is_blank_row(const Row& row);

// The row's raw cells as a JSON array in file order (import_errors.row_data),
// cells beyond the header included; empty cells after the last non-empty one
// are left out. The header names are stored once per import, not per row, so
// a row's JSON never grows with the header.
std::string row_to_json(const Row& row);

}  // namespace leadimport
