#include "core/map/header_names.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/interrupt.hpp"

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
  for (const char* h : {"Phone",
                        "Phone Number",
                        "phone_number",
                        "Phone No.",
                        "Telephone",
                        "Telephone Number",
                        "Tel",
                        "Mobile",
                        "Mobile Number",
                        "Mobile Phone",
                        "Cell",
                        "Cell Phone",
                        "Cell Number",
                        "Number",
                        "Contact Number",
                        "Primary Phone",
                        "Phone 1",
                        "Mobile 1",
                        "MSISDN",
                        "Telefonnummer",
                        "Handynummer",
                        "Celular",
                        "T\xC3\xA9l\xC3\xA9phone",
                        "Tel\xC3\xA9"
                        "fono"}) {
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

// The interruption hook runs once per header and once per probed name: the
// count shows the work, without timing anything.
int hook_calls = 0;
int hook_limit = 0;
void counting_hook() {
  if (++hook_calls > hook_limit && hook_limit > 0) throw std::runtime_error("interrupted");
}

struct CountingHook {
  explicit CountingHook(int limit = 0) {
    hook_calls = 0;
    hook_limit = limit;
    set_interrupt_hook(&counting_hook);
  }
  ~CountingHook() { set_interrupt_hook(nullptr); }
};

// Issue 10: renaming probed " (2)", " (3)"... from 2 for every repeat, so
// 16,000 equal headers took 11.7 s and 30,000 ignored cancel for a minute.
TEST(UniqueHeaders, ManyEqualNamesAreLinear) {
  CountingHook hook;
  Headers same(20000, "a");
  Headers out = unique_headers(same);
  ASSERT_EQ(out.size(), same.size());
  EXPECT_EQ(out[1], "a (2)");
  EXPECT_EQ(out.back(), "a (20000)");
  EXPECT_LE(hook_calls, 2 * 20000 + 10);
}

TEST(UniqueHeaders, RealNamesInTheWayStayLinear) {
  CountingHook hook;
  Headers hs(10000, "a");
  for (int k = 2; k <= 5000; ++k) hs.push_back("a (" + std::to_string(k) + ")");
  Headers out = unique_headers(hs);
  EXPECT_EQ(out[1], "a (5001)");
  EXPECT_EQ(out[9999], "a (14999)");
  EXPECT_EQ(out.back(), "a (5000)");
  EXPECT_LE(hook_calls, 2 * 15000 + 5000 + 10);
}

TEST(UniqueHeaders, StopsWhenInterrupted) {
  CountingHook hook(1000);
  EXPECT_THROW(unique_headers(Headers(20000, "a")), std::runtime_error);
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
