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

// The offset of the first BIFF record of `type` with payload length `len`.
size_t find_record(const std::string& bytes, uint16_t type, uint16_t len, size_t from = 0) {
  const char head[4] = {static_cast<char>(type & 0xFF), static_cast<char>(type >> 8),
                        static_cast<char>(len & 0xFF), static_cast<char>(len >> 8)};
  size_t at = bytes.find(std::string(head, 4), from);
  EXPECT_NE(at, std::string::npos);
  return at;
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

TEST(XlsReader, ImpossibleDimensionsRefusedBeforeFreeXL) {
  // FreeXL allocates rows x columns cells as DIMENSIONS says.
  std::string b = slurp(excel_fixture("leads_xlwt.xls"));
  size_t dim = find_record(b, 0x0200, 14) + 4;
  std::string too_many = b;
  put_u32(too_many, dim + 4, 70000);  // rwMac beyond BIFF8's 65,536 rows
  FileError e = expect_file_error([&] { read_bytes(too_many); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("claims 70000 rows"), std::string::npos) << e.what();
  std::string too_big = b;
  put_u32(too_big, dim + 4, 65536);
  too_big[dim + 10] = 0;  // colMac = 256
  too_big[dim + 11] = 1;
  double t =
      seconds([&] { e = expect_file_error([&] { read_bytes(too_big); }, "file_too_large"); });
  EXPECT_NE(std::string(e.what()).find("65536 rows by 256 columns"), std::string::npos);
  EXPECT_LT(t, time_budget(0.5));
}

TEST(XlsReader, DatePastYear9999RefusedBeforeFreeXL) {
  // FreeXL counts a date's days one by one: 500 million would take seconds,
  // and a sheet of them hours. Such a cell is refused up front.
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
  double t = seconds([&] {
    FileError e = expect_file_error([&] { read_bytes(b); }, "corrupt_file");
    EXPECT_EQ(std::string(e.what()), "cell E2 of sheet \"Leads\" is a date past the year 9999");
  });
  EXPECT_LT(t, time_budget(0.5));
}

TEST(XlsReader, TemporaryFileIsRemoved) {
  fs::path dir = fs::temp_directory_path() / "leadimport-xls-tmp-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", dir.c_str(), 1);
  std::string keep;
  Input in = excel_input("leads_xlwt.xls", true, keep);
  {
    auto src = open_xls(in, {});
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    Row r;
    EXPECT_TRUE(src->next(r));
  }
  EXPECT_TRUE(fs::is_empty(dir));
  // ... and when the file is refused after it was written.
  ReadOptions nope;
  nope.sheet = "Nope";
  expect_file_error([&] { open_xls(in, nope); }, "sheet_not_found");
  EXPECT_TRUE(fs::is_empty(dir));
  if (old)
    setenv("TMPDIR", saved.c_str(), 1);
  else
    unsetenv("TMPDIR");
  fs::remove_all(dir);
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
