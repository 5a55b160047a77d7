// RowChecker: a row becomes a lead with its contacts, or the full list of
// what is wrong with it. The mapping is built by hand here.
#include <gtest/gtest.h>

#include "core/check/row_check.hpp"

namespace leadimport {
namespace {

class RowCheckTest : public ::testing::Test {
 protected:
  RowCheckTest() {
    name_.name = "customer_name";
    name_.required = true;
    name_.max_length = 10;
    age_.name = "age";
    age_.type = VarType::number;
    vip_.name = "vip";
    vip_.type = VarType::boolean;
    vip_.default_value = "no";
    company_.name = "company";
    company_.default_value = " Acme ";
    title_.name = "title";  // optional, no default

    mapping_.headers = {"Phone",
                        "Name",
                        "Age",
                        "VIP",
                        "Title",
                        "secondary_phone_1",
                        "secondary_1_customer_name",
                        "secondary_1_role",
                        "secondary_phone_2",
                        "secondary_2_customer_name"};
    mapping_.phone_column = 0;
    mapping_.fields = {{"customer_name", 1, &name_},
                       {"age", 2, &age_},
                       {"vip", 3, &vip_},
                       {"title", 4, &title_},
                       {"company", -1, &company_}};
    mapping_.secondary = {
        ResolvedContact{5, {{"customer_name", 6, &name_}, {"role", 7, nullptr}}},
        ResolvedContact{8, {{"customer_name", 9, &name_}}},
    };
  }

  // Checks cells given in header order; missing trailing cells stay missing.
  CheckedRow check(std::vector<std::string> cells) {
    Row row;
    row.number = 2;
    row.cells = std::move(cells);
    CheckedRow out;
    RowChecker(mapping_, phones_).check(row, out);
    return out;
  }

  static std::vector<std::string> codes(const CheckedRow& r) {
    std::vector<std::string> out;
    for (const auto& p : r.problems) out.push_back(p.code);
    return out;
  }

  static const Problem& only(const CheckedRow& r) {
    EXPECT_EQ(r.problems.size(), 1u);
    static const Problem none;
    return r.problems.empty() ? none : r.problems.front();
  }

  VariableSpec name_, age_, vip_, company_, title_;
  ResolvedMapping mapping_;
  PhoneChecker phones_{PhoneMode::international, ""};
};

using Codes = std::vector<std::string>;

TEST_F(RowCheckTest, ValidRowWithTypedVariablesAndDefaults) {
  CheckedRow r = check({" +1 415 555 1234 ", " Ada ", "42", "YES"});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.e164, "+14155551234");
  EXPECT_EQ(r.variables_json,
            "{\"customer_name\":\"Ada\",\"age\":42,\"vip\":true,\"company\":\"Acme\"}");
  EXPECT_TRUE(r.contacts.empty());
}

TEST_F(RowCheckTest, DefaultFillsEmptyCell) {
  CheckedRow r = check({"+14155551234", "Ada", "", "  ", ""});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.variables_json, "{\"customer_name\":\"Ada\",\"vip\":false,\"company\":\"Acme\"}");
}

TEST_F(RowCheckTest, NoValuesGiveEmptyObject) {
  mapping_.fields = {{"title", 4, &title_}};
  CheckedRow r = check({"+14155551234"});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.variables_json, "{}");
}

TEST_F(RowCheckTest, RequiredMissing) {
  CheckedRow r = check({"+14155551234", " \xC2\xA0 "});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "required_missing");
  EXPECT_EQ(p.column, "Name");
  EXPECT_EQ(p.message, "customer_name is required");
  EXPECT_EQ(p.hint, "Fill in customer_name, or give the variable a default value.");
}

TEST_F(RowCheckTest, RequiredWithDefaultIsFilled) {
  name_.default_value = "friend";
  CheckedRow r = check({"+14155551234", ""});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.variables_json, "{\"customer_name\":\"friend\",\"vip\":false,\"company\":\"Acme\"}");
}

TEST_F(RowCheckTest, TypedProblemsNameTheirColumn) {
  CheckedRow r = check({"+14155551234", "Ada Lovelace Byron", "forty", "maybe"});
  ASSERT_EQ(codes(r), (Codes{"too_long", "invalid_number", "invalid_boolean"}));
  EXPECT_EQ(r.problems[0].column, "Name");
  EXPECT_EQ(r.problems[0].message, "value has 18 characters; the limit is 10");
  EXPECT_EQ(r.problems[1].column, "Age");
  EXPECT_EQ(r.problems[1].message, "\"forty\" is not a number");
  EXPECT_EQ(r.problems[2].column, "VIP");
}

TEST_F(RowCheckTest, PhoneProblems) {
  CheckedRow r = check({"", "Ada"});
  const Problem& missing = only(r);
  EXPECT_EQ(missing.code, "phone_missing");
  EXPECT_EQ(missing.column, "Phone");
  EXPECT_EQ(only(check({"n/a", "Ada"})).code, "phone_not_a_number");
  EXPECT_EQ(only(check({"4155551234", "Ada"})).code, "phone_missing_country_code");
  EXPECT_EQ(only(check({"+999 1234567", "Ada"})).code, "phone_invalid_country_code");
  EXPECT_EQ(only(check({"+1 415", "Ada"})).code, "phone_too_short");
  EXPECT_EQ(only(check({"+1 415 555 12345", "Ada"})).code, "phone_too_long");
  EXPECT_EQ(only(check({"+1 200 555 0100", "Ada"})).code, "phone_invalid");
  EXPECT_EQ(check({"+1 200 555 0100", "Ada"}).e164, "");  // only valid numbers are kept
}

TEST_F(RowCheckTest, MissingPhoneColumnIsPhoneMissing) {
  mapping_.phone_column = -1;
  CheckedRow r = check({"+14155551234", "Ada"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "phone_missing");
  EXPECT_EQ(p.column, "");
}

TEST_F(RowCheckTest, ReportsEveryProblemOfTheRow) {
  CheckedRow r = check({"abc", "", "1.2.3", "2", "", "+1 415", "", "", "", "", "surplus"});
  EXPECT_EQ(codes(r), (Codes{"phone_not_a_number", "required_missing", "invalid_number",
                             "invalid_boolean", "phone_too_short", "extra_cells"}));
}

TEST_F(RowCheckTest, DropsTheReportsFormulaApostrophe) {
  CheckedRow r = check({"'+14155551234", "'=Ada", "'-5", "'@x", "'\tDr"});
  EXPECT_EQ(codes(r), Codes{"invalid_boolean"});  // "@x" is still not a boolean
  EXPECT_EQ(r.e164, "+14155551234");
  r = check({"'+14155551234", "'=Ada", "'-5", "y", "'\tDr"});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.variables_json,
            "{\"customer_name\":\"=Ada\",\"age\":-5,\"vip\":true,\"title\":\"Dr\","
            "\"company\":\"Acme\"}");
}

TEST_F(RowCheckTest, DropsTheApostropheBeforeEachFormulaSign) {
  const std::pair<const char*, const char*> cases[] = {
      {"'=x", "=x"},    {"'+x", "+x"},    {"'-x", "-x"},   {"'@x", "@x"},
      {"'\tx", "x"},    {"'\rx", "x"},    {" '=x ", "=x"}, {"'x", "'x"},
      {"' =x", "' =x"}, {"''=x", "''=x"}, {"'", "'"}};
  for (const auto& [cell, kept] : cases) {
    CheckedRow r = check({"+14155551234", "Ada", "", "", cell});
    EXPECT_EQ(codes(r), Codes{}) << cell;
    EXPECT_EQ(r.variables_json,
              std::string("{\"customer_name\":\"Ada\",\"vip\":false,\"title\":\"") + kept +
                  "\",\"company\":\"Acme\"}")
        << cell;
  }
}

TEST_F(RowCheckTest, KeepsOtherApostrophes) {
  CheckedRow r = check({"+14155551234", "'Ada'", "", "", "O'Neil"});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_EQ(r.variables_json,
            "{\"customer_name\":\"'Ada'\",\"vip\":false,\"title\":\"O'Neil\","
            "\"company\":\"Acme\"}");
}

TEST_F(RowCheckTest, ShortRowHasEmptyCells) {
  CheckedRow r = check({"+14155551234", "Ada"});
  EXPECT_EQ(codes(r), Codes{});
  EXPECT_TRUE(r.contacts.empty());
}

TEST_F(RowCheckTest, SecondaryContacts) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "+44 20 7946 0958", " Bob ", "CFO",
                        "+49 30 1234567", "Eve"});
  EXPECT_EQ(codes(r), Codes{});
  ASSERT_EQ(r.contacts.size(), 2u);
  EXPECT_EQ(r.contacts[0].position, 1);
  EXPECT_EQ(r.contacts[0].e164, "+442079460958");
  EXPECT_EQ(r.contacts[0].variables_json, "{\"customer_name\":\"Bob\",\"role\":\"CFO\"}");
  EXPECT_EQ(r.contacts[1].position, 2);
  EXPECT_EQ(r.contacts[1].e164, "+49301234567");
  EXPECT_EQ(r.contacts[1].variables_json, "{\"customer_name\":\"Eve\"}");
}

TEST_F(RowCheckTest, SecondaryKeepsItsColumnPosition) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "", "", "", "+49 30 1234567"});
  EXPECT_EQ(codes(r), Codes{});
  ASSERT_EQ(r.contacts.size(), 1u);
  EXPECT_EQ(r.contacts[0].position, 2);
  EXPECT_EQ(r.contacts[0].variables_json, "{}");
}

TEST_F(RowCheckTest, SecondaryVariablesIgnoreRequiredAndDefaults) {
  // customer_name is required for the primary only; no default reaches contacts.
  name_.default_value = "friend";
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "+442079460958"});
  EXPECT_EQ(codes(r), Codes{});
  ASSERT_EQ(r.contacts.size(), 1u);
  EXPECT_EQ(r.contacts[0].variables_json, "{}");
}

TEST_F(RowCheckTest, SecondaryVariablesAreTyped) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "+442079460958", "Bartholomew Jr"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "too_long");
  EXPECT_EQ(p.column, "secondary_1_customer_name");
  // Issue 11: the hint said "Shorten customer_name", the primary's column.
  EXPECT_EQ(p.hint, "Shorten secondary_1_customer_name to at most 10 characters.");
}

// Issue 11: a secondary contact's errors name its column, never the base
// variable (which is the primary contact's column).
TEST_F(RowCheckTest, SecondaryProblemsNameTheContactsColumn) {
  mapping_.headers.push_back("secondary_1_age");
  mapping_.headers.push_back("Secondary 1 VIP");
  mapping_.secondary[0].fields.push_back({"age", 10, &age_});
  mapping_.secondary[0].fields.push_back({"vip", 11, &vip_});
  CheckedRow r =
      check({"+14155551234", "Ada", "", "", "", "+442079460958", "", "", "", "", "forty", "maybe"});
  EXPECT_EQ(codes(r), (Codes{"invalid_number", "invalid_boolean"}));
  EXPECT_EQ(r.problems[0].column, "secondary_1_age");
  EXPECT_EQ(r.problems[0].hint.rfind("Write secondary_1_age as a plain number", 0), 0u)
      << r.problems[0].hint;
  EXPECT_EQ(r.problems[1].column, "Secondary 1 VIP");
  EXPECT_EQ(r.problems[1].hint.rfind("Write Secondary 1 VIP as true or false", 0), 0u)
      << r.problems[1].hint;
  // The primary's hints keep the variable's name.
  CheckedRow primary = check({"+14155551234", "Ada", "forty"});
  EXPECT_EQ(only(primary).hint.rfind("Write age as a plain number", 0), 0u);
}

TEST_F(RowCheckTest, SecondaryPhoneMissing) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", " ", "", "CFO"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "secondary_phone_missing");
  EXPECT_EQ(p.column, "secondary_1_role");
  EXPECT_EQ(p.message, "secondary_1_role has a value but secondary contact 1 has no phone number");
  EXPECT_EQ(p.hint, "Fill in secondary_phone_1, or clear the other cells of secondary contact 1.");
  EXPECT_TRUE(r.contacts.empty());
}

TEST_F(RowCheckTest, SecondaryPhoneMissingOncePerContact) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "", "Bob", "CFO", "", "Eve"});
  EXPECT_EQ(codes(r), (Codes{"secondary_phone_missing", "secondary_phone_missing"}));
  EXPECT_EQ(r.problems[0].column, "secondary_1_customer_name");
  EXPECT_EQ(r.problems[1].column, "secondary_2_customer_name");
  EXPECT_EQ(r.problems[1].message,
            "secondary_2_customer_name has a value but secondary contact 2 has no phone number");
}

TEST_F(RowCheckTest, SecondaryPhoneInvalid) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "+1 415", "Bob"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "phone_too_short");
  EXPECT_EQ(p.column, "secondary_phone_1");
  EXPECT_EQ(p.message, "phone number \"+1 415\" is too short");
  EXPECT_TRUE(r.contacts.empty());
}

TEST_F(RowCheckTest, SecondarySameAsPrimary) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "001 415 555 1234"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "secondary_same_as_primary");
  EXPECT_EQ(p.column, "secondary_phone_1");
  EXPECT_EQ(p.message, "secondary_phone_1 has the same number as the primary phone (+14155551234)");
  EXPECT_TRUE(r.contacts.empty());
}

TEST_F(RowCheckTest, SecondaryDuplicate) {
  CheckedRow r =
      check({"+14155551234", "Ada", "", "", "", "+442079460958", "", "", "+44 20 7946 0958"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "secondary_duplicate");
  EXPECT_EQ(p.column, "secondary_phone_2");
  EXPECT_EQ(p.message,
            "secondary_phone_2 has the same number as secondary_phone_1 (+442079460958)");
  ASSERT_EQ(r.contacts.size(), 1u);
}

TEST_F(RowCheckTest, SecondaryRulesWithNationalNumbers) {
  PhoneChecker gb(PhoneMode::national, "GB");
  Row row;
  row.cells = {"020 7946 0958", "Ada", "", "", "", "+44 20 7946 0958"};
  CheckedRow out;
  RowChecker(mapping_, gb).check(row, out);
  EXPECT_EQ(codes(out), Codes{"secondary_same_as_primary"});
}

TEST_F(RowCheckTest, ExtraCells) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "", "", "", "", "", "", " x ", "y"});
  const Problem& p = only(r);
  EXPECT_EQ(p.code, "extra_cells");
  EXPECT_EQ(p.column, "");
  EXPECT_EQ(p.message, "row has a value in column 12 (\"x\") but the header has 10 columns");
  EXPECT_EQ(p.hint, "Remove the extra cells or add a header for them.");
}

TEST_F(RowCheckTest, EmptyCellsBeyondTheHeaderAreIgnored) {
  CheckedRow r = check({"+14155551234", "Ada", "", "", "", "", "", "", "", "", "", "  ", ""});
  EXPECT_EQ(codes(r), Codes{});
}

// Issue 11: a row of spaces was checked (phone_missing, required_missing);
// SPEC: "every cell empty or only spaces" is blank, skipped without an error.
TEST_F(RowCheckTest, RowsOfBlanksAreBlank) {
  Row row;
  EXPECT_TRUE(is_blank_row(row));
  row.cells = {"", ""};
  EXPECT_TRUE(is_blank_row(row));
  row.cells = {"   ", "\t", "\xC2\xA0", " \r\n "};
  EXPECT_TRUE(is_blank_row(row));
  RowChecker checker(mapping_, phones_);
  EXPECT_TRUE(checker.blank(row));
  row.cells = {"   ", " x "};
  EXPECT_FALSE(is_blank_row(row));
  EXPECT_FALSE(checker.blank(row));
  // A cell beyond the header counts too.
  row.cells = {"", "", "", "", "", "", "", "", "", "", "", "x"};
  EXPECT_FALSE(checker.blank(row));
}

// A re-imported error report: the line of a file-level failure has values
// in the report's own columns only, and is skipped like a blank row.
TEST_F(RowCheckTest, ReportColumnsAloneAreBlank) {
  mapping_.headers = {"Phone",      "Name",          "error_row", "error_column",
                      "error_code", "error_message", "how_to_fix"};
  mapping_.fields = {{"customer_name", 1, &name_}};
  mapping_.secondary.clear();
  RowChecker checker(mapping_, phones_);
  Row row;
  row.cells = {"", " ", "", "", "corrupt_file", "the file is damaged", "Export it again."};
  EXPECT_TRUE(checker.blank(row));
  EXPECT_FALSE(is_blank_row(row));
  row.cells = {"+14155551234", "", "3", "Phone", "phone_invalid", "m", "h"};
  EXPECT_FALSE(checker.blank(row));
}

TEST_F(RowCheckTest, ReusedOutputIsCleared) {
  Row row;
  row.cells = {"bad", ""};
  CheckedRow out;
  RowChecker checker(mapping_, phones_);
  checker.check(row, out);
  EXPECT_EQ(out.problems.size(), 2u);
  row.cells = {"+14155551234", "Ada", "", "", "", "+442079460958"};
  checker.check(row, out);
  EXPECT_EQ(codes(out), Codes{});
  EXPECT_EQ(out.e164, "+14155551234");
  EXPECT_EQ(out.variables_json, "{\"customer_name\":\"Ada\",\"vip\":false,\"company\":\"Acme\"}");
  EXPECT_EQ(out.contacts.size(), 1u);
}

TEST(RowToJson, RawCellsInFileOrder) {
  Row row;
  row.cells = {" +1 415 ", "Ada \"A\"", "", "x"};
  EXPECT_EQ(row_to_json(row), "[\" +1 415 \",\"Ada \\\"A\\\"\",\"\",\"x\"]");
}

TEST(RowToJson, CellsBeyondTheHeaderKeptTrailingEmptiesDropped) {
  Row row;
  row.cells = {"1", "2", "", " ", "x\ty", "", ""};
  EXPECT_EQ(row_to_json(row), "[\"1\",\"2\",\"\",\" \",\"x\\u0009y\"]");
  row.cells.clear();
  EXPECT_EQ(row_to_json(row), "[]");
}

// Issue 10: the JSON of a row no longer repeats the header (63 header cells
// of 1 MiB made every pending row 63 MiB).
TEST(RowToJson, DoesNotGrowWithTheHeader) {
  Row row;
  row.cells = {"+14155552671", "Ada"};
  EXPECT_LT(row_to_json(row).size(), 32u);
}

}  // namespace
}  // namespace leadimport
