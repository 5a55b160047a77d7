// PhoneChecker: the country code policy of each mode, the '+' recovery, and
// one stable code per kind of mistake.
#include <gtest/gtest.h>

#include "core/check/phone.hpp"

namespace leadimport {
namespace {

const PhoneChecker& international() {
  static const PhoneChecker checker(PhoneMode::international, "");
  return checker;
}

PhoneVerdict intl(const char* raw) { return international().check(raw); }

PhoneVerdict national(const char* region, const char* raw) {
  return PhoneChecker(PhoneMode::national, region).check(raw);
}

void expect_valid(const PhoneVerdict& v, const char* e164, const char* region, const char* type) {
  EXPECT_TRUE(v.valid) << v.error_code << ": " << v.message;
  EXPECT_EQ(v.e164, e164);
  EXPECT_EQ(v.region, region);
  EXPECT_EQ(v.number_type, type);
  EXPECT_EQ(v.error_code, "");
  EXPECT_EQ(v.message, "");
  EXPECT_EQ(v.hint, "");
}

void expect_error(const PhoneVerdict& v, const char* code) {
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.error_code, code) << v.message;
  EXPECT_FALSE(v.message.empty());
  EXPECT_FALSE(v.hint.empty());
  // PostgreSQL style: lower case start, no final period; the hint is a sentence.
  EXPECT_NE(v.message.back(), '.') << v.message;
  EXPECT_EQ(v.hint.back(), '.') << v.hint;
}

TEST(Phone, InternationalAcrossCountries) {
  expect_valid(intl("+1 415 555 1234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("+1 (415) 555-1234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("+44 7400 123456"), "+447400123456", "GB", "mobile");
  expect_valid(intl("+44 20 7946 0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(intl("+49 30 1234567"), "+49301234567", "DE", "fixed_line");
  expect_valid(intl("+49 1512 3456789"), "+4915123456789", "DE", "mobile");
  expect_valid(intl("+33 1 23 45 67 89"), "+33123456789", "FR", "fixed_line");
  expect_valid(intl("+33 6 12 34 56 78"), "+33612345678", "FR", "mobile");
  expect_valid(intl("+91 98765 43210"), "+919876543210", "IN", "mobile");
  expect_valid(intl("+55 11 91234 5678"), "+5511912345678", "BR", "mobile");
}

TEST(Phone, NumberTypes) {
  EXPECT_EQ(intl("+1 800 555 0199").number_type, "toll_free");
  EXPECT_EQ(intl("+1 900 555 0199").number_type, "premium_rate");
  EXPECT_EQ(intl("+44 800 123 4567").number_type, "toll_free");
}

TEST(Phone, TrimsSpacesAndNbsp) {
  expect_valid(intl("  +14155551234\t"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("\xC2\xA0+14155551234\xC2\xA0"), "+14155551234", "US", "fixed_line_or_mobile");
}

TEST(Phone, DoubleZeroPrefixIsInternational) {
  expect_valid(intl("0044 20 7946 0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(intl("  0049 30 1234567"), "+49301234567", "DE", "fixed_line");
  expect_error(intl("00999 123456"), "phone_invalid_country_code");
}

TEST(Phone, RecoversLostPlus) {
  expect_valid(intl("14155551234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("1 415 555-1234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("442079460958"), "+442079460958", "GB", "fixed_line");
}

TEST(Phone, RefusesAmbiguousRecovery) {
  // Ten digits: a US national number, not a lost '+'.
  PhoneVerdict ten = intl("4155551234");
  expect_error(ten, "phone_missing_country_code");
  EXPECT_EQ(ten.message, "phone number \"4155551234\" has no country code");
  EXPECT_NE(ten.hint.find("{\"phone_format\": \"national\", \"country\": \"US\"}"),
            std::string::npos);
  EXPECT_EQ(ten.e164, "");
  // Ten digits even where "+" + digits would be valid (+49 30 123456).
  expect_valid(intl("+4930123456"), "+4930123456", "DE", "fixed_line");
  expect_error(intl("4930123456"), "phone_missing_country_code");
  // A leading 0 is a trunk prefix: a national number.
  expect_error(intl("02079460958"), "phone_missing_country_code");
  expect_error(intl("0207 946 0958"), "phone_missing_country_code");
  // An extension is never recovered: the number has no country code (issue
  // 11: it was "not a phone number").
  expect_error(intl("1415555123x4"), "phone_missing_country_code");
  // Eleven digits, but not a valid number with a '+'.
  expect_error(intl("19995551234"), "phone_missing_country_code");
}

// Issue 11: a spreadsheet that stored the number as a float exports
// "14155551234.0"; only ".0" after plain digits is taken off.
TEST(Phone, FloatExportIsRecoveredLikeALostPlus) {
  expect_valid(intl("14155551234.0"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl(" 442079460958.0 "), "+442079460958", "GB", "fixed_line");
  // Ten digits stay a national number: it was read as +41 55 551 23 40.
  PhoneVerdict ten = intl("4155551234.0");
  expect_error(ten, "phone_missing_country_code");
  EXPECT_EQ(ten.message, "phone number \"4155551234.0\" has no country code");
  expect_valid(national("US", "4155551234.0"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(national("GB", "2079460958.0"), "+442079460958", "GB", "fixed_line");
  // Not a float export of a whole number: as before.
  EXPECT_FALSE(intl("14155551234.00").valid);
  EXPECT_FALSE(intl("14155551234.5").valid);
  EXPECT_FALSE(intl("1 415 555 1234.0").valid);
  expect_error(intl("+14155551234.0"), "phone_too_long");
  EXPECT_FALSE(national("US", "4155551234.5").valid);
}

// Issue 11: "12345" is too short for a number of any country, with its
// country code or not; it was "has no country code".
TEST(Phone, TooFewDigitsForAnyCountryAreTooShort) {
  PhoneVerdict v = intl("12345");
  expect_error(v, "phone_too_short");
  EXPECT_EQ(v.message, "phone number \"12345\" is too short");
  expect_error(intl("123"), "phone_too_short");
  expect_error(intl("12-34"), "phone_too_short");
  expect_error(intl("1234.0"), "phone_too_short");
  // Seven digits may be a number with its country code (+49 and four or
  // five digits, +290 and four): only the country code is missing.
  expect_error(intl("1234567"), "phone_missing_country_code");
  expect_error(national("", "12345"), "phone_too_short");
}

// Issue 11: "(205)480-2937x858" was "not a phone number": an extension is
// allowed (E.164 has none), the problem is the missing country code.
TEST(Phone, ExtensionIsAllowed) {
  PhoneVerdict v = intl("(205)480-2937x858");
  expect_error(v, "phone_missing_country_code");
  EXPECT_EQ(v.message, "phone number \"(205)480-2937x858\" has no country code");
  expect_error(intl("205-480-2937 ext. 858"), "phone_missing_country_code");
  expect_error(intl("205 480 2937 Extension: 858"), "phone_missing_country_code");
  expect_valid(national("US", "(205)480-2937x858"), "+12054802937", "US", "fixed_line_or_mobile");
  expect_valid(intl("+1 (205) 480-2937 x858"), "+12054802937", "US", "fixed_line_or_mobile");
  expect_valid(intl("+1 205 480 2937 EXT 858"), "+12054802937", "US", "fixed_line_or_mobile");
  expect_valid(intl("+1 205 480 2937;ext=858"), "+12054802937", "US", "fixed_line_or_mobile");
  expect_valid(intl("+1 205 480 2937 #858"), "+12054802937", "US", "fixed_line_or_mobile");
  // Words are still words.
  expect_error(intl("205 480 2937 fax858"), "phone_not_a_number");
  expect_error(intl("call 205 480 2937 x858"), "phone_not_a_number");
  expect_error(intl("+1 205 480 29 x858"), "phone_too_short");
}

TEST(Phone, NationalMode) {
  expect_valid(national("US", "(415) 555-1234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(national("US", "1 415 555 1234"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(national("GB", "020 7946 0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(national("gb", "07400 123456"), "+447400123456", "GB", "mobile");
  expect_valid(national("DE", "030 1234567"), "+49301234567", "DE", "fixed_line");
  expect_valid(national("FR", "06 12 34 56 78"), "+33612345678", "FR", "mobile");
  expect_valid(national("IN", "098765 43210"), "+919876543210", "IN", "mobile");
  expect_valid(national("BR", "(11) 91234-5678"), "+5511912345678", "BR", "mobile");
  // A country code still wins over the chosen country.
  expect_valid(national("US", "+44 20 7946 0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(national("GB", "0049 30 1234567"), "+49301234567", "DE", "fixed_line");
}

TEST(Phone, Missing) {
  for (const char* raw : {"", "   ", "\t\xC2\xA0"}) {
    PhoneVerdict v = intl(raw);
    expect_error(v, "phone_missing");
    EXPECT_EQ(v.message, "phone number is missing");
    EXPECT_EQ(v.e164, "");
  }
}

TEST(Phone, NotANumber) {
  PhoneVerdict v = intl("n/a");
  expect_error(v, "phone_not_a_number");
  EXPECT_EQ(v.message, "\"n/a\" is not a phone number");
  expect_error(intl("unknown"), "phone_not_a_number");
  expect_error(intl("---"), "phone_not_a_number");
  expect_error(intl("12abc34"), "phone_not_a_number");
  // Words next to a number: libphonenumber reads them as vanity digits.
  expect_error(intl("+1 415 555 1234 (mobile)"), "phone_not_a_number");
  expect_error(intl("call +14155551234 now"), "phone_not_a_number");
  expect_error(intl("415-555-1234 home"), "phone_not_a_number");
  // Two numbers in one cell.
  expect_error(intl("+1 415 555 1234, +1 415 555 0000"), "phone_not_a_number");
}

TEST(Phone, LettersThatAreStillANumber) {
  // A vanity number and an extension are valid numbers; E.164 has no extension.
  expect_valid(intl("+1 800 FLOWERS"), "+18003569377", "US", "toll_free");
  expect_valid(intl("+1 415 555 1234 ext. 12"), "+14155551234", "US", "fixed_line_or_mobile");
  expect_valid(intl("tel:+14155551234"), "+14155551234", "US", "fixed_line_or_mobile");
}

TEST(Phone, InvalidCountryCode) {
  PhoneVerdict v = intl("+999 123456");
  expect_error(v, "phone_invalid_country_code");
  EXPECT_EQ(v.message, "phone number \"+999 123456\" has an unknown country code");
  EXPECT_EQ(v.e164, "");
  expect_error(national("US", "+999 123456"), "phone_invalid_country_code");
}

TEST(Phone, TooShort) {
  PhoneVerdict v = intl("+1 415");
  expect_error(v, "phone_too_short");
  EXPECT_EQ(v.message, "phone number \"+1 415\" is too short");
  EXPECT_EQ(v.e164, "+1415");  // it parsed
  expect_error(intl("+1"), "phone_too_short");
  expect_error(intl("+12"), "phone_too_short");
  expect_error(intl("5"), "phone_too_short");
  expect_error(national("US", "555"), "phone_too_short");
  expect_error(national("US", "555-1234"), "phone_too_short");  // local only: no area code
  expect_error(intl("+49 30"), "phone_too_short");
  expect_error(intl("+49 3"), "phone_too_short");
}

TEST(Phone, TooLong) {
  PhoneVerdict v = intl("+1 415 555 12345");
  expect_error(v, "phone_too_long");
  EXPECT_EQ(v.message, "phone number \"+1 415 555 12345\" is too long");
  EXPECT_EQ(v.e164, "+141555512345");
  expect_error(intl("+1 415 555 12345678901234"), "phone_too_long");
  expect_error(national("US", "415555123456789012"), "phone_too_long");
  expect_error(intl(std::string(300, '5').insert(0, "+").c_str()), "phone_too_long");
}

TEST(Phone, InvalidForItsRegion) {
  PhoneVerdict v = intl("+1 200 555 0100");
  expect_error(v, "phone_invalid");
  EXPECT_EQ(v.message, "phone number \"+1 200 555 0100\" is not a valid number for US (+1)");
  EXPECT_EQ(v.e164, "+12005550100");
  EXPECT_EQ(v.region, "ZZ");
  EXPECT_EQ(v.number_type, "unknown");
  PhoneVerdict gb = intl("+44 20 7946 095");
  expect_error(gb, "phone_invalid");
  EXPECT_EQ(gb.message, "phone number \"+44 20 7946 095\" is not a valid number for GB (+44)");
  expect_error(national("US", "200 555 0100"), "phone_invalid");
}

TEST(Phone, LongValuesAreCutInMessages) {
  std::string raw = "this is a very long note that somebody typed into the phone column";
  PhoneVerdict v = intl(raw.c_str());
  expect_error(v, "phone_not_a_number");
  EXPECT_EQ(v.message, "\"this is a very long note that somebody t...\" is not a phone number");
}

TEST(Phone, NationalWithoutCountryNeedsCountryCode) {
  expect_error(national("", "415 555 1234"), "phone_missing_country_code");
  expect_valid(national("", "+14155551234"), "+14155551234", "US", "fixed_line_or_mobile");
}

TEST(Phone, ReusedVerdictIsReset) {
  PhoneVerdict v;
  international().check("n/a", v);
  EXPECT_EQ(v.error_code, "phone_not_a_number");
  international().check("+14155551234", v);
  expect_valid(v, "+14155551234", "US", "fixed_line_or_mobile");
  international().check("+1 415", v);
  EXPECT_EQ(v.error_code, "phone_too_short");
  international().check("", v);
  EXPECT_EQ(v.e164, "");
  EXPECT_EQ(v.region, "");
  EXPECT_EQ(v.number_type, "");
}

TEST(Phone, E164DetailSkipsTheType) {
  PhoneVerdict v;
  international().check("+44 7400 123456", v, PhoneChecker::Detail::e164);
  EXPECT_TRUE(v.valid);
  EXPECT_EQ(v.e164, "+447400123456");
  EXPECT_EQ(v.region, "GB");
  EXPECT_EQ(v.number_type, "");
  international().check("+44 20 7946 095", v, PhoneChecker::Detail::e164);
  expect_error(v, "phone_invalid");
  EXPECT_EQ(v.number_type, "unknown");
}

TEST(Phone, SeparatorsDoNotChangeTheVerdict) {
  // Plain numbers lose their separators before parsing; a trunk 0 written
  // after the country code is still dropped, as libphonenumber does.
  expect_valid(intl("+44 (0) 20 7946 0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(intl("+44 020.7946.0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(intl("00 44 20-7946-0958"), "+442079460958", "GB", "fixed_line");
  expect_valid(intl("+39 06 1234 5678"), "+390612345678", "IT", "fixed_line");
}

TEST(Phone, KnownRegions) {
  EXPECT_TRUE(PhoneChecker::is_known_region("US"));
  EXPECT_TRUE(PhoneChecker::is_known_region("GB"));
  EXPECT_TRUE(PhoneChecker::is_known_region("de"));
  EXPECT_FALSE(PhoneChecker::is_known_region("UK"));
  EXPECT_FALSE(PhoneChecker::is_known_region("ZZ"));
  EXPECT_FALSE(PhoneChecker::is_known_region(""));
  EXPECT_FALSE(PhoneChecker::is_known_region("USA"));
}

}  // namespace
}  // namespace leadimport
