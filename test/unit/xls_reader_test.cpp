// Unit tests of the .xls reader (FreeXL plus the OLE2/BIFF pre-scan) and of
// the number and date formatting both Excel readers share.
#include "core/read/xls/xls_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/read/xls/xls_cfb.hpp"
#include "core/read/xls/xls_numbers.hpp"
#include "excel_test_util.hpp"

namespace leadimport {
namespace {

using namespace leadimport::testing;
namespace fs = std::filesystem;

std::vector<Row> read_xls(const std::string& name, bool in_memory, const std::string& sheet = "",
                          size_t max_cell_bytes = 1 << 20) {
  std::string keep;
  Input in = excel_input(name, in_memory, keep);
  ReadOptions opts;
  opts.sheet = sheet;
  opts.max_cell_bytes = max_cell_bytes;
  return drain(*open_xls(in, opts));
}

std::vector<Row> read_bytes(const std::string& bytes, const std::string& sheet = "") {
  Input in;
  in.data = bytes.data();
  in.size = bytes.size();
  ReadOptions opts;
  opts.sheet = sheet;
  return drain(*open_xls(in, opts));
}

const std::vector<std::pair<int64_t, Cells>> kLeads = {
    {1, {"phone_number", "customer_name", "age", "vip", "signup"}},
    {2, {"14155551234", "Ada Lovelace", "36", "TRUE", "2024-01-15"}},
    {3, {"+442079460123", "Grace Hopper", "45", "FALSE", "2023-11-30"}},
    {6, {"12345", "Bad Phone", "29", "TRUE", "2024-03-01"}},
    {7, {"33142685300", "\xC3\x89lodie Dupont", "52", "FALSE", "2022-07-04"}},
};

void expect_rows(const std::vector<Row>& rows,
                 const std::vector<std::pair<int64_t, Cells>>& expected) {
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].number, expected[i].first) << "row " << i;
    EXPECT_EQ(rows[i].cells, expected[i].second) << "row " << rows[i].number;
  }
}

void put_u32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

// --- cells -------------------------------------------------------------------

TEST(XlsReader, LibreOfficeMadeWorkbook) {
  for (bool mem : {false, true}) expect_rows(read_xls("leads_libreoffice.xls", mem), kLeads);
}

TEST(XlsReader, XlwtMadeWorkbookBooleansErrorsAndNumbers) {
  auto expected = kLeads;
  // A float phone, a fraction, a datetime, #N/A (FreeXL alone says 1), -2.5.
  expected.push_back({8, {"14155551234", "0.1", "2023-11-30 13:45:00", "", "-2.5"}});
  for (bool mem : {false, true}) expect_rows(read_xls("leads_xlwt.xls", mem), expected);
}

TEST(XlsReader, FormulaResults) {
  // FreeXL leaves every formula cell empty; the BIFF scan reads their cached
  // results: a number, a boolean, an error, a phone-sized number, a fraction.
  for (bool mem : {false, true})
    expect_rows(read_xls("formulas_libreoffice.xls", mem),
                {{1, {"3", "TRUE", "", "14155551234", "0.25"}}});
}

TEST(XlsReader, SheetByNameCaseAndNumber) {
  const std::vector<std::pair<int64_t, Cells>> other = {{1, {"phone_number", "customer_name"}},
                                                        {2, {"16505550100", "Other Person"}}};
  for (const char* sheet : {"Other", "other", "2"}) {
    expect_rows(read_xls("leads_xlwt.xls", false, sheet), other);
    expect_rows(read_xls("leads_libreoffice.xls", true, sheet), other);
  }
  expect_rows(read_xls("leads_libreoffice.xls", false, "1"), kLeads);
  expect_rows(read_xls("leads_libreoffice.xls", false, "LEADS"), kLeads);
}

TEST(XlsReader, UnknownSheetListsTheNames) {
  for (const char* sheet : {"Nope", "0", "3"}) {
    FileError e =
        expect_file_error([&] { read_xls("leads_xlwt.xls", true, sheet); }, "sheet_not_found");
    EXPECT_EQ(std::string(e.what()), "the workbook has no sheet \"" + std::string(sheet) + "\"");
    EXPECT_NE(e.hint().find("1 \"Leads\", 2 \"Other\""), std::string::npos) << e.hint();
  }
}

TEST(XlsReader, CellTooLarge) {
  FileError e =
      expect_file_error([] { read_xls("leads_xlwt.xls", false, "", 12); }, "cell_too_large");
  EXPECT_EQ(std::string(e.what()), "row 1, column 2 holds more than 12 bytes");
}

// --- hostile and broken files -------------------------------------------------

TEST(XlsReader, PasswordProtectedXls) {
  // LibreOffice "MS Excel 97" with a password: a FILEPASS record (RC4).
  // FreeXL opens it and finds no sheets; the scan says why.
  for (bool mem : {false, true}) {
    FileError e = expect_file_error([&] { read_xls("encrypted.xls", mem); }, "password_protected");
    EXPECT_EQ(std::string(e.what()), "the workbook is password-protected");
    EXPECT_NE(e.hint().find("Remove the password"), std::string::npos);
  }
}

TEST(XlsReader, PasswordProtectedXlsx) {
  // An encrypted .xlsx is an OLE2 file with EncryptedPackage/EncryptionInfo
  // streams (synthetic here: LibreOffice 7.4 can't write one).
  for (bool mem : {false, true}) {
    FileError e = expect_file_error([&] { read_xls("ole_encrypted_package.xls", mem); },
                                    "password_protected");
    EXPECT_EQ(std::string(e.what()), "the workbook is password-protected");
  }
}

TEST(XlsReader, OleFileWithoutWorkbook) {
  std::string b = slurp(excel_fixture("ole_encrypted_package.xls"));
  for (const char* name : {"EncryptedPackage", "EncryptionInfo"}) {
    std::string utf16;
    for (const char* p = name; *p; ++p) utf16 += std::string{*p, '\0'};
    size_t at = b.find(utf16);
    ASSERT_NE(at, std::string::npos);
    b[at] = 'X';  // now an OLE2 file with two unrelated streams, like a .doc
  }
  FileError e = expect_file_error([&] { read_bytes(b); }, "unsupported_format");
  EXPECT_NE(std::string(e.what()).find("holds no Excel workbook"), std::string::npos);
}

TEST(XlsReader, TruncatedAndCorrupt) {
  std::string b = slurp(excel_fixture("leads_xlwt.xls"));
  expect_file_error([&] { read_bytes(b.substr(0, 1000)); }, "corrupt_file");
  expect_file_error([&] { read_bytes(b.substr(0, 300)); }, "corrupt_file");
  std::string bad_fat = b;
  put_u32(bad_fat, 0x4C, 0x7FFFFFF0);  // the FAT's first sector, far past the end
  expect_file_error([&] { read_bytes(bad_fat); }, "corrupt_file");
  Input missing;
  missing.path = "/nonexistent/leads.xls";
  expect_file_error([&] { open_xls(missing, {}); }, "file_unreadable");
}

TEST(XlsReader, HugeNumbersInDateFormatsReadAsNumbers) {
  // A number past 9999-12-31 in a date format shows the number (FreeXL, the
  // reader before issue 11, counted its days one by one; the file was
  // refused instead).
  std::string b = slurp(excel_fixture("leads_xlwt.xls"));
  // xlwt writes 2024-01-15 (serial 45306) as an RK integer record.
  const uint32_t rk_45306 = 45306u << 2 | 2;
  size_t at = std::string::npos;
  for (size_t from = 0;;) {
    size_t r = b.find(std::string("\x7E\x02\x0A\x00", 4), from);
    ASSERT_NE(r, std::string::npos);
    uint32_t v;
    std::memcpy(&v, b.data() + r + 4 + 6, 4);
    if (v == rk_45306) {
      at = r + 4 + 6;
      break;
    }
    from = r + 1;
  }
  put_u32(b, at, 500000000u << 2 | 2);
  std::vector<Row> rows;
  double t = seconds([&] { rows = read_bytes(b); });
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[4], "500000000");
  EXPECT_LT(t, time_budget(0.5));
}

// --- workbooks built record by record ----------------------------------------

void le(std::string& b, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) b += static_cast<char>(i < 8 ? v >> (8 * i) : 0);
}

std::string rec(uint16_t type, const std::string& payload) {
  std::string r;
  le(r, type, 2);
  le(r, payload.size(), 2);
  return r + payload;
}

// BOF: `kind` 0x0005 workbook globals, 0x0010 worksheet, 0x0020 chart.
std::string bof(uint16_t kind, uint16_t version = 0x0600) {
  std::string p;
  le(p, version, 2);
  le(p, kind, 2);
  le(p, 0, 12);
  return rec(0x0809, p);
}

std::string eof() { return rec(0x000A, ""); }

std::string format(uint16_t id, const std::string& code) {
  std::string p;
  le(p, id, 2);
  le(p, code.size(), 2);
  p += '\0';  // one byte a character
  return rec(0x041E, p + code);
}

std::string xf(uint16_t format_id) {
  std::string p;
  le(p, 0, 2);
  le(p, format_id, 2);
  le(p, 0, 16);
  return rec(0x00E0, p);
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

std::string label(uint16_t row, uint16_t col, const std::string& text) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, 0, 2);
  le(p, text.size(), 2);
  p += '\0';
  return rec(0x0204, p + text);
}

std::string sst(const std::vector<std::string>& strings) {
  std::string p;
  le(p, strings.size(), 4);
  le(p, strings.size(), 4);
  for (const std::string& s : strings) {
    le(p, s.size(), 2);
    p += '\0';
    p += s;
  }
  return rec(0x00FC, p);
}

std::string label_sst(uint16_t row, uint16_t col, uint32_t index) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, 0, 2);
  le(p, index, 4);
  return rec(0x00FD, p);
}

struct TestSheet {
  std::string name;
  std::string records;       // between the sheet's BOF and EOF
  uint8_t type = 0;          // BOUNDSHEET's: 0 worksheet, 2 chart, 1 macro sheet, 6 VBA
  uint16_t bof_kind = 0x10;  // 0x0020 a chart
};

// A Workbook stream: `globals` after the globals' BOF, then one BOUNDSHEET
// per sheet (pointing at its BOF), then the sheets. BIFF5 names are bytes
// in the code page, BIFF8 ones (here) one byte a character.
std::string workbook(const std::string& globals, const std::vector<TestSheet>& sheets,
                     uint16_t version = 0x0600) {
  auto boundsheet = [&](uint32_t offset, const TestSheet& s) {
    std::string p;
    le(p, offset, 4);
    p += '\0';  // visible
    p += static_cast<char>(s.type);
    p += static_cast<char>(s.name.size());
    if (version == 0x0600) p += '\0';
    return rec(0x0085, p + s.name);
  };
  std::string head = bof(0x0005, version) + globals;
  size_t at = head.size() + eof().size();
  for (const TestSheet& s : sheets) at += boundsheet(0, s).size();
  std::string list, bodies;
  for (const TestSheet& s : sheets) {
    list += boundsheet(static_cast<uint32_t>(at + bodies.size()), s);
    bodies += bof(s.bof_kind, version) + s.records + eof();
  }
  return head + list + eof() + bodies;
}

// The stream in an OLE2 container named `stream_name`.
std::string ole2(const std::string& stream, const std::string& stream_name = "Workbook") {
  xls::SingleStreamFile f = xls::single_stream_file(stream.size());
  std::string file = f.head + stream + std::string(f.padding, '\0');
  if (stream_name != "Workbook") {
    std::string from, to;
    for (char c : std::string("Workbook")) from += std::string{c, '\0'};
    for (char c : stream_name) to += std::string{c, '\0'};
    to.resize(from.size(), '\0');
    size_t at = file.find(from);
    file.replace(at, from.size(), to);
    file[at + 0x40] = static_cast<char>(2 * (stream_name.size() + 1));  // the name's length
  }
  return file;
}

std::vector<Row> read_stream(const std::string& stream, const std::string& sheet = "") {
  return read_bytes(ole2(stream), sheet);
}

TEST(XlsReader, RedIsNotADate) {
  // Issue 11: [Red] has a d, and the whole format was taken for a date: a
  // value past 2,958,465 failed the file ("a date past the year 9999").
  std::string money = "\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)";
  std::string globals = format(164, money) + xf(164) + format(165, "[Color10]0.00") + xf(165);
  std::string cells = number(0, 0, 0, 3000000) + number(0, 1, 0, -12.5) + number(0, 2, 1, 45306);
  expect_rows(read_stream(workbook(globals, {{"Money", cells}})),
              {{1, {"3000000", "-12.5", "45306"}}});
}

TEST(XlsReader, ElapsedTimeKeepsWholeDays) {
  // Issue 11: [h]:mm showed 1.5 days as 12:00:00 (a time of day).
  std::string globals =
      format(164, "[h]:mm") + xf(164) + xf(46) + format(165, "[mm]:ss") + xf(165) + xf(20);
  std::string cells =
      number(0, 0, 0, 1.5) + number(0, 1, 1, 1.5) + number(0, 2, 2, 0.5) + number(0, 3, 3, 1.5);
  expect_rows(read_stream(workbook(globals, {{"Times", cells}})),
              {{1, {"36:00:00", "36:00:00", "12:00:00", "12:00:00"}}});
}

TEST(XlsReader, ChartAndMacroSheetsAreNotWorksheets) {
  // Issue 11: a chart sheet (or a macro sheet, a VBA module) listed in the
  // workbook made the file "no sheets"; they are skipped, and don't count in
  // sheet numbers.
  TestSheet chart{"Chart1", number(0, 0, 0, 99), 2, 0x20};
  TestSheet macro{"Macro1", "", 1};
  TestSheet vba{"Module1", "", 6};
  TestSheet leads{"Leads", label(0, 0, "phone") + number(1, 0, 0, 14155551234.0)};
  std::string stream = workbook(xf(0), {chart, macro, leads, vba});
  const std::vector<std::pair<int64_t, Cells>> expected = {{1, {"phone"}}, {2, {"14155551234"}}};
  expect_rows(read_stream(stream), expected);
  expect_rows(read_stream(stream, "1"), expected);
  FileError e = expect_file_error([&] { read_stream(stream, "Chart1"); }, "sheet_not_found");
  EXPECT_EQ(
      e.hint(),
      "Its sheets are: 1 \"Leads\". Set the \"sheet\" option to one of these names or numbers.");
}

TEST(XlsReader, EmbeddedChartInsideASheet) {
  // A chart object inside a worksheet is a substream (BOF ... EOF) among the
  // sheet's records; its cached values are not cells.
  std::string cells = label(0, 0, "phone") + bof(0x20) + number(5, 0, 0, 99) + eof() +
                      number(1, 0, 0, 14155551234.0);
  expect_rows(read_stream(workbook(xf(0), {{"Leads", cells}})),
              {{1, {"phone"}}, {2, {"14155551234"}}});
}

TEST(XlsReader, FirstSheetWithData) {
  // Issue 11: an empty first sheet with the leads on sheet 2 read as "the
  // file is empty". Without a sheet option the first worksheet with data is
  // read; empty cells (an empty shared string, a formula error) are no data.
  std::string globals = xf(0) + sst({"", "phone"});
  TestSheet cover{"Cover", label_sst(0, 0, 0) + label(2, 2, "")};
  TestSheet leads{"Leads", label_sst(0, 0, 1) + number(1, 0, 0, 14155551234.0)};
  std::string stream = workbook(globals, {cover, leads});
  expect_rows(read_stream(stream), {{1, {"phone"}}, {2, {"14155551234"}}});
  // A sheet named in the option is read even when it is empty.
  EXPECT_TRUE(read_stream(stream, "Cover").empty());
  // No sheet with data: say so, naming the sheets.
  FileError e = expect_file_error(
      [&] {
        read_stream(workbook(globals, {cover, {"B", ""}, {"Chart", "", 2, 0x20}}));
      },
      "empty_file");
  EXPECT_EQ(std::string(e.what()), "the file has no data in any sheet (sheets: \"Cover\", \"B\")");
}

TEST(XlsReader, RealFilesOnceRefusedAsNoSheets) {
  // Issue 11: FreeXL found "no sheets" in these valid workbooks (cells as
  // xlrd reads them): calamine's tests/empty-string.xls (an empty shared
  // string beside a boolean), SheetJS test_files' A4X_gnumeric.xls
  // (written by gnumeric) and artifacts/quattro/write_97.xls (Quattro Pro).
  for (bool mem : {false, true}) {
    expect_rows(read_xls("calamine_empty-string.xls", mem), {{1, {"", "FALSE"}}});
    expect_rows(read_xls("sheetjs_A4X_gnumeric.xls", mem), {{4, {"x"}}});
    expect_rows(read_xls("sheetjs_quattro_write_97.xls", mem),
                {{1, {"1", "2", "3"}},
                 {2, {"1", "0", "", "sheetjs"}},
                 {3, {"foo", "bar", "2014-02-19", "0.3"}},
                 {4, {"baz", "", "qux"}}});
  }
}

TEST(XlsReader, OverlappingSheetsAreWalkedOnce) {
  // 2,000 sheets listed at nested BOFs of one substream padded with 1 MB of
  // BLANK records, none with data: the search for the first sheet with data
  // would walk the padding 2,000 times (minutes); the reads share one
  // budget, the stream's size.
  const int n = 2000;
  auto boundsheet = [](uint32_t offset, const std::string& name) {
    std::string p;
    le(p, offset, 4);
    p += std::string("\0\0", 2);
    p += static_cast<char>(name.size());
    p += '\0';
    return rec(0x0085, p + name);
  };
  std::string head = bof(0x0005) + xf(0);
  size_t at = head.size() + eof().size();
  for (int i = 0; i < n; ++i) at += boundsheet(0, "S" + std::to_string(i)).size();
  std::string list;
  for (int i = 0; i < n; ++i)
    list += boundsheet(static_cast<uint32_t>(at + i * bof(0x10).size()), "S" + std::to_string(i));
  std::string body;
  for (int i = 0; i < n; ++i) body += bof(0x10);
  std::string blank = rec(0x0201, std::string(6, '\0'));
  for (int i = 0; i < (1 << 20) / 10; ++i) body += blank;
  for (int i = 0; i < n; ++i) body += eof();
  std::string file = ole2(head + list + eof() + body);
  double t = seconds([&] {
    FileError e = expect_file_error([&] { read_bytes(file); }, "corrupt_file");
    EXPECT_EQ(std::string(e.what()), "the workbook's sheets overlap in its stream (sheet \"S1\")");
  });
  EXPECT_LT(t, time_budget(1));
  // Two sheets listed at the same place are one sheet: read once.
  std::string twice = workbook(xf(0), {{"A", label(0, 0, "x")}});
  size_t sheet_at = twice.find(bof(0x10));
  std::string globals = bof(0x0005) + xf(0);
  std::string two = globals + boundsheet(0, "A") + boundsheet(0, "B") + eof();
  size_t body_at = two.size();
  two = globals + boundsheet(static_cast<uint32_t>(body_at), "A") +
        boundsheet(static_cast<uint32_t>(body_at), "B") + eof() + twice.substr(sheet_at);
  expect_rows(read_stream(two, "B"), {{1, {"x"}}});
}

// BIFF5 records: text is bytes in the workbook's code page.
std::string code_page(uint16_t cp) {
  std::string p;
  le(p, cp, 2);
  return rec(0x0042, p);
}

std::string format5(uint16_t id, const std::string& code) {
  std::string p;
  le(p, id, 2);
  p += static_cast<char>(code.size());
  return rec(0x041E, p + code);
}

std::string label5(uint16_t row, uint16_t col, const std::string& bytes, bool rich = false) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, 0, 2);
  le(p, bytes.size(), 2);
  p += bytes;
  if (rich) p += std::string("\x01\x00\x05", 3);  // one formatting run
  return rec(rich ? 0x00D6 : 0x0204, p);
}

// A FORMULA cell whose cached result is `result` (8 bytes).
std::string formula(uint16_t row, uint16_t col, uint16_t xf_index, const std::string& result) {
  std::string p;
  le(p, row, 2);
  le(p, col, 2);
  le(p, xf_index, 2);
  p += result;
  le(p, 0, 2);  // flags
  le(p, 0, 4);
  le(p, 3, 2);  // the formula: 3 bytes
  p += std::string("\x1E\x01\x00", 3);
  return rec(0x0006, p);
}

std::string formula_number(uint16_t row, uint16_t col, uint16_t xf_index, double v) {
  std::string r;
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  le(r, bits, 8);
  return formula(row, col, xf_index, r);
}

std::string formula_text(uint16_t row, uint16_t col, const std::string& bytes) {
  std::string p;
  le(p, bytes.size(), 2);
  return formula(row, col, 0, std::string("\0\0\0\0\0\0\xFF\xFF", 8)) + rec(0x0207, p + bytes);
}

TEST(XlsReader, Excel95Workbooks) {
  // Issue 11: FreeXL read Excel 5.0/95 (BIFF5/7) files with wrong cells:
  // formula results empty, rich-text cells empty, code page 1258 text
  // shifted. Real files (cells as xlrd reads them): calamine's
  // tests/issue_643_biff5_formula.xls, SheetJS test_files'
  // artifacts/quattro/write_57.xls.
  for (bool mem : {false, true}) {
    const std::vector<std::pair<int64_t, Cells>> expected = {
        {1, {"1", "2", "3"}},
        {2, {"TRUE", "FALSE", "", "sheetjs"}},
        {3, {"foo", "bar", "2014-02-19", "0.3"}},
        {4, {"baz", "1", "qux"}}};
    expect_rows(read_xls("calamine_issue_643_biff5_formula.xls", mem), expected);
  }
  expect_rows(read_xls("sheetjs_quattro_write_57.xls", false),
              {{1, {"1", "2", "3"}},
               {2, {"1", "0", "", "sheetjs"}},
               {3, {"foo", "bar", "2014-02-19", "0.3"}},
               {4, {"baz", "", "qux"}}});
  // Built record by record: Vietnamese (code page 1258: "e" then a
  // combining acute accent, kept as Windows and Python decode it), rich
  // text, formula results (text, number, date), a Cyrillic sheet name.
  std::string globals = code_page(1258) + format5(164, "yyyy-mm-dd") + xf(0) + xf(164);
  std::string cells = label5(0, 0, "Vie\xECt") + label5(0, 1, "Nam", true) +
                      formula_text(1, 0, "Ha\xCC Noi") + formula_number(1, 1, 0, 14155551234.0) +
                      formula_number(1, 2, 1, 45306);
  std::string stream = workbook(globals, {{"\xC0\xE1", cells}}, 0x0500);
  const std::vector<std::pair<int64_t, Cells>> expected = {
      {1, {"Vie\xCC\x81t", "Nam"}}, {2, {"Ha\xCC\x80 Noi", "14155551234", "2024-01-15"}}};
  expect_rows(read_bytes(ole2(stream, "Book")), expected);
  expect_rows(read_bytes(ole2(stream, "Book"), "1"), expected);
  // Code page 1251: the sheet's name is Cyrillic.
  std::string cyr = workbook(code_page(1251) + xf(0), {{"\xC0\xE1", label5(0, 0, "x")}}, 0x0500);
  expect_rows(read_bytes(ole2(cyr, "Book"), "\xD0\x90\xD0\xB1"), {{1, {"x"}}});
}

TEST(XlsReader, Excel95UnknownCodePage) {
  // A code page we can't convert: ASCII still reads, other bytes fail the
  // file rather than read wrong.
  std::string ascii = workbook(code_page(720) + xf(0), {{"S", label5(0, 0, "abc")}}, 0x0500);
  expect_rows(read_bytes(ole2(ascii, "Book")), {{1, {"abc"}}});
  std::string arabic = workbook(code_page(720) + xf(0), {{"S", label5(0, 0, "\xA1")}}, 0x0500);
  FileError e = expect_file_error([&] { read_bytes(ole2(arabic, "Book")); }, "unsupported_format");
  EXPECT_EQ(std::string(e.what()),
            "the workbook's text is in code page 720, which leadimport does not convert");
}

TEST(XlsReader, Excel2To4AreRefusedByName) {
  // Excel 2.x-4.0: a bare BIFF stream, no OLE2 container.
  std::string biff4 = rec(0x0409, std::string("\0\0\x10\0\0\0", 6)) + eof();
  FileError e = expect_file_error([&] { read_bytes(biff4); }, "unsupported_format");
  EXPECT_EQ(std::string(e.what()),
            "the file is an Excel 2.x-4.0 (BIFF2-4) worksheet, a format leadimport does not read");
  EXPECT_NE(e.hint().find("save it as .xlsx"), std::string::npos) << e.hint();
}

// --- number and date text (shared with the .xlsx reader) ----------------------

TEST(ExcelNumbers, NumberText) {
  using excel::number_text;
  EXPECT_EQ(number_text(14155551234.0), "14155551234");
  EXPECT_EQ(number_text(1.4155551234E10), "14155551234");
  EXPECT_EQ(number_text(442079460123.0), "442079460123");
  EXPECT_EQ(number_text(999999999999999.0), "999999999999999");  // 15 digits exactly
  EXPECT_EQ(number_text(36), "36");
  EXPECT_EQ(number_text(-0.0), "0");
  EXPECT_EQ(number_text(0.1), "0.1");
  EXPECT_EQ(number_text(0.1 + 0.2), "0.3");
  EXPECT_EQ(number_text(-2.5), "-2.5");
  EXPECT_EQ(number_text(1e20), "100000000000000000000");
  EXPECT_EQ(number_text(1e21), "1e+21");
  EXPECT_EQ(number_text(1e-7), "1e-07");
  EXPECT_EQ(number_text(123456789012345678.0), "123456789012346000");
}

TEST(ExcelNumbers, FormatCodes) {
  using excel::classify_format_code;
  using K = excel::NumberKind;
  EXPECT_EQ(classify_format_code("General"), K::number);
  EXPECT_EQ(classify_format_code("0.00E+00"), K::number);
  EXPECT_EQ(classify_format_code("#,##0.00;[Red]-#,##0.00"), K::number);
  EXPECT_EQ(classify_format_code("[Red]#,##0"), K::number);
  EXPECT_EQ(classify_format_code("\"Day \"0"), K::number);
  EXPECT_EQ(classify_format_code("0\\d"), K::number);
  EXPECT_EQ(classify_format_code("@"), K::number);
  EXPECT_EQ(classify_format_code("yyyy\\-mm\\-dd"), K::date);
  EXPECT_EQ(classify_format_code("[$-409]mmmm d, yyyy;@"), K::date);
  EXPECT_EQ(classify_format_code("mmm-yy"), K::date);
  EXPECT_EQ(classify_format_code("dd/mm/yyyy hh:mm"), K::datetime);
  EXPECT_EQ(classify_format_code("m/d/yy h:mm AM/PM"), K::datetime);
  EXPECT_EQ(classify_format_code("h:mm"), K::time);
  EXPECT_EQ(classify_format_code("mm:ss"), K::time);
  EXPECT_EQ(classify_format_code("h:mm AM/PM"), K::time);
  EXPECT_EQ(classify_format_code("[h]:mm:ss"), K::elapsed);
  // Issue 11: brackets, quotes, escapes and _x / *x pairs hold no date letters.
  EXPECT_EQ(classify_format_code("\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)"), K::number);
  EXPECT_EQ(classify_format_code("[Red]\\(\"$\"#,##0\\);\"$\"#,##0_)"), K::number);
  EXPECT_EQ(classify_format_code("[Color10]0.00"), K::number);
  EXPECT_EQ(classify_format_code("[$-409]#,##0"), K::number);
  EXPECT_EQ(classify_format_code("[<=9999999]###-####;(###) ###-####"), K::number);
  EXPECT_EQ(classify_format_code("_d0;*s0"), K::number);
  EXPECT_EQ(classify_format_code("0;[Red]\"days\"0"), K::number);
  EXPECT_EQ(classify_format_code("[h]:mm"), K::elapsed);
  EXPECT_EQ(classify_format_code("[mm]:ss"), K::elapsed);
  EXPECT_EQ(classify_format_code("[ss].00"), K::elapsed);
  EXPECT_EQ(classify_format_code("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"), K::date);
  EXPECT_EQ(classify_format_code("[$-409]h:mm:ss\\ AM/PM;@"), K::time);
  EXPECT_EQ(classify_format_code("[DBNum1][$-804]yyyy\"\xE5\xB9\xB4\"m\"\xE6\x9C\x88\""), K::date);
  EXPECT_EQ(excel::builtin_number_kind(14), K::date);
  EXPECT_EQ(excel::builtin_number_kind(22), K::datetime);
  EXPECT_EQ(excel::builtin_number_kind(20), K::time);
  EXPECT_EQ(excel::builtin_number_kind(46), K::elapsed);
  EXPECT_EQ(excel::builtin_number_kind(49), K::number);
  EXPECT_EQ(excel::builtin_number_kind(0), K::number);
}

TEST(ExcelNumbers, SerialDates) {
  using K = excel::NumberKind;
  auto text = [](double v, K k, bool d1904 = false) {
    std::string s;
    return excel::serial_to_text(v, k, d1904, s) ? s : std::string("<none>");
  };
  EXPECT_EQ(text(45306, K::date), "2024-01-15");
  EXPECT_EQ(text(45306.75, K::date), "2024-01-15");  // no time tokens: no time
  EXPECT_EQ(text(45306.75, K::datetime), "2024-01-15 18:00:00");
  EXPECT_EQ(text(45306, K::datetime), "2024-01-15");
  EXPECT_EQ(text(45306.999999999, K::datetime), "2024-01-16");  // rounds to midnight
  EXPECT_EQ(text(61, K::date), "1900-03-01");
  EXPECT_EQ(text(60, K::date), "1900-02-29");
  EXPECT_EQ(text(59, K::date), "1900-02-28");
  EXPECT_EQ(text(1, K::date), "1900-01-01");
  EXPECT_EQ(text(0, K::date), "<none>");
  EXPECT_EQ(text(0, K::date, true), "1904-01-01");
  EXPECT_EQ(text(43844, K::date, true), "2024-01-15");
  EXPECT_EQ(text(2958465, K::date), "9999-12-31");
  EXPECT_EQ(text(2958466, K::date), "<none>");
  EXPECT_EQ(text(-1, K::date), "<none>");
  EXPECT_EQ(text(0.5, K::time), "12:00:00");
  EXPECT_EQ(text(45306.5, K::time), "12:00:00");
  EXPECT_EQ(text(1.5, K::elapsed), "36:00:00");
}

}  // namespace
}  // namespace leadimport
