// Time zones from libphonenumber's prefix map (data/phone-time-zones/), as its
// Java PhoneNumberToTimeZonesMapper gives them: the cases of the mapper's own
// test (PhoneNumberToTimeZonesMapperTest) on the real map, and US area codes
// that split zones, single- and multi-zone countries, unknown prefixes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>

#include "core/check/phone.hpp"
#include "core/check/time_zones.hpp"

namespace leadimport {
namespace {

using Zones = std::vector<std::string>;

Zones list(const TimeZoneList& zones) { return Zones(zones.begin(), zones.end()); }

// The zones of a raw number as check_phone gives them: checked, then mapped.
Zones of_number(const char* raw) {
  static const PhoneChecker checker(PhoneMode::international, "");
  PhoneVerdict v = checker.check(raw);
  return list(time_zones_for_number(v.e164, v.number_type));
}

Zones of_prefix(const char* digits) { return list(time_zones_for_prefix(digits)); }

const Zones kUnknown = {"Etc/Unknown"};

// The 42 zones of the "1" line: every zone of the North American plan.
const Zones kNanp = {"America/Adak",
                     "America/Anchorage",
                     "America/Anguilla",
                     "America/Antigua",
                     "America/Barbados",
                     "America/Boise",
                     "America/Cayman",
                     "America/Chicago",
                     "America/Denver",
                     "America/Dominica",
                     "America/Edmonton",
                     "America/Fort_Nelson",
                     "America/Grand_Turk",
                     "America/Grenada",
                     "America/Halifax",
                     "America/Jamaica",
                     "America/Juneau",
                     "America/Los_Angeles",
                     "America/Lower_Princes",
                     "America/Montserrat",
                     "America/Nassau",
                     "America/New_York",
                     "America/North_Dakota/Center",
                     "America/Phoenix",
                     "America/Port_of_Spain",
                     "America/Puerto_Rico",
                     "America/Regina",
                     "America/Santo_Domingo",
                     "America/St_Johns",
                     "America/St_Kitts",
                     "America/St_Lucia",
                     "America/St_Thomas",
                     "America/St_Vincent",
                     "America/Toronto",
                     "America/Tortola",
                     "America/Vancouver",
                     "America/Winnipeg",
                     "Atlantic/Bermuda",
                     "Pacific/Guam",
                     "Pacific/Honolulu",
                     "Pacific/Pago_Pago",
                     "Pacific/Saipan"};

TEST(TimeZoneMap, EmbeddedDataIsTheVendoredFile) {
  std::string path = std::string(DATA_DIR) + "/phone-time-zones/map_data.txt";
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "can't open " << path;
  std::ostringstream text;
  text << file.rdbuf();
  EXPECT_TRUE(text.str() == time_zone_map_text())
      << "map_data.txt and src/core/check/time_zones_map.inc differ: run "
         "data/phone-time-zones/generate.sh";
}

TEST(TimeZoneMap, ReadsEveryPrefix) {
  EXPECT_EQ(time_zone_prefix_count(), 3272u);  // data/phone-time-zones/README.md
  EXPECT_EQ(of_prefix("1"), kNanp);
}

// PostgreSQL's timezone() knows the zones of its tz directory; on Debian that
// is /usr/share/zoneinfo (--with-system-tzdata). Debian 13 has no aliases
// there without tzdata-legacy (scripts/pg17.sh runs this test on it).
TEST(TimeZoneMap, EveryZoneIsKnownToTheSystem) {
  struct stat st;
  if (stat("/usr/share/zoneinfo", &st) != 0) GTEST_SKIP() << "no /usr/share/zoneinfo";
  TimeZoneList zones = all_time_zones();
  EXPECT_GT(zones.size(), 250u);
  for (std::string_view zone : zones) {
    std::string path = "/usr/share/zoneinfo/" + std::string(zone);
    EXPECT_EQ(stat(path.c_str(), &st), 0) << zone << " is not in /usr/share/zoneinfo";
    EXPECT_EQ(current_time_zone_name(zone), zone);
    EXPECT_NE(zone, kUnknownTimeZone);
  }
}

TEST(TimeZoneMap, OldAliasesGetTheirCurrentNames) {
  EXPECT_EQ(current_time_zone_name("Asia/Calcutta"), "Asia/Kolkata");
  EXPECT_EQ(current_time_zone_name("America/Buenos_Aires"), "America/Argentina/Buenos_Aires");
  EXPECT_EQ(current_time_zone_name("Pacific/Truk"), "Pacific/Chuuk");
  EXPECT_EQ(current_time_zone_name("Europe/Berlin"), "Europe/Berlin");
  EXPECT_EQ(of_number("+91 98765 43210"), Zones({"Asia/Kolkata"}));   // map: Asia/Calcutta
  EXPECT_EQ(of_number("+977 1-4123456"), Zones({"Asia/Kathmandu"}));  // map: Asia/Katmandu
  EXPECT_EQ(of_number("+54 11 4123-4567"), Zones({"America/Argentina/Buenos_Aires"}));
  // renamed zones are sorted again; a list naming a zone twice then names it once
  EXPECT_EQ(of_prefix("691"), Zones({"Pacific/Chuuk", "Pacific/Kosrae", "Pacific/Pohnpei"}));
  EXPECT_EQ(of_prefix("9761362"), Zones({"Asia/Ulaanbaatar"}));  // Choibalsan&Ulaanbaatar
  EXPECT_EQ(of_prefix("976"), Zones({"Asia/Hovd", "Asia/Ulaanbaatar"}));
}

// The cases of libphonenumber's PhoneNumberToTimeZonesMapperTest, on the
// real map instead of its test map (where they differ, the real map's zone).
TEST(TimeZoneMap, JavaMapperCases) {
  // getTimeZonesForNumber: an invalid number is unknown even where its
  // country code is listed ...
  EXPECT_EQ(of_number("+1 123456789"), kUnknown);
  EXPECT_EQ(of_number("+82 1234"), kUnknown);
  // ... getTimeZonesForGeographicalNumber takes the prefix as it is.
  EXPECT_EQ(of_prefix("1123456789"), kNanp);
  EXPECT_EQ(of_prefix("821234"), Zones({"Asia/Seoul"}));
  // valid prefixes
  EXPECT_EQ(of_number("+61 2 3661 8300"), Zones({"Australia/Sydney"}));
  EXPECT_EQ(of_number("+82 2 212 3456"), Zones({"Asia/Seoul"}));
  EXPECT_EQ(of_number("+1 604 840 6565"), Zones({"America/Vancouver"}));
  EXPECT_EQ(of_number("+1 650 960 0000"), Zones({"America/Los_Angeles"}));
  EXPECT_EQ(of_number("+1 212 812 0000"), Zones({"America/New_York"}));
  // an invalid country code
  EXPECT_EQ(of_number("+999 2423651234"), kUnknown);
  EXPECT_EQ(of_prefix("9992423651234"), kUnknown);
  // a non-geographical number: international toll-free +800
  EXPECT_EQ(of_number("+800 1234 5678"), kUnknown);
  EXPECT_EQ(of_prefix("80012345678"), kUnknown);
}

TEST(TimeZoneMap, UsAreaCodesThatSplitZones) {
  // Idaho's 208: the longest listed prefix wins, down to the exchange.
  EXPECT_EQ(of_number("+1 208 201 0000"), Zones({"America/Denver"}));       // 1208201
  EXPECT_EQ(of_number("+1 208 215 0000"), Zones({"America/Los_Angeles"}));  // 1208215
  EXPECT_EQ(of_number("+1 208 200 0000"),
            Zones({"America/Boise", "America/Los_Angeles"}));          // 12082
  EXPECT_EQ(of_number("+1 208 339 0000"), Zones({"America/Denver"}));  // 12083
  EXPECT_EQ(of_number("+1 208 330 0000"),
            Zones({"America/Boise", "America/Los_Angeles"}));               // 1208330
  EXPECT_EQ(of_number("+1 208 304 0000"), Zones({"America/Los_Angeles"}));  // 1208304
  // South Dakota's 605 is Mountain and Central; Alaska's 907 mostly
  // Anchorage, Adak for the Aleutians, Juneau for some exchanges.
  EXPECT_EQ(of_number("+1 605 200 0000"), Zones({"America/Denver", "America/North_Dakota/Center"}));
  EXPECT_EQ(of_number("+1 907 555 0000"), Zones({"America/Adak", "America/Anchorage"}));
  EXPECT_EQ(of_number("+1 907 220 0000"), Zones({"America/Juneau"}));
  // single-zone area codes, and the NANP's other countries
  EXPECT_EQ(of_number("+1 415 555 2671"), Zones({"America/Los_Angeles"}));
  EXPECT_EQ(of_number("+1 850 555 0100"), Zones({"America/New_York"}));
  EXPECT_EQ(of_number("+1 787 555 1234"), Zones({"America/Puerto_Rico"}));
  EXPECT_EQ(of_number("+1 876 555 1234"), Zones({"America/Jamaica"}));
  EXPECT_EQ(of_number("+1 808 555 1234"), Zones({"Pacific/Honolulu"}));
}

TEST(TimeZoneMap, SingleZoneCountries) {
  EXPECT_EQ(of_number("+49 30 123456"), Zones({"Europe/Berlin"}));
  EXPECT_EQ(of_number("+49 1512 3456789"), Zones({"Europe/Berlin"}));  // mobile
  EXPECT_EQ(of_number("+33 1 23 45 67 89"), Zones({"Europe/Paris"}));
  EXPECT_EQ(of_number("+81 3 3580 3311"), Zones({"Asia/Tokyo"}));
  EXPECT_EQ(of_number("+44 20 8771 2924"), Zones({"Europe/London"}));
}

TEST(TimeZoneMap, MultiZoneCountries) {
  // Russia: Moscow's 495, Krasnoyarsk's 391
  EXPECT_EQ(of_number("+7 495 777-77-77"), Zones({"Europe/Moscow"}));
  EXPECT_EQ(of_number("+7 391 212-34-56"), Zones({"Asia/Krasnoyarsk"}));
  // Brazil: São Paulo, Mato Grosso
  EXPECT_EQ(of_number("+55 11 98765-4321"), Zones({"America/Sao_Paulo"}));
  EXPECT_EQ(of_number("+55 65 3312-3456"), Zones({"America/Manaus"}));
  // Spain: the Canaries are an hour behind Madrid
  EXPECT_EQ(of_number("+34 928 123 456"), Zones({"Atlantic/Canary"}));
  EXPECT_EQ(of_number("+34 912 345 678"), Zones({"Europe/Madrid"}));
  // Portugal: a mobile may be in the Azores
  EXPECT_EQ(of_number("+351 21 234 5678"), Zones({"Europe/Lisbon"}));
  EXPECT_EQ(of_number("+351 912 345 678"), Zones({"Atlantic/Azores", "Europe/Lisbon"}));
  // Australia: a Perth number's 089 is listed for Perth and Adelaide; 0891 64
  // is Christmas Island
  EXPECT_EQ(of_number("+61 8 9225 5555"), Zones({"Australia/Adelaide", "Australia/Perth"}));
  EXPECT_EQ(of_number("+61 8 9164 1234"), Zones({"Indian/Christmas"}));
  // the whole country, where nothing longer is listed
  EXPECT_EQ(of_prefix("61"), Zones({"Australia/Adelaide", "Australia/Brisbane", "Australia/Eucla",
                                    "Australia/Lord_Howe", "Australia/Perth", "Australia/Sydney",
                                    "Indian/Christmas", "Indian/Cocos"}));
}

// Types that say nothing of where the callee is (toll-free, VoIP, UAN, ...)
// get their country's zones (the Java mapper's getCountryLevelTimeZonesforNumber).
TEST(TimeZoneMap, NonGeographicalTypesGetTheCountrysZones) {
  PhoneChecker checker(PhoneMode::international, "");
  PhoneVerdict v = checker.check("+1 800 253 0000");
  EXPECT_EQ(v.number_type, "toll_free");
  EXPECT_EQ(of_number("+1 800 253 0000"), kNanp);
  v = checker.check("+44 55 1100 0000");
  ASSERT_TRUE(v.valid);
  EXPECT_NE(v.number_type, "fixed_line");
  EXPECT_EQ(of_number("+44 55 1100 0000"),
            Zones({"Europe/Guernsey", "Europe/Isle_of_Man", "Europe/Jersey", "Europe/London"}));
  // the longest prefix (445) would leave Jersey out
  EXPECT_EQ(of_prefix("445511000000"),
            Zones({"Europe/Guernsey", "Europe/Isle_of_Man", "Europe/London"}));
  v = checker.check("+81 50 1234 5678");
  EXPECT_EQ(v.number_type, "voip");
  EXPECT_EQ(of_number("+81 50 1234 5678"), Zones({"Asia/Tokyo"}));
}

TEST(TimeZoneMap, UnknownPrefixes) {
  EXPECT_EQ(of_prefix(""), kUnknown);
  EXPECT_EQ(of_prefix("+"), kUnknown);
  EXPECT_EQ(of_prefix("0"), kUnknown);
  EXPECT_EQ(of_prefix("999"), kUnknown);
  EXPECT_EQ(of_prefix("+883 5100 1234"), kUnknown);  // stops at the space: 883 is not listed
  EXPECT_EQ(of_number(""), kUnknown);
  EXPECT_EQ(list(time_zones_for_number("+14155552671", "unknown")), kUnknown);
  EXPECT_EQ(list(time_zones_for_number("+14155552671", "")), kUnknown);
  EXPECT_TRUE(is_unknown_time_zone(time_zones_for_prefix("999")));
  EXPECT_FALSE(is_unknown_time_zone(time_zones_for_prefix("49")));
  // '+' is optional; digits past the longest prefix don't matter
  EXPECT_EQ(of_prefix("+4930123456"), Zones({"Europe/Berlin"}));
  EXPECT_EQ(of_prefix("49"), Zones({"Europe/Berlin"}));
  EXPECT_EQ(of_prefix("4"), kUnknown);
}

}  // namespace
}  // namespace leadimport
