// A pass over an .xls Workbook stream (BIFF8) before FreeXL reads it, for
// what FreeXL 1.0.6 gets wrong or can't be trusted with:
// - encryption (a FILEPASS record): FreeXL opens such a file and finds no
//   sheets, so it is detected here;
// - sheet dimensions: FreeXL allocates rows x columns cells of every sheet
//   up front (from DIMENSIONS, or from the cells when a sheet has none), so
//   absurd ones are refused before it runs;
// - more XF records than FreeXL holds (it would read past its array);
// - date cells past the year 9999: FreeXL counts dates a day at a time, so a
//   huge serial number would hang it. Which cells FreeXL calls dates is
//   judged generously: every definition of a format id counts (FreeXL keeps
//   the first, Excel the last), and formats, XFs and cells are taken from
//   every substream, as FreeXL reads them;
// - cell values FreeXL drops or misreads: formula results (it leaves them
//   empty), booleans (it gives 1/0) and errors (it gives #N/A as 1);
// - records FreeXL would read past: it trusts the text lengths, string
//   options and shared-string positions inside a record, and a record's
//   length to hold its fixed fields. Past the record it reads what earlier
//   records left in its buffer, or past the buffer (heap overflows, wild
//   pointers, and a double free when a damaged DIMENSIONS leaves a sheet
//   larger than its cells). Every record is checked as FreeXL reads it,
//   the stream as FreeXL sees it (a short one ends in zeros).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leadimport::xls {

struct BiffSheet {
  std::string name;
  bool worksheet = true;
};

struct BiffScan {
  bool biff8 = false;      // only BIFF8 streams are scanned for cells
  bool encrypted = false;  // FILEPASS
  bool date1904 = false;
  std::vector<BiffSheet> sheets;  // BOUNDSHEET order
  // For the sheet scanned for values: (row << 16 | column) → its text.
  std::unordered_map<uint32_t, std::string> values;
};

struct BiffLimits {
  // Rows x columns over all sheets: FreeXL allocates and fills 16 bytes for
  // each (4 Mi cells = 64 MiB), at open, for every sheet of the workbook.
  uint64_t max_cells = uint64_t{4} << 20;
};

// Scans `stream` (the Workbook stream). Collects cell values for the sheet
// named `values_for` (none when empty). Throws FileError: corrupt_file for
// damaged records, impossible dimensions or dates, file_too_large past
// max_cells.
BiffScan scan_biff(std::string_view stream, const std::string& values_for,
                   const BiffLimits& limits);

}  // namespace leadimport::xls
