// Our own reader of the Workbook stream of an .xls file, BIFF8 (Excel
// 97-2003) and BIFF5/BIFF7 (Excel 5.0/95): the workbook globals (sheets,
// date system, number formats, shared strings, code page) and the cells of
// one worksheet, each as the text a person sees (xls_numbers.hpp). FreeXL
// 1.0.6 used to read the cells; it refused valid workbooks as "no sheets" (a
// chart sheet, pivot caches, other writers), turned [Red] into a date and
// [h]:mm into a time of day, lost BIFF5 formula results, rich text and code
// page 1258 text, and had to be guarded against its own reading past
// records. Excel 2.x-4.0 (BIFF2-4) is recognised only to be refused clearly
// (see biff_version).
//
// BIFF8 text is UTF-16 (or its low bytes); BIFF5 text is in the workbook's
// code page (its CODEPAGE record, else Windows-1252): single-byte code pages
// are decoded a byte at a time (no composing of Vietnamese tone marks, as
// Windows and Python decode them), double-byte ones (932, 936, 949, 950,
// 1361) with iconv; a byte with no character is U+FFFD, and a code page we
// don't know fails the file when a non-ASCII byte needs it.
//
// Every length inside a record is checked against the record: a record
// shorter than its fields, or a text longer than its record (and its
// CONTINUE records), is `corrupt_file`, never read past. Time is linear in
// the stream; memory is bounded by the stream (at most 32 MiB, xls_reader)
// and the limits below.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/read/xls/xls_numbers.hpp"

namespace leadimport::xls {

// The version a stream's first BOF record announces.
enum class BiffVersion : uint8_t {
  unknown,  // no BOF record first: not a workbook stream
  biff2_4,  // Excel 2.x-4.0 (BOF 0x0009/0x0209/0x0409)
  biff5,    // Excel 5.0/95 (BIFF5 and BIFF7: BOF 0x0809, version 0x0500)
  biff8,    // Excel 97-2003 (version 0x0600)
};
BiffVersion biff_version(std::string_view stream);

struct BiffLimits {
  // A worksheet's cells (16 bytes each in memory while it is read).
  size_t max_cells = size_t{4} << 20;
  // Shared strings, as for .xlsx: entries (4 bytes each) and UTF-8 text.
  size_t max_strings = size_t{4} << 20;
  size_t max_string_bytes = size_t{64} << 20;
  // Cell formats (XF records). Excel 97-2003 writes at most ~4,000.
  size_t max_xfs = 8192;
};

struct BiffSheet {
  std::string name;
  uint32_t offset = 0;  // its BOF record's position in the stream
  // BOUNDSHEET's sheet type 0: a worksheet (or a dialog sheet, which holds
  // no cells). Chart sheets (2), Excel 4 macro sheets (1) and VBA modules
  // (6) are listed in the workbook but are not worksheets.
  bool worksheet = true;
};

// One cell of a worksheet, before it is turned into text.
struct BiffCell {
  enum Type : uint8_t { number, shared, text, boolean };
  uint32_t pos = 0;  // row << 16 | column
  uint16_t xf = 0;   // the cell's format (numbers)
  Type type = number;
  union {
    double value;    // number; boolean: 0 or 1
    uint64_t index;  // shared: SST index; text: offset << 32 | length in SheetCells::text
  };
};

// A worksheet's non-empty cells, in row then column order (a cell written
// twice keeps its last value), and the text of its LABEL and formula
// string cells.
struct SheetCells {
  std::vector<BiffCell> cells;
  std::string text;
};

// The workbook globals of a BIFF8 stream (the records before the first
// EOF). Throws FileError: password_protected (FILEPASS), corrupt_file,
// file_too_large (past BiffLimits).
class BiffBook {
 public:
  BiffBook(std::string_view stream, const BiffLimits& limits);

  const std::vector<BiffSheet>& sheets() const { return sheets_; }
  // The sheet's non-empty cells. Throws corrupt_file for a damaged record
  // or a sheet that is not where the workbook says, file_too_large past
  // max_cells. `stream` is the one the book was read from. `budget`: the
  // stream bytes the caller's reads may still walk (sheets of a sound file
  // don't overlap: together they walk the stream at most once); past it,
  // corrupt_file.
  SheetCells read_sheet(std::string_view stream, const BiffSheet& sheet, size_t& budget) const;
  // A cell as text: numbers by their format, dates as ISO 8601.
  void cell_text(const SheetCells& sheet, const BiffCell& cell, std::string& out) const;

 private:
  std::string_view shared(uint32_t index) const;
  // BIFF5 text (bytes in the code page) as UTF-8. A code page we can't
  // convert fails the file on a non-ASCII byte, or makes it U+FFFD when
  // `lenient`.
  std::string decode(std::string_view bytes, bool lenient = false) const;
  void set_code_page(uint16_t code_page);

  BiffLimits limits_;
  bool biff5_ = false;
  bool date1904_ = false;
  uint16_t code_page_ = 1252;
  std::vector<uint32_t> byte_chars_;  // single-byte code page: byte → code point (0: none)
  std::shared_ptr<void> iconv_;       // double-byte code page: an iconv_t to UTF-8
  std::vector<BiffSheet> sheets_;
  std::vector<excel::NumberKind> xf_kinds_;  // by XF index
  std::string sst_text_;                     // shared strings, back to back
  std::vector<uint32_t> sst_ends_;           // where each ends in sst_text_
};

}  // namespace leadimport::xls
