// Unit tests of the streaming .xlsx reader on the fixtures in
// test/fixtures/excel (see make_fixtures.py there for what each holds) and on
// workbooks generated here with libzip.
#include "core/read/xlsx/xlsx_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/read/xlsx/xlsx_workbook.hpp"
#include "excel_test_util.hpp"

namespace leadimport {
namespace {

using namespace leadimport::testing;

std::vector<Row> read_xlsx(const std::string& name, bool in_memory, const std::string& sheet = "",
                           const XlsxLimits& limits = {}, size_t max_cell_bytes = 1 << 20) {
  std::string keep;
  Input in = excel_input(name, in_memory, keep);
  ReadOptions opts;
  opts.sheet = sheet;
  opts.max_cell_bytes = max_cell_bytes;
  auto src = open_xlsx(in, opts, limits);
  return drain(*src);
}

// The lead rows every library-made fixture holds (see make_fixtures.py).
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

// rules.xlsx's first sheet ("Leads"), read once per input kind.
const Row& rules_row(int64_t number, bool in_memory = false) {
  static std::vector<Row> by_path = read_xlsx("rules.xlsx", false);
  static std::vector<Row> by_memory = read_xlsx("rules.xlsx", true);
  for (const Row& r : in_memory ? by_memory : by_path)
    if (r.number == number) return r;
  static Row none;
  ADD_FAILURE() << "no row " << number;
  return none;
}

// --- workbooks written here --------------------------------------------------

const char* kWorkbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
const char* kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/></Relationships>";

using Parts = std::vector<std::pair<std::string, std::string>>;

// A temporary .xlsx: one sheet holding `sheet_data` (the inside of
// <sheetData>), or exactly the zip entries given.
class GeneratedXlsx {
 public:
  explicit GeneratedXlsx(const std::string& sheet_data)
      : GeneratedXlsx(Parts{{"xl/workbook.xml", kWorkbook},
                            {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                            {"xl/worksheets/sheet1.xml", sheet_xml(sheet_data)}}) {}
  explicit GeneratedXlsx(const Parts& parts) {
    char tmpl[] = "/tmp/leadimport-xlsx-test-XXXXXX";
    int fd = mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
    int err = 0;
    zip_t* z = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    EXPECT_NE(z, nullptr);
    for (const auto& [name, data] : parts) add(z, name, data);
    EXPECT_EQ(zip_close(z), 0);  // writes and deflates; the data must live until here
  }
  ~GeneratedXlsx() { std::remove(path_.c_str()); }
  Input input() const {
    Input in;
    in.path = path_;
    return in;
  }
  static std::string sheet_xml(
      const std::string& sheet_data,
      const std::string& ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main") {
    return "<worksheet xmlns=\"" + ns + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>";
  }

 private:
  void add(zip_t* z, const std::string& name, const std::string& data) {
    keep_.push_back(data);
    zip_source_t* src = zip_source_buffer(z, keep_.back().data(), keep_.back().size(), 0);
    zip_int64_t i = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_RAW);
    EXPECT_GE(i, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i), ZIP_CM_DEFLATE, 1);
  }
  std::string path_;
  std::deque<std::string> keep_{};  // zip_close reads the buffers; a deque never moves them
};

std::string col_name(int c) {
  std::string s;
  for (int n = c + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

// --- every cell rule (rules.xlsx) --------------------------------------------

TEST(XlsxReader, SharedStringsInlineStringsAndRichTextRuns) {
  EXPECT_EQ(rules_row(1).cells, (Cells{"phone_number", "customer_name", "age", "vip", "signup"}));
  EXPECT_EQ(rules_row(2).cells[1], "Ada Lovelace");   // shared, rich text runs joined
  EXPECT_EQ(rules_row(3).cells[0], "+442079460123");  // inline string
  EXPECT_EQ(rules_row(3).cells[1], "Grace Hopper");   // inline rich text runs joined
  EXPECT_EQ(rules_row(8).cells[0], "x");              // inline string in a cell without r
}

TEST(XlsxReader, PhoneticRunsWhitespaceAndEscapes) {
  const Row& r = rules_row(12);
  EXPECT_EQ(r.cells[2], "\xE6\x9D\xB1\xE4\xBA\xAC");      // 東京 without its <rPh> reading
  EXPECT_EQ(r.cells[3], " padded ");                      // xml:space="preserve" kept
  EXPECT_EQ(r.cells[4], "line\r\nbreak _x000D_ & <ok>");  // _x000D_ decoded, _x005F_ escapes
}

TEST(XlsxReader, BooleansErrorsAndFormulaStrings) {
  EXPECT_EQ(rules_row(2).cells[3], "TRUE");
  EXPECT_EQ(rules_row(3).cells[3], "FALSE");
  EXPECT_EQ(rules_row(6).cells[2], "29");     // t="str": the formula's cached result
  EXPECT_EQ(rules_row(6).cells[3], "");       // t="e" #N/A → empty
  EXPECT_EQ(rules_row(12).cells.size(), 5u);  // F12: a formula with no cached value → nothing
}

TEST(XlsxReader, NumbersPhonesAsDigitsIntegersWithoutPointZero) {
  EXPECT_EQ(rules_row(2).cells[0], "14155551234");
  EXPECT_EQ(rules_row(2).cells[2], "36");
  EXPECT_EQ(rules_row(3).cells[2], "45");           // 4.5E1
  EXPECT_EQ(rules_row(6).cells[0], "12345");        // 1.2345E4
  EXPECT_EQ(rules_row(7).cells[0], "14155551234");  // 1.4155551234E10
  EXPECT_EQ(rules_row(7).cells[2], "0.1");
  EXPECT_EQ(rules_row(7).cells[4], "2024");    // "Year "0: tokens in quotes are no date
  EXPECT_EQ(rules_row(8).cells[1], "0");       // -0
  EXPECT_EQ(rules_row(8).cells[2], "1234.5");  // [Red]#,##0.00: the d of Red is no date
  EXPECT_EQ(rules_row(8).cells[4], "7");       // @ (text) format
  const Row& r = rules_row(11);
  EXPECT_EQ(r.cells[0], "0.3");                 // 0.30000000000000004: 15 digits, like Excel
  EXPECT_EQ(r.cells[1], "123456789012346000");  // 18 digits rounded to 15, no exponent
  EXPECT_EQ(r.cells[2], "1e+21");
  EXPECT_EQ(r.cells[3], "-2.5");
}

TEST(XlsxReader, DatesByNumberFormat) {
  EXPECT_EQ(rules_row(2).cells[4], "2024-01-15");           // built-in 14
  EXPECT_EQ(rules_row(3).cells[4], "2023-11-30 13:45:00");  // custom dd/mm/yyyy\ hh:mm
  EXPECT_EQ(rules_row(6).cells[4], "2024-03-01");           // custom yyyy\-mm\-dd
  EXPECT_EQ(rules_row(8).cells[3], "36:00:00");             // [h]:mm:ss, 1.5 days
  const Row& r = rules_row(11);
  EXPECT_EQ(r.cells[4], "2024-01-15");  // built-in 22 (m/d/yy h:mm) with no time part
  EXPECT_EQ(r.cells[5], "18:00:00");    // built-in 20 (h:mm)
  EXPECT_EQ(r.cells[6], "1900-02-29");  // serial 60: Excel's (Lotus's) leap day
  EXPECT_EQ(r.cells[7], "1900-02-28");
  EXPECT_EQ(r.cells[8], "1900-01-01");
  EXPECT_EQ(rules_row(12).cells[0], "2024-01-15");           // t="d"
  EXPECT_EQ(rules_row(12).cells[1], "2024-01-15 08:30:00");  // t="d" with a time
}

TEST(XlsxReader, SkippedCellsAndRowGapsKeepTheSheetsNumbers) {
  std::vector<int64_t> numbers;
  for (const Row& r : read_xlsx("rules.xlsx", false)) numbers.push_back(r.number);
  // 4, 5, 9 are absent; 8 is a <row> without r; 10 holds only styled empty cells.
  EXPECT_EQ(numbers, (std::vector<int64_t>{1, 2, 3, 6, 7, 8, 11, 12}));
  EXPECT_EQ(rules_row(7).cells, (Cells{"14155551234", "", "0.1", "", "2024"}));  // B7, D7 absent
  EXPECT_EQ(rules_row(8).cells, (Cells{"x", "0", "1234.5", "36:00:00", "7"}));   // cells without r
}

TEST(XlsxReader, PathAndMemoryReadTheSame) {
  for (int64_t n : {1, 2, 3, 6, 7, 8, 11, 12})
    EXPECT_EQ(rules_row(n, false).cells, rules_row(n, true).cells) << "row " << n;
  EXPECT_EQ(read_xlsx("leads_openpyxl.xlsx", true).size(), 5u);
}

TEST(XlsxReader, Date1904AndPrefixedElements) {
  for (bool mem : {false, true})
    expect_rows(read_xlsx("date1904.xlsx", mem),
                {{1, {"1904-01-01", "2024-01-15", "2024-01-15 06:00:00"}}});
}

TEST(XlsxReader, LibraryMadeWorkbook) {
  for (bool mem : {false, true}) expect_rows(read_xlsx("leads_openpyxl.xlsx", mem), kLeads);
}

TEST(XlsxReader, LibreOfficeMadeWorkbook) {
  for (bool mem : {false, true}) expect_rows(read_xlsx("leads_libreoffice.xlsx", mem), kLeads);
}

// --- sheet selection ---------------------------------------------------------

TEST(XlsxReader, SheetByNameCaseAndNumber) {
  const std::vector<std::pair<int64_t, Cells>> other = {{1, {"phone_number", "customer_name"}},
                                                        {2, {"16505550100", "Other Person"}}};
  for (const char* sheet : {"Other", "other", "OTHER", "2"})
    expect_rows(read_xlsx("rules.xlsx", false, sheet), other);
  for (const char* sheet : {"Other", "2"}) {
    expect_rows(read_xlsx("leads_openpyxl.xlsx", true, sheet), other);
    expect_rows(read_xlsx("leads_libreoffice.xlsx", false, sheet), other);
  }
  // Workbook order, not part names or sheetIds: Leads is sheet2.xml, sheetId 5.
  EXPECT_EQ(read_xlsx("rules.xlsx", false, "1")[0].cells[0], "phone_number");
  EXPECT_EQ(read_xlsx("rules.xlsx", false, "1").size(), 8u);
  EXPECT_EQ(read_xlsx("rules.xlsx", false, "Leads").size(), 8u);
}

TEST(XlsxReader, UnknownSheetListsTheNames) {
  for (const char* sheet : {"Nope", "0", "3", "-1"}) {
    FileError e =
        expect_file_error([&] { read_xlsx("rules.xlsx", false, sheet); }, "sheet_not_found");
    EXPECT_EQ(std::string(e.what()), "the workbook has no sheet \"" + std::string(sheet) + "\"");
    EXPECT_NE(e.hint().find("1 \"Leads\", 2 \"Other\""), std::string::npos) << e.hint();
  }
}

TEST(XlsxReader, RelationshipTargets) {
  using xlsx::resolve_target;
  EXPECT_EQ(resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/workbook.xml", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml");
  EXPECT_EQ(resolve_target("xl/workbook.xml", "../xl/./a%20b.xml"), "xl/a b.xml");
  EXPECT_EQ(resolve_target("", "xl/workbook.xml"), "xl/workbook.xml");
}

// --- limits and hostile files ------------------------------------------------

TEST(XlsxReader, ZipBombRefusedByDeclaredSizes) {
  // 260 KB declaring 256 MiB of sheet: refused before inflating anything.
  for (bool mem : {false, true}) {
    double t = seconds([&] {
      FileError e = expect_file_error([&] { read_xlsx("bomb.xlsx", mem); }, "file_too_large");
      EXPECT_NE(std::string(e.what()).find("zip bomb"), std::string::npos) << e.what();
    });
    EXPECT_LT(t, time_budget(0.5));
  }
}

TEST(XlsxReader, ZipBombWithLyingHeadersRefusedWhileInflating) {
  // The same entry claiming 2x its compressed size: the declared check
  // passes, the count of what really inflates stops it at 512 KB.
  for (bool mem : {false, true}) {
    double t = seconds([&] {
      FileError e = expect_file_error([&] { read_xlsx("bomb_lying.xlsx", mem); }, "corrupt_file");
      EXPECT_NE(std::string(e.what()).find("more than the 522082 bytes its zip header declares"),
                std::string::npos)
          << e.what();
    });
    EXPECT_LT(t, time_budget(0.5));
  }
}

TEST(XlsxReader, TotalInflatedBudget) {
  XlsxLimits lim;
  lim.max_inflated_bytes = 4000;  // each part of rules.xlsx is smaller; together they are not
  FileError e =
      expect_file_error([&] { read_xlsx("rules.xlsx", false, "", lim); }, "file_too_large");
  EXPECT_NE(std::string(e.what()).find("inflates to more than the limit"), std::string::npos)
      << e.what();
  lim.max_inflated_bytes = 1000;  // the sheet alone declares more
  expect_file_error([&] { read_xlsx("rules.xlsx", false, "", lim); }, "file_too_large");
}

TEST(XlsxReader, BillionLaughsRefused) {
  for (bool mem : {false, true}) {
    double t = seconds([&] {
      FileError e =
          expect_file_error([&] { read_xlsx("billion_laughs.xlsx", mem); }, "corrupt_file");
      EXPECT_NE(std::string(e.what()).find("xl/worksheets/sheet2.xml contains a DOCTYPE"),
                std::string::npos)
          << e.what();
    });
    EXPECT_LT(t, time_budget(0.5));
  }
}

TEST(XlsxReader, ExternalEntityRefused) {
  FileError e = expect_file_error([&] { read_xlsx("external_entity.xlsx", true); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("xl/sharedStrings.xml contains a DOCTYPE"),
            std::string::npos)
      << e.what();
}

TEST(XlsxReader, UndeclaredEntityIsMalformedXml) {
  GeneratedXlsx x("<row r=\"1\"><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>");
  FileError e = expect_file_error([&] { drain(*open_xlsx(x.input(), {})); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("not well-formed XML (line 1: undefined entity)"),
            std::string::npos)
      << e.what();
}

TEST(XlsxReader, TruncatedCorruptAndIncompleteArchives) {
  for (bool mem : {false, true}) {
    FileError e = expect_file_error([&] { read_xlsx("truncated.xlsx", mem); }, "corrupt_file");
    EXPECT_NE(std::string(e.what()).find("not a valid zip archive"), std::string::npos);
    e = expect_file_error([&] { read_xlsx("corrupt_deflate.xlsx", mem); }, "corrupt_file");
    EXPECT_NE(std::string(e.what()).find("xl/worksheets/sheet2.xml is damaged"), std::string::npos)
        << e.what();
    e = expect_file_error([&] { read_xlsx("missing_workbook.xlsx", mem); }, "corrupt_file");
    EXPECT_NE(std::string(e.what()).find("xl/workbook.xml is missing"), std::string::npos);
  }
  Input empty;
  empty.data = "";
  empty.size = 0;
  expect_file_error([&] { open_xlsx(empty, {}); }, "corrupt_file");
  Input missing;
  missing.path = "/nonexistent/leads.xlsx";
  expect_file_error([&] { open_xlsx(missing, {}); }, "file_unreadable");
}

TEST(XlsxReader, MillionEmptyStyledCellsWithoutRefsLookLikeABomb) {
  // 1,000 rows of 1,000 <c s="1"/>: 10 MB of markup in 27 KB (416:1).
  double t = seconds([] {
    expect_file_error([] { read_xlsx("empty_styled_cells.xlsx", true); }, "file_too_large");
  });
  EXPECT_LT(t, time_budget(1));
  // Past the ratio limit the parser itself is fast and allocates nothing for
  // empty cells: the only row is the last one.
  XlsxLimits lim;
  lim.max_compression_ratio = 2000;
  std::vector<Row> rows;
  size_t heap_before = heap_in_use();
  t = seconds([&] { rows = read_xlsx("empty_styled_cells.xlsx", true, "", lim); });
  EXPECT_LT(t, time_budget(3));
  EXPECT_LT(heap_in_use() - std::min(heap_in_use(), heap_before), size_t{1} << 20);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 1001);
  EXPECT_EQ(rows[0].cells, Cells{"last"});
}

TEST(XlsxReader, MillionEmptyStyledCellsAsExcelWritesThem) {
  // With r="..." on every cell (as Excel writes them) it compresses ~8:1 and
  // passes the limits: fast, flat, and only the row with a value comes out.
  std::string data;
  data.reserve(21 << 20);
  for (int r = 1; r <= 1000; ++r) {
    data += "<row r=\"" + std::to_string(r) + "\">";
    for (int c = 0; c < 1000; ++c)
      data += "<c r=\"" + col_name(c) + std::to_string(r) + "\" s=\"3\"/>";
    data += "</row>";
  }
  data += "<row r=\"1001\"><c r=\"XFD1001\"><v>7</v></c></row>";
  GeneratedXlsx x(data);
  data = std::string();
  size_t heap_before = heap_in_use(), heap_peak = heap_before;
  std::vector<Row> rows;
  double t = seconds([&] {
    auto src = open_xlsx(x.input(), {});
    Row r;
    while (src->next(r)) {
      rows.push_back(r);
      heap_peak = std::max(heap_peak, heap_in_use());
    }
  });
  EXPECT_LT(t, time_budget(3));
  EXPECT_LT(heap_peak - heap_before, size_t{2} << 20);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 1001);
  ASSERT_EQ(rows[0].cells.size(), 16384u);  // XFD is column 16384
  EXPECT_EQ(rows[0].cells.back(), "7");
}

TEST(XlsxReader, MemoryStaysFlatAsTheSheetGrows) {
  // 200,000 rows of five cells (~25 MB of XML): live heap while reading stays
  // within a few hundred KB of where it started.
  std::string data;
  data.reserve(30 << 20);
  for (int r = 1; r <= 200000; ++r) {
    std::string n = std::to_string(r);
    data += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>1415555" + n + "</v></c><c r=\"B" + n +
            "\" t=\"inlineStr\"><is><t>Customer " + n + "</t></is></c><c r=\"C" + n +
            "\"><v>42</v></c><c r=\"D" + n + "\" t=\"b\"><v>1</v></c><c r=\"E" + n +
            "\" t=\"e\"><v>#N/A</v></c></row>";
  }
  GeneratedXlsx x(data);
  data = std::string();
  size_t heap_before = heap_in_use(), heap_peak = heap_before;
  size_t count = 0;
  Row last;
  auto src = open_xlsx(x.input(), {});
  Row r;
  while (src->next(r)) {
    ++count;
    if (count % 1000 == 0) heap_peak = std::max(heap_peak, heap_in_use());
    last = r;
  }
  EXPECT_EQ(count, 200000u);
  EXPECT_EQ(last.number, 200000);
  EXPECT_EQ(last.cells, (Cells{"1415555200000", "Customer 200000", "42", "TRUE"}));
  EXPECT_LT(heap_peak - heap_before, size_t{1} << 20);
}

TEST(XlsxReader, HugeXmlTokenRefused) {
  std::string big(3 << 20, 'a');
  GeneratedXlsx x("<row r=\"1\" junk=\"" + big + "\"><c><v>1</v></c></row>");
  XlsxLimits lim;
  lim.max_xml_token_bytes = 1 << 20;
  FileError e = expect_file_error([&] { drain(*open_xlsx(x.input(), {}, lim)); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("XML tag larger than 1 MiB"), std::string::npos) << e.what();
}

TEST(XlsxReader, ExcelRowAndColumnLimits) {
  {
    GeneratedXlsx x("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>");
    auto rows = drain(*open_xlsx(x.input(), {}));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].number, 1048576);
  }
  GeneratedXlsx row("<row r=\"1048577\"><c><v>1</v></c></row>");
  FileError e = expect_file_error([&] { drain(*open_xlsx(row.input(), {})); }, "corrupt_file");
  EXPECT_EQ(std::string(e.what()), "the sheet has an invalid row number \"1048577\"");
  // Past Excel's 16,384 columns: too_many_columns, by reference or by count.
  GeneratedXlsx col("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>");
  e = expect_file_error([&] { drain(*open_xlsx(col.input(), {})); }, "too_many_columns");
  EXPECT_EQ(std::string(e.what()), "row 1 has more than 16384 columns");
  GeneratedXlsx bad("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>");
  e = expect_file_error([&] { drain(*open_xlsx(bad.input(), {})); }, "corrupt_file");
  EXPECT_EQ(std::string(e.what()), "the sheet has an invalid cell reference \"1A\"");
  std::string cells;
  for (int i = 0; i < 16385; ++i) cells += "<c/>";
  GeneratedXlsx wide("<row r=\"1\">" + cells + "</row>");
  e = expect_file_error([&] { drain(*open_xlsx(wide.input(), {})); }, "too_many_columns");
  EXPECT_EQ(std::string(e.what()), "row 1 has more than 16384 columns");
  EXPECT_NE(e.hint().find("16384 columns (Excel's own limit)"), std::string::npos) << e.hint();
}

TEST(XlsxReader, RowsAndCellsWithoutReferences) {
  GeneratedXlsx x(
      "<row><c><v>1</v></c></row>"
      "<row r=\"5\"><c r=\"C5\"><v>2</v></c><c><v>3</v></c></row>"
      "<row><c r=\"B9\"><v>4</v></c></row>"  // a row without r takes its cells' number
      "<row><c><v>5</v></c></row>");
  auto rows = drain(*open_xlsx(x.input(), {}));
  expect_rows(rows, {{1, {"1"}}, {5, {"", "", "2", "3"}}, {9, {"", "4"}}, {10, {"5"}}});
}

TEST(XlsxReader, SharedStringIndexOutOfRange) {
  GeneratedXlsx x("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>0</v></c></row>");
  FileError e = expect_file_error([&] { drain(*open_xlsx(x.input(), {})); }, "corrupt_file");
  EXPECT_EQ(std::string(e.what()), "cell B3 refers to shared string \"0\", but the workbook has 0");
}

TEST(XlsxReader, CellRowAndOutputLimits) {
  // "customer_name" (B1) is the first cell over 12 bytes.
  FileError e =
      expect_file_error([] { read_xlsx("rules.xlsx", false, "", {}, 12); }, "cell_too_large");
  EXPECT_EQ(std::string(e.what()), "cell B1 holds more than 12 bytes");
  GeneratedXlsx inl(
      "<row r=\"4\"><c r=\"D4\" t=\"inlineStr\"><is><t>0123456789abc</t></is></c></row>");
  ReadOptions small;
  small.max_cell_bytes = 12;
  e = expect_file_error([&] { drain(*open_xlsx(inl.input(), small)); }, "cell_too_large");
  EXPECT_EQ(std::string(e.what()), "cell D4 holds more than 12 bytes");

  ReadOptions narrow;
  narrow.max_row_bytes = 36;  // row 1's five headers hold 37 bytes
  std::string keep;
  Input rules = excel_input("rules.xlsx", false, keep);
  e = expect_file_error([&] { drain(*open_xlsx(rules, narrow)); }, "row_too_large");
  EXPECT_EQ(std::string(e.what()), "row 1 holds more than 36 bytes of text");
  XlsxLimits lim;
  lim.max_output_bytes = 60;  // rows 1 and 2 hold 37 + 40 bytes
  expect_file_error([&] { read_xlsx("rules.xlsx", false, "", lim); }, "file_too_large");
  lim = {};
  lim.max_shared_strings = 5;  // rules.xlsx has 10
  expect_file_error([&] { read_xlsx("rules.xlsx", false, "", lim); }, "file_too_large");
  lim = {};
  lim.max_shared_string_bytes = 40;
  expect_file_error([&] { read_xlsx("rules.xlsx", false, "", lim); }, "file_too_large");
}

// --- what real files hold (issue 11) ----------------------------------------

const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook of these sheets (name, inside of <sheetData>); `workbook_extra`
// goes into workbook.xml before <sheets>, `styles` is xl/styles.xml.
Parts workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                     const std::string& workbook_extra = "", const std::string& styles = "") {
  std::string wb = std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\">" +
                   workbook_extra + "<sheets>";
  std::string rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  Parts parts;
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    wb += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel +
            "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml",
                       GeneratedXlsx::sheet_xml(sheets[i].second));
  }
  if (!styles.empty()) {
    rels += std::string("<Relationship Id=\"rIdS\" Type=\"") + kRel +
            "/styles\" Target=\"styles.xml\"/>";
    parts.emplace_back("xl/styles.xml", styles);
  }
  parts.emplace_back("xl/workbook.xml", wb + "</sheets></workbook>");
  parts.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
  return parts;
}

// xl/styles.xml whose cellXfs are these numFmtIds (s="0", s="1"...);
// `inside` goes into <styleSheet> after them.
std::string styles_xml(const std::vector<int>& xf_formats, const std::string& num_fmts = "",
                       const std::string& inside = "") {
  std::string s = std::string("<styleSheet xmlns=\"") + kMain + "\">" + num_fmts + "<cellXfs>";
  for (int id : xf_formats) s += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
  return s + "</cellXfs>" + inside + "</styleSheet>";
}

TEST(XlsxReader, Date1904NotResetByExtensionWorkbookPr) {
  // Excel 2010+ writes <x15:workbookPr chartTrackingRefBase="1"/> in an
  // extension list after the real one (SheetJS 1904/1904.xlsx, csvkit
  // sheets.xlsx): it used to reset date1904, every date 4 years and a day early.
  const std::string ext =
      "<workbookPr date1904=\"1\"/>"
      "<extLst><ext uri=\"{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}\" "
      "xmlns:x15=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main\">"
      "<x15:workbookPr chartTrackingRefBase=\"1\"/></ext></extLst>";
  GeneratedXlsx x(workbook_parts({{"S",
                                   "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c>"
                                   "<c r=\"B1\" s=\"1\"><v>43478</v></c></row>"}},
                                 ext, styles_xml({0, 14})));
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"1904-01-02", "2023-01-14"}}});
  // And the reverse: an extension element saying date1904 doesn't set it.
  GeneratedXlsx y(workbook_parts(
      {{"S", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c></row>"}},
      "<x15:workbookPr xmlns:x15=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main\""
      " date1904=\"1\"/>",
      styles_xml({0, 14})));
  expect_rows(drain(*open_xlsx(y.input(), {})), {{1, {"1900-01-01"}}});
}

TEST(XlsxReader, ForeignElementsAndAttributesAreSkipped) {
  // Another namespace's <c>, <v> or r= is not the main one's, and nothing
  // inside a foreign element is read.
  GeneratedXlsx x(
      "<row r=\"1\" xmlns:q=\"urn:example\"><c r=\"A1\" q:r=\"C1\"><v>1</v></c>"
      "<q:c r=\"B1\"><v>2</v></q:c><c r=\"D1\"><q:v>3</q:v></c></row>");
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"1"}}});
  // A prefix bound to no namespace is not XML (openpyxl refuses it too).
  GeneratedXlsx bad("<row r=\"1\"><x:c r=\"A1\"><v>1</v></x:c></row>");
  FileError e = expect_file_error([&] { drain(*open_xlsx(bad.input(), {})); }, "corrupt_file");
  EXPECT_NE(std::string(e.what()).find("unbound prefix"), std::string::npos) << e.what();
}

TEST(XlsxReader, StrictOoxmlNamespaces) {
  // ISO 29500 strict: other namespace URIs for the same elements.
  const std::string main = "http://purl.oclc.org/ooxml/spreadsheetml/main";
  const std::string rel = "http://purl.oclc.org/ooxml/officeDocument/relationships";
  GeneratedXlsx x(Parts{
      {"_rels/.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"" +
           rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml",
       "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel +
           "\" conformance=\"strict\"><workbookPr date1904=\"1\"/><sheets>"
           "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId1\" Type=\"" +
           rel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
           rel +
           "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" +
           rel + "/styles\" Target=\"styles.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml", "<sst xmlns=\"" + main + "\"><si><t>Ada</t></si></sst>"},
      {"xl/styles.xml", "<styleSheet xmlns=\"" + main +
                            "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
                            "</styleSheet>"},
      {"xl/worksheets/sheet1.xml",
       GeneratedXlsx::sheet_xml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                "<c r=\"B1\" s=\"1\"><v>1</v></c></row>",
                                main)}});
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"Ada", "1904-01-02"}}});
}

TEST(XlsxReader, EmptySharedStringIndexIsAnEmptyCell) {
  // <c t="s"><v/></c> (calamine's empty_shared_string_value.xlsx) used to
  // fail the file as corrupt_file.
  GeneratedXlsx x(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v/></c><c r=\"B1\" t=\"s\"><v></v></c>"
      "<c r=\"C1\" t=\"s\"><v> </v></c><c r=\"D1\"><v>4</v></c></row>");
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"", "", "", "4"}}});
}

TEST(XlsxReader, InlineStringWinsOverAValue) {
  // calamine's inlineStr_with_value.xlsx: <is><t>1.</t></is><v>1.0</v> was
  // read "1.1.0"; Excel, openpyxl and calamine read the inline string.
  GeneratedXlsx x(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>1.</t></is><v>1.0</v></c>"
      "<c r=\"B1\" t=\"inlineStr\"><v>7</v><is><t>b</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><v>only v</v></c>"  // no <is>: empty, as openpyxl reads it
      "<c r=\"D1\"><is><t>no t</t></is></c></row>");   // <is> without t="inlineStr"
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"1.", "b", "", "no t"}}});
}

TEST(XlsxReader, IsoDateCellsFollowTheirNumberFormat) {
  // t="d" with a date-only format was "2024-01-15 08:30:00"; the format
  // decides, as for a serial number.
  GeneratedXlsx x(
      workbook_parts({{"S",
                       "<row r=\"1\"><c r=\"A1\" t=\"d\" s=\"1\"><v>2024-01-15T08:30:00Z</v></c>"
                       "<c r=\"B1\" t=\"d\" s=\"2\"><v>2024-01-15T08:30:00</v></c>"
                       "<c r=\"C1\" t=\"d\" s=\"3\"><v>2024-01-15T08:30:00</v></c>"
                       "<c r=\"D1\" t=\"d\"><v>2024-01-15T08:30:00</v></c>"
                       "<c r=\"E1\" t=\"d\" s=\"2\"><v>2024-01-15</v></c>"
                       "<c r=\"F1\" t=\"d\" s=\"1\"><v>10:10:10</v></c>"
                       "<c r=\"G1\" t=\"d\"><v>2024-01-15T08:30Z</v></c></row>"}},
                     "", styles_xml({0, 14, 21, 22})));
  expect_rows(drain(*open_xlsx(x.input(), {})),
              {{1,
                {"2024-01-15", "08:30:00", "2024-01-15 08:30:00", "2024-01-15 08:30:00", "00:00:00",
                 "10:10:10", "2024-01-15 08:30:00"}}});
}

TEST(XlsxReader, DifferentialFormatsDontMakeDates) {
  // A conditional format's <dxf><numFmt> reusing id 164 with a date code
  // made the cells of numFmts' 164 ("0.00") dates.
  GeneratedXlsx x(workbook_parts(
      {{"S", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45306</v></c></row>"}}, "",
      styles_xml({0, 164}, "<numFmts><numFmt numFmtId=\"164\" formatCode=\"0.00\"/></numFmts>",
                 "<dxfs><dxf><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></dxf></dxfs>")));
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"45306"}}});
}

TEST(XlsxReader, EntriesWithWindowsSeparators) {
  // calamine's issue_530.xlsx stores "xl\workbook.xml": it was "no workbook".
  Parts parts;
  for (auto& [name, data] : workbook_parts({{"S", "<row r=\"1\"><c><v>5</v></c></row>"}})) {
    std::string n = name;
    for (char& c : n)
      if (c == '/') c = '\\';
    parts.emplace_back(n, data);
  }
  GeneratedXlsx x(parts);
  expect_rows(drain(*open_xlsx(x.input(), {})), {{1, {"5"}}});
}

TEST(XlsxReader, FirstSheetWithDataWhenNoneIsNamed) {
  // An empty first sheet (a blank cover tab, only styled cells) with the
  // leads on sheet 2 read as "the file is empty".
  GeneratedXlsx x(workbook_parts({{"Cover", ""},
                                  {"Styled", "<row r=\"1\"><c r=\"A1\" s=\"0\"/></row>"},
                                  {"Leads", "<row r=\"2\"><c r=\"B2\"><v>1</v></c></row>"},
                                  {"Later", "<row r=\"1\"><c><v>9</v></c></row>"}}));
  expect_rows(drain(*open_xlsx(x.input(), {})), {{2, {"", "1"}}});
  // A sheet named explicitly is read even when empty (the import says so).
  ReadOptions cover;
  cover.sheet = "Cover";
  EXPECT_TRUE(drain(*open_xlsx(x.input(), cover)).empty());
  // Every sheet empty: one message naming them.
  GeneratedXlsx none(
      workbook_parts({{"A", ""}, {"B", "<row r=\"1\"><c r=\"A1\" t=\"e\"><v>#N/A</v></c></row>"}}));
  FileError e = expect_file_error([&] { open_xlsx(none.input(), {}); }, "empty_file");
  EXPECT_EQ(std::string(e.what()), "the file has no data in any sheet (sheets: \"A\", \"B\")");
}

TEST(XlsxReader, EmptySheetScanIsBounded) {
  // 5,000 sheets sharing one empty part: the part is read once, and the
  // message names the first 20.
  std::string wb =
      std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\"><sheets>";
  std::string rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (int i = 1; i <= 5000; ++i) {
    std::string n = std::to_string(i);
    wb += "<sheet name=\"S" + n + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel +
            "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
  }
  GeneratedXlsx x(Parts{{"xl/workbook.xml", wb + "</sheets></workbook>"},
                        {"xl/_rels/workbook.xml.rels", rels + "</Relationships>"},
                        {"xl/worksheets/sheet1.xml", GeneratedXlsx::sheet_xml("")}});
  double t = seconds([&] {
    FileError e = expect_file_error([&] { open_xlsx(x.input(), {}); }, "empty_file");
    EXPECT_NE(std::string(e.what()).find("\"S19\", \"S20\", ...)"), std::string::npos) << e.what();
  });
  EXPECT_LT(t, time_budget(1));
}

}  // namespace
}  // namespace leadimport
