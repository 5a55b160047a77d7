// The workbook's map: which sheets it has, in which order, in which parts,
// and its date system. Read from _rels/.rels, xl/workbook.xml and
// xl/_rels/workbook.xml.rels.
#pragma once

#include <string>
#include <vector>

namespace leadimport::xlsx {

class Archive;

struct SheetEntry {
  std::string name;
  std::string part;       // resolved zip path, e.g. "xl/worksheets/sheet1.xml"; "" if unknown
  bool worksheet = true;  // false for chart and dialog sheets
};

struct Workbook {
  std::vector<SheetEntry> sheets;  // workbook (tab) order
  bool date1904 = false;
  std::string styles_part;          // "" when the workbook has none
  std::string shared_strings_part;  // "" when the workbook has none
};

// Throws FileError("corrupt_file") when the workbook part or its
// relationships are missing or malformed.
Workbook read_workbook(Archive& archive);

// The sheet the "sheet" option names: exact name, then name ignoring ASCII
// case, then a 1-based number; "" = the first worksheet. Throws
// FileError("sheet_not_found") listing the sheet names.
const SheetEntry& select_sheet(const Workbook& wb, const std::string& option);

// Throws corrupt_file when a worksheet has no part in the archive.
void check_sheet_part(const SheetEntry& sheet);

// The worksheets' names as a message lists them: "Leads", "Other" (the first
// 20, then "...").
std::string worksheet_names(const Workbook& wb);

// A relationship target resolved against the part that holds it: "/xl/a.xml"
// is absolute, "worksheets/s.xml" relative to the source part's folder, with
// "." and ".." segments and %XX escapes resolved.
std::string resolve_target(const std::string& source_part, const std::string& target);

}  // namespace leadimport::xlsx
