#include <gtest/gtest.h>

#include "core/check/row_check.hpp"
#include "core/report/csv_writer.hpp"
#include "core/report/error_report.hpp"
#include "core/report/sample_file.hpp"

using namespace leadimport;

TEST(Report, NeutralizesWhatASpreadsheetWouldRun) {
  EXPECT_EQ(neutralize_formula("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(neutralize_formula("@cmd"), "'@cmd");
  EXPECT_EQ(neutralize_formula("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(neutralize_formula("-x"), "'-x");
  EXPECT_EQ(neutralize_formula("\tx"), "'\tx");
  EXPECT_EQ(neutralize_formula("\rx"), "'\rx");
}

// Issue 9: a sign followed by a digit was taken for data.
TEST(Report, NeutralizesFormulasThatStartLikeNumbers) {
  EXPECT_EQ(neutralize_formula("-1+cmd|' /C calc'!A0"), "'-1+cmd|' /C calc'!A0");
  EXPECT_EQ(neutralize_formula("+1+HYPERLINK(\"http://x\")"), "'+1+HYPERLINK(\"http://x\")");
  EXPECT_EQ(neutralize_formula("-2+3"), "'-2+3");
  EXPECT_EQ(neutralize_formula("+1 415 555 2671"), "'+1 415 555 2671");
  EXPECT_EQ(neutralize_formula("-12."), "'-12.");
  EXPECT_EQ(neutralize_formula("+"), "'+");
}

TEST(Report, LeavesDataAlone) {
  EXPECT_EQ(neutralize_formula("+14155552671"), "+14155552671");
  EXPECT_EQ(neutralize_formula("-12.5"), "-12.5");
  EXPECT_EQ(neutralize_formula("12"), "12");
  EXPECT_EQ(neutralize_formula("Ada"), "Ada");
  EXPECT_EQ(neutralize_formula(""), "");
}

TEST(Report, QuotesLikeRfc4180) {
  CsvWriter w;
  w.cell("plain");
  w.cell("a,b");
  w.cell("say \"hi\"");
  w.cell("two\nlines");
  w.cell(" padded ");
  w.end_row();
  EXPECT_EQ(w.text(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \"\r\n");
}

TEST(Report, OneLinePerRowWithEveryProblem) {
  ErrorReport r({"Phone", "Name"});
  r.add_row(3, R"j(["12", "=evil()"])j",
            {{"Phone", "phone_too_short", "too short", "Add digits."},
             {"Name", "too_long", "long", "Shorten it."}});
  EXPECT_EQ(r.take(),
            "Phone,Name,error_row,error_column,error_code,error_message,how_to_fix\r\n"
            "12,'=evil(),3,Phone; Name,phone_too_short; too_long,too short; long,Add digits. "
            "Shorten it.\r\n");
}

TEST(Report, MissingCellsAreEmpty) {
  ErrorReport r({"Phone", "Name"});
  r.add_row(2, R"(["x"])", {{"", "extra_cells", "m", ""}});
  EXPECT_EQ(r.take(),
            "Phone,Name,error_row,error_column,error_code,error_message,how_to_fix\r\n"
            "x,,2,,extra_cells,m,\r\n");
}

// Issue 10: row_data is the row's cells by position, so two columns with
// the same name in the file (renamed "Name (2)") keep their own cells.
// Issue 11: cells beyond the header are kept, in columns named as an unnamed
// header column would be (column_N); they were dropped from the report.
TEST(Report, CellsByPositionBeyondTheHeaderKept) {
  ErrorReport r({"Phone", "Name", "Name (2)"}, 5);
  r.add_row(4, R"(["+1", "a", "b", "stray", "more"])", {{"", "extra_cells", "m", ""}});
  r.add_row(5, R"(["x"])", {{"Phone", "phone_not_a_number", "n", "h"}});
  EXPECT_EQ(r.take(),
            "Phone,Name,Name (2),column_4,column_5,error_row,error_column,error_code,"
            "error_message,how_to_fix\r\n"
            "+1,a,b,stray,more,4,,extra_cells,m,\r\n"
            "x,,,,,5,Phone,phone_not_a_number,n,h\r\n");
}

TEST(Report, ExtraColumnNamesNeverClashWithTheHeader) {
  EXPECT_EQ(report_cell_columns({"a", "column_3", "column_3 (2)"}, 5),
            (std::vector<std::string>{"a", "column_3", "column_3 (2)", "column_4", "column_5"}));
  EXPECT_EQ(report_cell_columns({"a", "column_2"}, 3),
            (std::vector<std::string>{"a", "column_2", "column_3"}));
  EXPECT_EQ(report_cell_columns({"column_3", "column_3 (2)", "x"}, 3),
            (std::vector<std::string>{"column_3", "column_3 (2)", "x"}));
  EXPECT_EQ(report_cell_columns({"x", "column_3", "column_3 (2)"}, 4),
            (std::vector<std::string>{"x", "column_3", "column_3 (2)", "column_4"}));
  EXPECT_EQ(report_cell_columns({"x", "y", "column_4", "column_4 (2)"}, 4).size(), 4u);
  EXPECT_EQ(report_cell_columns({"x", "column_3"}, 3),
            (std::vector<std::string>{"x", "column_3", "column_3 (2)"}));
  // Fewer cells than the header: the header alone.
  EXPECT_EQ(report_cell_columns({"a", "b"}, 1), (std::vector<std::string>{"a", "b"}));
}

// Issue 11: a file that failed as a whole gave a report with a header only.
TEST(Report, FileErrorIsOneLine) {
  ErrorReport r({"Phone", "Name"});
  r.add_file_error("malformed_csv", "row 9 has a quote that is never closed",
                   "Check that row for a stray \" character.");
  EXPECT_EQ(r.take(),
            "Phone,Name,error_row,error_column,error_code,error_message,how_to_fix\r\n"
            ",,,,malformed_csv,row 9 has a quote that is never closed,"
            "\"Check that row for a stray \"\" character.\"\r\n");
  ErrorReport no_header({});
  no_header.add_file_error("empty_file", "the file is empty", "Export the sheet again.");
  EXPECT_EQ(no_header.take(),
            "error_row,error_column,error_code,error_message,how_to_fix\r\n"
            ",,empty_file,the file is empty,Export the sheet again.\r\n");
}

TEST(Report, SampleFileFollowsVariablesAndLimits) {
  std::vector<VariableSpec> vars(3);
  vars[0].name = "customer_name";
  vars[0].max_length = 4;
  vars[1].name = "age";
  vars[1].type = VarType::number;
  vars[2].name = "vip";
  vars[2].type = VarType::boolean;
  vars[2].max_length = 1;
  std::string csv = sample_file(vars, 1);
  EXPECT_EQ(csv.substr(0, csv.find('\r')),
            "phone_number,customer_name,age,vip,secondary_phone_1,secondary_1_customer_name,"
            "secondary_1_age,secondary_1_vip");
  EXPECT_NE(csv.find("+12025550101,Ada,42,y,+12025550102,Ada,42,y"), std::string::npos) << csv;
}
