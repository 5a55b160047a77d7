// FastPhone against libphonenumber itself: the known pitfalls one by one, the
// shapes it must leave alone, and a differential sample of generated numbers
// of every region (bench/phone_diff runs the same comparison on a million).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/check/phone_fast.hpp"
#include "phone_samples.hpp"

namespace leadimport {
namespace {

namespace samples = phone_samples;

const FastPhone& fast() { return FastPhone::instance(); }

// The fast verdict on `raw` must exist and be libphonenumber's.
void expect_same(const std::string& raw, const std::string& region = "ZZ") {
  FastVerdict v;
  ASSERT_TRUE(fast().check_international(raw, v, region == "ZZ")) << raw;
  EXPECT_EQ(samples::difference(v, samples::reference(raw, region)), "") << raw;
}

TEST(PhoneFast, BuildsFromTheLibrarysMetadata) { EXPECT_TRUE(fast().ready()); }

TEST(PhoneFast, ValidNumbersOfSeveralTypes) {
  FastVerdict v;
  ASSERT_TRUE(fast().check_international("+1 (415) 555-1234", v));
  EXPECT_EQ(v.parse, FastParse::ok);
  EXPECT_TRUE(v.valid);
  EXPECT_EQ(v.e164, "+14155551234");
  EXPECT_EQ(v.region, "US");
  EXPECT_EQ(v.number_type, "fixed_line_or_mobile");
  EXPECT_EQ(v.country_code, 1);
  for (const char* raw : {"+44 7400 123456", "+44 20 7946 0958", "+49 1512 3456789",
                          "+33 6 12 34 56 78", "+91 98765 43210", "+1 800 555 0199",
                          "+1 900 555 0199", "+800 1234 5678", "+882 1345 6789"})
    expect_same(raw);
}

// The eight places the feasibility study found (shared/PHONE-FAST-PATH.md).
TEST(PhoneFast, Pitfalls) {
  // 1. The national prefix is stripped even after '+'.
  for (const char* raw : {"+44 07911 123456", "+33 0 6 12 34 56 78", "+49 030 1234567",
                          "+1 1 212 555 1234", "+7 8 912 345 67 89", "+36 06 1 234 5678"})
    expect_same(raw);
  // 2. Transform rules with captures (AR, BR, GA, MG, NF, SM).
  for (const char* raw :
       {"+54 9 11 1234 5678", "+54 0 11 15 1234 5678", "+54 011 15 1234-5678",
        "+55 0 21 12 3456 7890", "+55 021 2123 4567", "+241 06 03 12 34", "+261 20 21 234 56",
        "+672 3 10 123", "+378 0549 886377", "+378 66 66 12 12"})
    expect_same(raw);
  // 3. Stripping undone when the general pattern stops matching, kept only
  //    for a possible or too long remainder.
  for (const char* raw : {"+375 8 017 123 45 67", "+375 818 5572", "+856 0020 2312 3456",
                          "+44 0 1632 960 983", "+39 06 6988 4123"})
    expect_same(raw);
  // 5. Shared calling codes: leading digits win even for invalid numbers.
  for (const char* raw :
       {"+1 268 464 1234", "+1 268 000 0000", "+1 204 234 5678", "+1 999 123 4567",
        "+7 701 234 5678", "+7 495 123 4567", "+262 269 60 12 34", "+262 692 12 34 56",
        "+599 9 518 1234", "+599 7 15 1234", "+47 79 12 34 56", "+358 18 123 4567", "+290 8 1234",
        "+290 2 2158", "+39 06 698 12345", "+44 1624 756789"})
    expect_same(raw);
  // 6. Type order, fixed-or-mobile, lengths before patterns.
  for (const char* raw : {"+1 800 234 5678", "+44 870 123 4567", "+44 56 1234 5678",
                          "+61 1300 123 456", "+691 320 1234", "+964 7 9134 56"})
    expect_same(raw);
  // 7. Parse errors and lengths: two digits, a bare code, a 17+ digit number,
  //    leading zeros that must round-trip.
  for (const char* raw : {"+", "+ - .", "+()", "+44 20 7946 0958 ", "+1", "+12", "+ 1 2", "+123",
                          "+800", "+44 1", "+49 1", "+44 123456789012345678", "+39 0000 000",
                          "+39 00 12", "+7 0000000000", "+1 234567890123456789012"})
    expect_same(raw);
  // 8. Full-match semantics: a prefix of a valid number is not valid.
  for (const char* raw : {"+44 7400 12345", "+44 7400 1234567", "+1 415 555 12345"})
    expect_same(raw);
}

TEST(PhoneFast, UnknownCallingCodes) {
  FastVerdict v;
  // 4. Parse retries an unknown code with the default region's prefix: only
  //    decided when there is no default region.
  for (const char* raw : {"+0 123 456 789", "+011 44 20 7946 0958", "+28 1234 5678", "+999 123"}) {
    EXPECT_FALSE(fast().check_international(raw, v)) << raw;
    EXPECT_FALSE(fast().check_international(raw, v, false)) << raw;
    ASSERT_TRUE(fast().check_international(raw, v, true)) << raw;
    EXPECT_EQ(v.parse, FastParse::invalid_country_code) << raw;
    expect_same(raw, "ZZ");
  }
}

TEST(PhoneFast, DigitsWithoutPlusOnlyWithoutADefaultRegion) {
  FastVerdict v;
  for (const char* raw :
       {"0044 20 7946 0958", "020 7946 0958", "14155552671", "1 415 555 2671", "555-2671",
        "(415) 555-2671", "123", "12", "(12)", "1-2", "1 2", "5", "()", "- -", "00"}) {
    EXPECT_FALSE(fast().check_international(raw, v)) << raw;
    expect_same(raw, "ZZ");
  }
  ASSERT_TRUE(fast().check_international("14155552671", v, true));
  EXPECT_EQ(v.parse, FastParse::invalid_country_code);
  ASSERT_TRUE(fast().check_international("1-2", v, true));
  EXPECT_EQ(v.parse, FastParse::not_a_number);
}

TEST(PhoneFast, LeavesOtherShapesToLibphonenumber) {
  FastVerdict v;
  for (const char* raw :
       {"", " +44 20 7946 0958", "++44 20 7946 0958", "+44 20 7946 0958 ext. 12",
        "+44 20 7946 0958 x12", "+44/20 7946 0958", "+44 20 7946 0958#", "+1 800 FLOWERS",
        "tel:+442079460958",
        "+44\xC2\xA0"
        "20 7946 0958",
        "\xEF\xBC\x8B"
        "442079460958",
        "+44 20 7946 0958, +44 20 7946 0959",
        "+1234567890123456789012345678901234567890123456789012345678901234567890"}) {
    EXPECT_FALSE(fast().check_international(raw, v, true)) << raw;
  }
}

// A differential sample, small enough for every CI run.
TEST(PhoneFast, DifferentialSample) {
  constexpr size_t kInputs = 100000;
  samples::Generator generator(7);
  FastVerdict v;
  size_t plus = 0, decided = 0, valid = 0, differences = 0;  // decided: of the '+' cells
  for (size_t i = 0; i < kInputs; ++i) {
    std::string raw = generator.next();
    std::string region = generator.default_region();
    plus += !raw.empty() && raw[0] == '+';
    // The cell as written, and the digits-only form phone.cpp parses.
    std::vector<std::string> forms{raw};
    std::string plain = samples::stripped(raw);
    if (!plain.empty() && plain != raw) forms.push_back(plain);
    for (const std::string& s : forms) {
      if (!fast().check_international(s, v, region == "ZZ")) continue;
      std::string diff = samples::difference(v, samples::reference(s, region));
      if (!diff.empty() && ++differences <= 10)
        ADD_FAILURE() << "[" << s << "] (default region " << region << "): " << diff;
    }
    if (!fast().check_international(raw, v, region == "ZZ")) continue;
    decided += !raw.empty() && raw[0] == '+';
    valid += v.parse == FastParse::ok && v.valid;
  }
  EXPECT_EQ(differences, 0u);
  // The fast path must keep deciding most '+' cells, or it is no longer one.
  EXPECT_GT(decided, plus * 85 / 100) << decided << " of " << plus;
  EXPECT_GT(valid, kInputs / 5);
}

}  // namespace
}  // namespace leadimport
