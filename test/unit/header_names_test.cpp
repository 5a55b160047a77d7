#include "core/map/header_names.hpp"

#include <gtest/gtest.h>

namespace leadimport {
namespace {

using Headers = std::vector<std::string>;

TEST(NormalizeHeader, LowercasesAndKeepsLettersAndDigitsOnly) {
  EXPECT_EQ(normalize_header("Phone Number "), "phonenumber");
  EXPECT_EQ(normalize_header("Secondary_Phone-1"), "secondaryphone1");
  EXPECT_EQ(normalize_header("PHONE-NUMBER"), "phonenumber");
  EXPECT_EQ(normalize_header("E-Mail (work)"), "emailwork");
  EXPECT_EQ(normalize_header("  #No.  "), "no");
  EXPECT_EQ(normalize_header(""), "");
  EXPECT_EQ(normalize_header("_-. "), "");
}

TEST(NormalizeHeader, KeepsNonAsciiLettersAndDropsNoBreakSpace) {
  EXPECT_EQ(normalize_header("T\xC3\xA9l\xC3\xA9phone"), "t\xC3\xA9l\xC3\xA9phone");
  EXPECT_EQ(normalize_header("Phone\xC2\xA0Number"), "phonenumber");
}

TEST(IsPhoneHeader, KnowsTheSynonyms) {
  for (const char* h :
       {"Phone", "Phone Number", "phone_number", "Phone No.", "Telephone", "Telephone Number",
        "Tel", "Mobile", "Mobile Number", "Mobile Phone", "Cell", "Cell Phone", "Cell Number",
        "Number", "Contact Number", "Primary Phone", "Phone 1", "Mobile 1", "MSISDN"}) {
    EXPECT_TRUE(is_phone_header(normalize_header(h))) << h;
  }
}

TEST(IsPhoneHeader, RejectsOtherNames) {
  for (const char* h : {"Name", "Phone 2", "Secondary Phone 1", "Phone Type", "Telephone Area",
                        "Account Number", ""}) {
    EXPECT_FALSE(is_phone_header(normalize_header(h))) << h;
  }
}

TEST(UniqueHeaders, TrimsNames) {
  EXPECT_EQ(unique_headers({"  Phone ", "\tName\r",
                            "\xC2\xA0"
                            "Company\xC2\xA0",
                            "\xEF\xBB\xBF"
                            "Id"}),
            (Headers{"Phone", "Name", "Company", "Id"}));
}

TEST(UniqueHeaders, NumbersDuplicates) {
  EXPECT_EQ(unique_headers({"Phone", "Name", "Name", "Name ", "Phone"}),
            (Headers{"Phone", "Name", "Name (2)", "Name (3)", "Phone (2)"}));
}

TEST(UniqueHeaders, NamesEmptyColumnsByPosition) {
  EXPECT_EQ(unique_headers({"Phone", "", "  ", "Name"}),
            (Headers{"Phone", "column_2", "column_3", "Name"}));
}

TEST(UniqueHeaders, NeverCollidesWithARealName) {
  EXPECT_EQ(unique_headers({"Name", "Name", "Name (2)"}),
            (Headers{"Name", "Name (3)", "Name (2)"}));
  EXPECT_EQ(unique_headers({"column_2", ""}), (Headers{"column_2", "column_2 (2)"}));
}

TEST(UniqueHeaders, KeepsCaseDifferencesApart) {
  EXPECT_EQ(unique_headers({"Name", "name"}), (Headers{"Name", "name"}));
}

TEST(IsReportColumn, KnowsTheReportsOwnColumns) {
  for (const char* h : {"error_row", "error_column", "error_code", "error_message", "how_to_fix",
                        "Error Row", "ERROR-CODE", "How To Fix"}) {
    EXPECT_TRUE(is_report_column(h)) << h;
  }
  for (const char* h : {"error", "row", "code", "message", "Phone", "error_rows"}) {
    EXPECT_FALSE(is_report_column(h)) << h;
  }
}

}  // namespace
}  // namespace leadimport
