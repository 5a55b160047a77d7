// SPEC "Limits: every input is bounded", reader side (issue 10): hostile
// files end fast with a clear FileError code, every reader stops at an
// interruption point, and server paths must be regular files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/byte_source.hpp"
#include "core/read/csv/csv_reader.hpp"
#include "core/read/input.hpp"
#include "core/read/xls/xls_cfb.hpp"
#include "core/read/xls/xls_reader.hpp"
#include "core/read/xlsx/xlsx_reader.hpp"
#include "excel_test_util.hpp"

namespace leadimport {
namespace {

using namespace leadimport::testing;
namespace fs = std::filesystem;

// --- building .xls files byte by byte -----------------------------------------

void le(std::string& b, uint64_t v, int bytes) {
  // Wider than 8 bytes: zero padding (a shift of 64 or more is undefined).
  for (int i = 0; i < bytes; ++i) b += static_cast<char>(i < 8 ? v >> (8 * i) : 0);
}

std::string rec(uint16_t type, const std::string& payload) {
  std::string r;
  le(r, type, 2);
  le(r, payload.size(), 2);
  return r + payload;
}

std::string bof(uint16_t kind) {  // BIFF8; 0x0005 workbook globals, 0x0010 worksheet
  std::string p;
  le(p, 0x0600, 2);
  le(p, kind, 2);
  le(p, 0, 12);
  return rec(0x0809, p);
}

std::string eof() { return rec(0x000A, ""); }

std::string format(uint16_t id, const std::string& code) {
  std::string p;
  le(p, id, 2);
  le(p, code.size(), 2);
  p += '\0';  // compressed (one byte a character)
  return rec(0x041E, p + code);
}

std::string xf(uint16_t format_id) {
  std::string p;
  le(p, 0, 2);  // font
  le(p, format_id, 2);
  le(p, 0, 16);
  return rec(0x00E0, p);
}

std::string boundsheet(uint32_t offset, const std::string& name) {
  std::string p;
  le(p, offset, 4);
  p += '\0';  // visible
  p += '\0';  // worksheet
  p += static_cast<char>(name.size());
  p += '\0';  // compressed
  return rec(0x0085, p + name);
}

std::string dimensions(uint32_t rows, uint16_t cols) {
  std::string p;
  le(p, 0, 4);
  le(p, rows, 4);
  le(p, 0, 2);
  le(p, cols, 2);
  le(p, 0, 2);
  return rec(0x0200, p);
}

std::string number(uint16_t row, uint16_t col, uint16_t xf_index, double v) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, xf_index, 2);
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  le(p, bits, 8);
  return rec(0x0203, p);
}

// A workbook: `globals` records (after BOF), one sheet "Leads" with `cells`.
std::string workbook_stream(const std::string& globals, const std::string& cells) {
  std::string head = bof(0x0005) + globals;
  // BOUNDSHEET's offset is the sheet's BOF: after itself and the EOF.
  size_t sheet_at = head.size() + boundsheet(0, "Leads").size() + eof().size();
  std::string stream = head + boundsheet(static_cast<uint32_t>(sheet_at), "Leads") + eof();
  return stream + bof(0x0010) + cells + eof();
}

// The stream in an OLE2 container, as Excel would store it.
std::string xls_file(const std::string& stream) {
  xls::SingleStreamFile f = xls::single_stream_file(stream.size());
  return f.head + stream + std::string(f.padding, '\0');
}

std::vector<Row> read_xls_bytes(const std::string& bytes, const ReadOptions& opts = {}) {
  Input in;
  in.data = bytes.data();
  in.size = bytes.size();
  return drain(*open_xls(in, opts));
}

// 2e9 days: far past 9999-12-31 (FreeXL, which read .xls before issue 11,
// counted such dates a day at a time: ~1 s per cell).
constexpr double kHugeSerial = 2.0e9;

// --- .xls number formats ------------------------------------------------------

TEST(XlsLimits, HugeSerialInADateFormatReadsAsANumberFast) {
  // A date past 9999-12-31 shows the number, as in .xlsx; no time is spent
  // on the days.
  std::string globals = format(166, "0") + format(166, "yyyy-mm-dd") + xf(166);
  std::string cells = dimensions(3, 1);
  for (uint16_t r = 0; r < 3; ++r) cells += number(r, 0, 0, kHugeSerial);
  std::string file = xls_file(workbook_stream(globals, cells));
  std::vector<Row> rows;
  double t = seconds([&] { rows = read_xls_bytes(file); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].cells, (Cells{"2000000000"}));
  EXPECT_LT(t, time_budget(1));
}

TEST(XlsLimits, FormatDefinedTwiceTheLastDefinitionCounts) {
  // As in Excel (and xlrd): a format id defined again takes the new code.
  std::string date_last = format(166, "0") + format(166, "yyyy-mm-dd") + xf(166);
  auto rows = read_xls_bytes(
      xls_file(workbook_stream(date_last, dimensions(1, 1) + number(0, 0, 0, 45306))));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"2024-01-15"}));
  std::string number_last = format(166, "yyyy-mm-dd") + format(166, "0") + xf(166);
  rows = read_xls_bytes(
      xls_file(workbook_stream(number_last, dimensions(1, 1) + number(0, 0, 0, 45306))));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"45306"}));
}

TEST(XlsLimits, BuiltInIdRedefinedByTheFileTakesItsCode) {
  // The file's own FORMAT wins over a built-in id, as for .xlsx.
  auto rows = read_xls_bytes(xls_file(
      workbook_stream(format(14, "0") + xf(14), dimensions(1, 1) + number(0, 0, 0, 45306))));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"45306"}));
  rows =
      read_xls_bytes(xls_file(workbook_stream(xf(14), dimensions(1, 1) + number(0, 0, 0, 45306))));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"2024-01-15"}));
}

TEST(XlsLimits, FormatsAndXfsInsideASheetAreNotTheWorkbooks) {
  // Cell formats live in the workbook globals; records of that type inside
  // a sheet define nothing (the cell's XF 0 does not exist: a number).
  std::string cells =
      format(170, "dd/mm/yyyy") + xf(170) + dimensions(1, 1) + number(0, 0, 0, 45306);
  auto rows = read_xls_bytes(xls_file(workbook_stream("", cells)));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"45306"}));
}

TEST(XlsLimits, DuplicateNumberFormatsStillReadAsNumbers) {
  std::string globals = format(166, "0") + format(166, "0.00") + xf(166) + xf(0);
  std::string cells = dimensions(2, 2) + number(0, 0, 1, 1) + number(0, 1, 1, 2) +
                      number(1, 0, 0, 14155551234.0) + number(1, 1, 1, 45306);
  auto rows = read_xls_bytes(xls_file(workbook_stream(globals, cells)));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].cells, (Cells{"1", "2"}));
  EXPECT_EQ(rows[1].cells, (Cells{"14155551234", "45306"}));
}

TEST(XlsLimits, MoreXfsThanExcelWritesAreRefused) {
  // Excel 97-2003 writes at most ~4,000 cell formats; 8,192 bounds them.
  std::string globals;
  for (int i = 0; i < 8193; ++i) globals += xf(0);
  std::string file = xls_file(workbook_stream(globals, dimensions(1, 1) + number(0, 0, 8192, 1)));
  FileError e = expect_file_error([&] { read_xls_bytes(file); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("more than 8192 cell formats"), std::string::npos);
}

TEST(XlsLimits, DimensionsAreNotTrusted) {
  // Memory follows the cells a sheet holds, never what DIMENSIONS claims: a
  // lone cell far away, or two sheets claiming 3 Mi cells each, read fast.
  std::string file = xls_file(workbook_stream(xf(0), number(60000, 250, 0, 7)));
  std::vector<Row> rows;
  double t = seconds([&] { rows = read_xls_bytes(file); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 60001);
  EXPECT_EQ(rows[0].cells.size(), 251u);
  EXPECT_EQ(rows[0].cells[250], "7");
  EXPECT_LT(t, time_budget(1));
  std::string head = bof(0x0005) + xf(0);
  size_t first = head.size() + 2 * boundsheet(0, "A").size() + eof().size();
  std::string sheet = bof(0x0010) + dimensions(49152, 64) + eof();
  std::string stream = head + boundsheet(static_cast<uint32_t>(first), "A") +
                       boundsheet(static_cast<uint32_t>(first + sheet.size()), "B") + eof() +
                       sheet + sheet;
  FileError e = expect_file_error([&] { read_xls_bytes(xls_file(stream)); }, "empty_file");
  EXPECT_EQ(std::string(e.what()), "the file has no data in any sheet (sheets: \"A\", \"B\")");
}

TEST(XlsLimits, SheetsListedWhereNoSheetIs) {
  // A BOUNDSHEET pointing past the stream: read only when that sheet is.
  std::string head = bof(0x0005) + xf(0);
  size_t sheet_at =
      head.size() + boundsheet(0, "Leads").size() + boundsheet(0, "Gone").size() + eof().size();
  std::string stream = head + boundsheet(static_cast<uint32_t>(sheet_at), "Leads") +
                       boundsheet(999999, "Gone") + eof() + bof(0x0010) + dimensions(1, 1) +
                       number(0, 0, 0, 7) + eof();
  EXPECT_EQ(read_xls_bytes(xls_file(stream)).size(), 1u);
  ReadOptions gone;
  gone.sheet = "Gone";
  FileError e = expect_file_error([&] { read_xls_bytes(xls_file(stream), gone); }, "corrupt_file");
  EXPECT_EQ(std::string(e.what()), "sheet \"Gone\" is not where the workbook says (byte 999999)");
}

TEST(XlsLimits, CellsOfOneSheetAreBounded) {
  // Each cell takes 16 bytes while the sheet is read: 4 Mi at most. MULRK
  // records hold the most cells per byte (6): 4 Mi of them fit in 32 MiB.
  std::string mulrk;
  le(mulrk, 0, 2);
  le(mulrk, 0, 2);
  for (int c = 0; c < 256; ++c) {
    le(mulrk, 0, 2);
    le(mulrk, 2 << 2 | 2, 4);
  }
  le(mulrk, 255, 2);
  std::string row = rec(0x00BD, mulrk);
  std::string cells;
  cells.reserve(row.size() * 16400);
  for (uint32_t r = 0; r < 16400; ++r) {  // 16,400 x 256 > 4 Mi cells
    row[4] = static_cast<char>(r & 0xFF);
    row[5] = static_cast<char>(r >> 8);
    cells += row;
  }
  std::string file = xls_file(workbook_stream(xf(0), cells));
  ASSERT_LT(file.size(), size_t{32} << 20);
  FileError e = expect_file_error([&] { read_xls_bytes(file); }, "file_too_large");
  EXPECT_EQ(std::string(e.what()), "sheet \"Leads\" has more than 4194304 cells");
}

TEST(XlsLimits, LargeFileRefusedBeforeReading) {
  std::string big(size_t{33} << 20, '\0');
  std::memcpy(big.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  FileError e = expect_file_error([&] { read_xls_bytes(big); }, "file_too_large");
  EXPECT_EQ(std::string(e.what()), "the .xls file is larger than 32 MiB");
}

// --- damaged records (issue 10, found by fuzz_xls) ----------------------------
// Each of these made FreeXL 1.0.6 (the .xls reader before issue 11) read past
// a record; the reader checks every length inside a record against it.

std::string label(uint16_t row, uint16_t col, uint16_t cch, const std::string& chars) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, 0, 2);  // XF
  le(p, cch, 2);
  p += '\0';  // compressed
  return rec(0x0204, p + chars);
}

std::string label_sst_at(uint16_t row, uint16_t col, uint32_t index) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, 0, 2);
  le(p, index, 4);
  return rec(0x00FD, p);
}

// An SST record's payload starts with the string counts.
std::string sst(uint32_t count, const std::string& strings) {
  std::string p;
  le(p, count, 4);
  le(p, count, 4);
  return rec(0x00FC, p + strings);
}

// A string's header: length, option byte, then its optional fields.
std::string str_head(uint16_t cch, uint8_t flags, uint16_t runs = 0, uint32_t ext = 0) {
  std::string p;
  le(p, cch, 2);
  p += static_cast<char>(flags);
  if (flags & 0x08) le(p, runs, 2);
  if (flags & 0x04) le(p, ext, 4);
  return p;
}

std::string continue_rec(const std::string& payload) { return rec(0x003C, payload); }

// The stream without its last EOF (what comes next is the stream's end).
std::string without_last_eof(const std::string& stream) {
  return stream.substr(0, stream.size() - eof().size());
}

// The stream in an OLE2 container that declares its exact size, however
// short (xls_file declares 4,096 bytes at least, zeros included).
std::string xls_file_exact(const std::string& stream) {
  std::string file = xls_file(stream);
  size_t entry = file.find(std::string("W\0o\0r\0k\0b\0o\0o\0k\0", 16));
  std::string size;
  le(size, stream.size(), 4);
  file.replace(entry + 0x78, 4, size);
  file.replace(0x38, 4, std::string(4, '\0'));  // mini stream cutoff 0: no mini stream
  return file;
}

void expect_damaged(const std::string& stream, const std::string& message) {
  FileError e = expect_file_error([&] { read_xls_bytes(xls_file(stream)); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
}

TEST(XlsDamagedRecords, FormatTextLongerThanTheRecord) {
  // crash-2db98afb: 0xFFEA wide characters declared, 2 there; FreeXL copied
  // 0x1FFD4 bytes out of its 8,224-byte record buffer.
  std::string p;
  le(p, 165, 2);
  le(p, 0xFFEA, 2);
  p += std::string(
      "\x01"
      "a\0b\0",
      5);
  std::string globals = xf(0) + rec(0x041E, p);
  std::string stream = workbook_stream(globals, dimensions(1, 1) + number(0, 0, 0, 1));
  expect_damaged(stream, "the workbook's FORMAT record at byte " +
                             std::to_string(bof(5).size() + xf(0).size()) +
                             " is damaged (its text is longer than the record)");
  // One character short; a compressed text; option fields that don't fit.
  std::string wide;
  le(wide, 165, 2);
  le(wide, 3, 2);
  wide += std::string(
      "\x01"
      "a\0b\0c",
      6);  // 5 of the 6 bytes
  expect_damaged(workbook_stream(xf(0) + rec(0x041E, wide), dimensions(1, 1)),
                 "FORMAT record at byte");
  std::string narrow;
  le(narrow, 165, 2);
  le(narrow, 0xFFFF, 2);
  narrow += std::string("\0abc", 4);
  expect_damaged(workbook_stream(xf(0) + rec(0x041E, narrow), dimensions(1, 1)),
                 "FORMAT record at byte");
  std::string runs;
  le(runs, 165, 2);
  le(runs, 1, 2);
  runs += std::string("\x08\x01", 2);  // a run count follows: 2 bytes, then the character
  expect_damaged(workbook_stream(xf(0) + rec(0x041E, runs), dimensions(1, 1)),
                 "FORMAT record at byte");
}

TEST(XlsDamagedRecords, LabelTextLongerThanTheRecord) {
  std::string cells = dimensions(1, 1) + label(0, 0, 0xFFFF, "abc");
  expect_damaged(workbook_stream(xf(0), cells), "LABEL record at byte ");
  // A LABEL that holds its text still reads.
  auto rows =
      read_xls_bytes(xls_file(workbook_stream(xf(0), dimensions(1, 2) + label(0, 1, 5, "Alice"))));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"", "Alice"}));
}

TEST(XlsDamagedRecords, SheetNameLongerThanTheRecord) {
  // crash-5a8f7ae8 (also): a BOUNDSHEET declaring 47 characters, holding 5.
  std::string head = bof(0x0005) + xf(0);
  std::string bad = boundsheet(0, "Leads");
  bad[4 + 6] = 47;
  std::string stream = head + bad + eof() + bof(0x0010) + dimensions(1, 1) + eof();
  expect_damaged(stream, "BOUNDSHEET record at byte " + std::to_string(head.size()) +
                             " is damaged (the sheet's name is longer than the record)");
}

TEST(XlsDamagedRecords, RecordsShorterThanTheirFields) {
  // A cell's row, column, format and value are at fixed offsets: a record
  // too short for them is damaged, never read past.
  std::string p;
  le(p, 0, 2);
  le(p, 0, 2);
  le(p, 0, 2);
  le(p, 0, 2);  // 8 of NUMBER's 14 bytes
  expect_damaged(workbook_stream(xf(0), dimensions(1, 1) + rec(0x0203, p)),
                 "NUMBER record at byte");
  expect_damaged(workbook_stream(xf(0) + rec(0x00E0, "\0\0"), dimensions(1, 1)),
                 "XF record at byte");
  expect_damaged(workbook_stream(xf(0), dimensions(1, 1) + rec(0x00FD, std::string(6, '\0'))),
                 "LABELSST record at byte");
  expect_damaged(workbook_stream(xf(0), dimensions(1, 1) + rec(0x0006, std::string(14, '\0'))),
                 "FORMULA record at byte");
  expect_damaged(workbook_stream(xf(0), rec(0x00BD, std::string(9, '\0'))), "MULRK record at byte");
}

TEST(XlsDamagedRecords, RecordCutByTheStreamEnd) {
  // crash-5a8f7ae8: a short stream ends inside a record, before the sheet's
  // EOF: the sheet is incomplete, not read as if it were whole.
  std::string cut;
  le(cut, 0, 4);
  le(cut, 0x01000000, 4);
  le(cut, 0, 2);
  le(cut, 2, 2);  // 12 of 14 bytes: the stream ends here
  std::string dims;
  le(dims, 0x0200, 2);
  le(dims, 14, 2);
  std::string stream =
      without_last_eof(workbook_stream(xf(0), dimensions(1, 1) + number(0, 0, 0, 1))) + dims + cut;
  ASSERT_LT(stream.size(), 4096u);
  FileError e = expect_file_error([&] { read_xls_bytes(xls_file_exact(stream)); }, "corrupt_file");
  EXPECT_EQ(std::string(e.what()),
            "sheet \"Leads\" ends before its last record (the file is truncated?)");
}

TEST(XlsDamagedRecords, SharedStringsCutAcrossContinueStillRead) {
  // Valid splits: a string's characters cut by the record's end (the rest
  // after a new option byte, compressed or wide), formatting runs spilling
  // into the next record.
  std::string first = str_head(5, 0) + "Alice";
  std::string second = str_head(9, 0) + "Bob ";           // cut after 4 characters
  std::string third_head = str_head(3, 0x08, 2) + "Eve";  // 2 runs: 8 bytes, 3 here
  std::string globals = xf(0) + sst(4, first + second) +
                        continue_rec(std::string("\x01", 1) + std::string("S\0m\0i\0t\0h\0", 10) +
                                     third_head + std::string("\1\0\0", 3)) +
                        continue_rec(std::string(5, '\0') + str_head(3, 0) + "Zoe");
  std::string cells = dimensions(4, 1);
  for (uint16_t r = 0; r < 4; ++r) cells += label_sst_at(r, 0, r);
  auto rows = read_xls_bytes(xls_file(workbook_stream(globals, cells)));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].cells, (Cells{"Alice"}));
  EXPECT_EQ(rows[1].cells, (Cells{"Bob Smith"}));
  EXPECT_EQ(rows[2].cells, (Cells{"Eve"}));
  EXPECT_EQ(rows[3].cells, (Cells{"Zoe"}));
}

TEST(XlsDamagedRecords, SharedStringSkipPastTheRecord) {
  // A string's extension size of ~4 GiB: past the end of the SST and its
  // CONTINUE records.
  std::string globals =
      xf(0) + sst(2, str_head(1, 0x04, 0, 0xFFFFFF00) + "A") + continue_rec(str_head(1, 0) + "B");
  std::string stream = workbook_stream(globals, dimensions(1, 1) + label_sst_at(0, 0, 0));
  size_t at = bof(5).size() + xf(0).size();
  expect_damaged(stream, "the workbook's SST record at byte " + std::to_string(at) +
                             " is damaged (shared string 1 runs past its records)");
}

TEST(XlsDamagedRecords, SharedStringRestLongerThanTheContinue) {
  // 30,000 wide characters, 2 in the SST record, 2 more in the CONTINUE.
  std::string globals = xf(0) + sst(1, str_head(30000, 0x01) + std::string("a\0b\0", 4)) +
                        continue_rec(std::string("\x01"
                                                 "c\0d\0",
                                                 5));
  expect_damaged(workbook_stream(globals, dimensions(1, 1) + label_sst_at(0, 0, 0)),
                 "(shared string 1 runs past its records)");
  // A string header cut by the record's end.
  expect_damaged(workbook_stream(xf(0) + sst(2, str_head(1, 0) + "A" + "\x05"), dimensions(1, 1)),
                 "SST record at byte");
  // A cell naming a shared string the table does not have.
  expect_damaged(workbook_stream(xf(0) + sst(1, str_head(1, 0) + "A"), label_sst_at(0, 0, 1)),
                 "(shared string 2 does not exist)");
}

TEST(XlsLimits, AnEmbeddedChartsRecordsAreNotCells) {
  // A chart inside a sheet is a substream of its own (BOF ... EOF); the
  // values it caches are not the sheet's cells.
  std::string cells = number(65535, 0, 0, 1) + bof(0x0020) + number(0, 255, 0, 2) + eof();
  auto rows = read_xls_bytes(xls_file(workbook_stream(xf(0), cells)));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 65536);
  EXPECT_EQ(rows[0].cells, (Cells{"1"}));
  // Without the sheet's own EOF the sheet is incomplete.
  std::string stream = without_last_eof(workbook_stream(xf(0), cells));
  FileError e = expect_file_error([&] { read_xls_bytes(xls_file(stream)); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("ends before its last record"), std::string::npos);
}

// --- columns and row bytes, every format --------------------------------------

std::vector<Row> read_csv(const std::string& text, const ReadOptions& opts = {}) {
  Input in;
  in.data = text.data();
  in.size = text.size();
  CsvReader reader(open_bytes(in), opts);
  return drain(reader);
}

TEST(ColumnLimit, CsvRowOfCommas) {
  // Issue 10 item 4: one row of N commas held N strings (8 MB → 351 MiB).
  std::string ok = std::string(16383, ',') + "\n";
  auto rows = read_csv(ok);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells.size(), 16384u);

  std::string text = "phone,name\n1,a\n" + std::string(8 << 20, ',') + "\n";
  size_t heap_before = heap_in_use();
  double t = seconds([&] {
    FileError e = expect_file_error([&] { read_csv(text); }, "too_many_columns");
    EXPECT_EQ(std::string(e.what()), "row 3 has more than 16384 columns");
    EXPECT_NE(e.hint().find("Excel's own limit"), std::string::npos);
  });
  EXPECT_LT(heap_in_use() - std::min(heap_in_use(), heap_before), size_t{4} << 20);
  EXPECT_LT(t, time_budget(1));
}

TEST(ColumnLimit, CsvPeakMemoryStaysSmall) {
  std::string text(8 << 20, ',');
  Input in;
  in.data = text.data();
  in.size = text.size();
  CsvReader reader(open_bytes(in), {});
  size_t before = heap_in_use(), peak = before;
  Row r;
  try {
    while (reader.next(r)) peak = std::max(peak, heap_in_use());
    ADD_FAILURE() << "no FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(e.code(), "too_many_columns");
  }
  peak = std::max(peak, heap_in_use());
  EXPECT_LT(peak - before, size_t{8} << 20);  // 16,384 empty strings, not 8 million
}

TEST(ColumnLimit, XlsUsesTheSharedLimit) {
  ReadOptions opts;
  opts.max_columns = 3;  // an .xls has at most 256 columns: lower the limit to see it
  std::string keep;
  Input in = excel_input("leads_xlwt.xls", true, keep);
  FileError e = expect_file_error([&] { drain(*open_xls(in, opts)); }, "too_many_columns");
  EXPECT_EQ(std::string(e.what()), "row 1 has more than 3 columns");
}

TEST(RowBytesLimit, SharedDefault) {
  ReadOptions opts;
  EXPECT_EQ(opts.max_row_bytes, size_t{16} << 20);
  EXPECT_EQ(opts.max_columns, 16384u);
  EXPECT_EQ(opts.max_cell_bytes, size_t{1} << 20);
}

TEST(RowBytesLimit, CsvRowOfLargeCells) {
  // 17 cells just under 1 MiB each: every cell is allowed, the row is not.
  std::string cell((1 << 20) - 1, 'x');
  std::string text = "a,b\n";
  for (int i = 0; i < 17; ++i) text += (i ? "," : "") + cell;
  text += "\n";
  FileError e = expect_file_error([&] { read_csv(text); }, "row_too_large");
  EXPECT_EQ(std::string(e.what()), "row 2 holds more than 16 MiB of text");
  ReadOptions small;
  small.max_row_bytes = 5;
  e = expect_file_error([&] { read_csv("ab,cd\nabc,def\n", small); }, "row_too_large");
  EXPECT_EQ(std::string(e.what()), "row 2 holds more than 5 bytes of text");
}

TEST(RowBytesLimit, Xls) {
  ReadOptions opts;
  opts.max_row_bytes = 40;
  std::string keep;
  Input in = excel_input("leads_xlwt.xls", true, keep);
  FileError e = expect_file_error([&] { drain(*open_xls(in, opts)); }, "row_too_large");
  // "+442079460123", "Grace Hopper", "45", "FALSE", "2023-11-30": 42 bytes
  EXPECT_EQ(std::string(e.what()), "row 3 holds more than 40 bytes of text");
}

TEST(MemoryLimits, SharedStringsFitTheBackendBudget) {
  XlsxLimits lim;
  // Held for the whole import: text plus 8 bytes of offset per string.
  EXPECT_LE(lim.max_shared_string_bytes + 8 * lim.max_shared_strings, uint64_t{96} << 20);
}

// --- interruption points --------------------------------------------------------

struct Interrupted {};

int calls_left = 0;
void throw_after_calls() {
  if (--calls_left < 0) throw Interrupted{};
}

// Installs a hook that throws on the (n+1)th interruption point; removes it.
class HookGuard {
 public:
  explicit HookGuard(int n) {
    calls_left = n;
    set_interrupt_hook(&throw_after_calls);
  }
  ~HookGuard() { set_interrupt_hook(nullptr); }
};

// Reads `open()` to the end with a hook that throws after `n` calls, and
// expects the throw.
void expect_stops(const std::function<std::unique_ptr<RowSource>()>& open, int n) {
  HookGuard guard(n);
  EXPECT_THROW(
      {
        auto src = open();
        Row r;
        while (src->next(r)) {
        }
      },
      Interrupted);
}

TEST(Interruption, CsvStopsInItsLoops) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "14155551234,Customer,42\n";
  Input in;
  in.data = text.data();
  in.size = text.size();
  for (int n : {0, 1, 5, 1000})
    expect_stops([&] { return std::make_unique<CsvReader>(open_bytes(in), ReadOptions{}); }, n);
  // A file of blank lines only (no row is ever handed out) stops too.
  std::string blank(4 << 20, '\n');
  in.data = blank.data();
  in.size = blank.size();
  expect_stops([&] { return std::make_unique<CsvReader>(open_bytes(in), ReadOptions{}); }, 100);
}

TEST(Interruption, XlsxStopsInItsLoops) {
  std::string keep;
  Input in = excel_input("leads_openpyxl.xlsx", true, keep);
  for (int n : {0, 1, 2, 3, 5, 8}) expect_stops([&] { return open_xlsx(in, ReadOptions{}); }, n);
  Input path = excel_input("leads_openpyxl.xlsx", false, keep);
  expect_stops([&] { return open_xlsx(path, ReadOptions{}); }, 0);
}

TEST(Interruption, XlsStopsInItsLoops) {
  std::string keep;
  for (bool in_memory : {true, false}) {
    Input in = excel_input("leads_xlwt.xls", in_memory, keep);
    for (int n : {0, 1, 10, 50}) expect_stops([&] { return open_xls(in, ReadOptions{}); }, n);
  }
}

TEST(Interruption, EveryReaderPassesInterruptionPoints) {
  // Counts the calls a whole read makes: each reader has some per row.
  static int count = 0;
  set_interrupt_hook([] { ++count; });
  std::string keep;
  for (const char* name : {"leads_xlwt.xls", "leads_openpyxl.xlsx"}) {
    count = 0;
    Input in = excel_input(name, false, keep);
    auto rows = drain(*open_rows(in, detect_format(in, ""), {}));
    EXPECT_GE(count, static_cast<int>(rows.size())) << name;
  }
  set_interrupt_hook(nullptr);
}

// --- regular files only ---------------------------------------------------------

class NotRegular : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leadimport-limits-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fifo_ = (dir_ / "leads.csv").string();
    ASSERT_EQ(mkfifo(fifo_.c_str(), 0600), 0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Every way a path is opened: sniffing, and each reader.
  void expect_refused(const std::string& path, const std::string& kind) {
    Input in;
    in.path = path;
    in.file_name = path;
    double t = seconds([&] {
      FileError e = expect_file_error([&] { detect_format(in, ""); }, "not_a_regular_file");
      EXPECT_EQ(std::string(e.what()), "\"" + path + "\" is " + kind);
      EXPECT_FALSE(e.hint().empty());
      expect_file_error([&] { open_bytes(in); }, "not_a_regular_file");
      for (Format f : {Format::csv, Format::xlsx, Format::xls})
        expect_file_error([&] { drain(*open_rows(in, f, {})); }, "not_a_regular_file");
    });
    EXPECT_LT(t, time_budget(1)) << path;
  }

  fs::path dir_;
  std::string fifo_;
};

TEST_F(NotRegular, Fifo) { expect_refused(fifo_, "a FIFO (named pipe)"); }

TEST_F(NotRegular, DevZero) { expect_refused("/dev/zero", "a character device"); }

TEST_F(NotRegular, Directory) { expect_refused(dir_.string(), "a directory"); }

TEST_F(NotRegular, RegularFileStillReads) {
  std::string path = (dir_ / "ok.csv").string();
  {
    std::ofstream f(path);
    f << "phone\n14155551234\n";
  }
  Input in;
  in.path = path;
  EXPECT_EQ(detect_format(in, ""), Format::csv);
  auto rows = drain(*open_rows(in, Format::csv, {}));
  ASSERT_EQ(rows.size(), 2u);
  // A symbolic link to a regular file is that file.
  std::string link = (dir_ / "link.csv").string();
  fs::create_symlink(path, link);
  in.path = link;
  EXPECT_EQ(drain(*open_rows(in, Format::csv, {})).size(), 2u);
}

TEST_F(NotRegular, MissingFileIsUnreadable) {
  Input in;
  in.path = (dir_ / "missing.csv").string();
  expect_file_error([&] { detect_format(in, ""); }, "file_unreadable");
}

// A compressed file renamed .csv is named for what it is, not read as text
// in a bad encoding (issue 11: frictionless' implicit-gz.csv).
TEST(CompressedFiles, AreRefusedByName) {
  const std::pair<std::string, const char*> cases[] = {
      {std::string("\x1f\x8b\x08\0\0\0\0\0", 8), "gzip"},
      {"BZh91AY&SY", "bzip2"},
      {std::string("\xfd"
                   "7zXZ\0\0",
                   8),
       "xz"},
      {"\x28\xb5\x2f\xfd\0\0", "zstd"},
      {"7z\xbc\xaf\x27\x1c\0\4", "7-Zip"},
      {"Rar!\x1a\x07\0", "RAR"},
  };
  for (const auto& [bytes, kind] : cases) {
    for (const char* requested : {"", "csv"}) {
      Input in;
      in.data = bytes.data();
      in.size = bytes.size();
      in.file_name = "leads.csv";
      FileError e = expect_file_error([&] { detect_format(in, requested); }, "unsupported_format");
      EXPECT_NE(std::string(e.what()).find(kind), std::string::npos) << e.what();
    }
  }
  // Text that merely starts with those letters is still CSV.
  Input in;
  std::string text = "BZh,phone\n1,+14155551234\n";
  in.data = text.data();
  in.size = text.size();
  EXPECT_EQ(detect_format(in, ""), Format::csv);
}

// A NUL in the first bytes after a line break is a text file's fault: the CSV
// reader names its row (it was "the file is binary" with no row, issue 11).
// Before any line break, as in UTF-16 or a binary format, the file is binary.
TEST(NulBytes, AfterTheFirstLineNameTheirRow) {
  Input in;
  std::string text = std::string("a,b\n1,\0x\n", 9);
  in.data = text.data();
  in.size = text.size();
  ASSERT_EQ(detect_format(in, ""), Format::csv);
  FileError e =
      expect_file_error([&] { drain(*open_rows(in, Format::csv, {})); }, "invalid_encoding");
  EXPECT_EQ(std::string(e.what()), "row 2 contains a NUL byte (column 2)");
  std::string binary = std::string("ab\0\0cd\nef", 9);
  in.data = binary.data();
  in.size = binary.size();
  expect_file_error([&] { detect_format(in, ""); }, "unsupported_format");
}

}  // namespace
}  // namespace leadimport
