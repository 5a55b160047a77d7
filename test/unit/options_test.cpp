#include "core/options.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "core/errors.hpp"

namespace leadimport {
namespace {

// The UsageError's message (and hint) for `json`; fails when none is thrown.
std::string error_of(const std::string& json, std::string* hint = nullptr) {
  try {
    parse_options(json);
  } catch (const UsageError& e) {
    if (hint != nullptr) *hint = e.hint();
    return e.what();
  }
  ADD_FAILURE() << "no UsageError for " << json;
  return {};
}

void expect_defaults(const ImportOptions& o) {
  EXPECT_FALSE(o.secondary_contacts.has_value());  // as many as the header has
  EXPECT_EQ(o.phone_format, PhoneMode::international);
  EXPECT_EQ(o.country, "");
  EXPECT_TRUE(o.ignore_errors);
  EXPECT_FALSE(o.mapping_json.has_value());
  EXPECT_EQ(o.background, Background::automatic);
  EXPECT_EQ(o.format, "");
  EXPECT_EQ(o.delimiter, 0);
  EXPECT_EQ(o.encoding, "");
  EXPECT_EQ(o.sheet, "");
}

TEST(ParseOptions, EmptyMeansDefaults) {
  for (const char* json : {"", "  ", "{}", "null", " { } "}) {
    SCOPED_TRACE(json);
    expect_defaults(parse_options(json));
  }
}

TEST(ParseOptions, NullValuesKeepTheDefault) {
  expect_defaults(parse_options(
      R"({"secondary_contacts": null, "country": null, "mapping": null, "sheet": null})"));
}

TEST(ParseOptions, ReadsEveryKey) {
  ImportOptions o = parse_options(R"({
    "secondary_contacts": 3, "phone_format": "national", "country": "gb",
    "ignore_errors": false, "mapping": {"phone_number": "Tel", "variables": {"b": "B", "a": "A"}},
    "background": true, "format": "XLSX", "delimiter": ";", "encoding": "WINDOWS1252",
    "sheet": "Leads"})");
  EXPECT_EQ(o.secondary_contacts, std::optional<int>(3));
  EXPECT_EQ(o.phone_format, PhoneMode::national);
  EXPECT_EQ(o.country, "GB");
  EXPECT_FALSE(o.ignore_errors);
  ASSERT_TRUE(o.mapping_json.has_value());
  EXPECT_EQ(*o.mapping_json, R"({"phone_number":"Tel","variables":{"b":"B","a":"A"}})");
  EXPECT_EQ(o.background, Background::yes);
  EXPECT_EQ(o.format, "xlsx");
  EXPECT_EQ(o.delimiter, ';');
  EXPECT_EQ(o.encoding, "WINDOWS1252");
  EXPECT_EQ(o.sheet, "Leads");
}

TEST(ParseOptions, SecondaryContacts) {
  EXPECT_EQ(parse_options(R"({"secondary_contacts": 0})").secondary_contacts,
            std::optional<int>(0));
  EXPECT_EQ(parse_options(R"({"secondary_contacts": 10})").secondary_contacts,
            std::optional<int>(10));
  EXPECT_EQ(parse_options(R"({"secondary_contacts": 2.0})").secondary_contacts,
            std::optional<int>(2));
  for (const char* bad : {"-1", "11", "2.5", "\"2\"", "true", "[]", "99999999999"}) {
    std::string hint;
    std::string json = std::string(R"({"secondary_contacts": )") + bad + "}";
    EXPECT_EQ(error_of(json, &hint),
              std::string("invalid value for option \"secondary_contacts\": ") + bad);
    EXPECT_NE(hint.find("0 to 10"), std::string::npos);
  }
}

TEST(ParseOptions, PhoneFormatAndCountry) {
  EXPECT_EQ(parse_options(R"({"phone_format": "International"})").phone_format,
            PhoneMode::international);
  ImportOptions o = parse_options(R"({"phone_format": "national", "country": " us "})");
  EXPECT_EQ(o.phone_format, PhoneMode::national);
  EXPECT_EQ(o.country, "US");
  // Issue 11: a country alone was ignored (numbers stayed international).
  // It means national numbers of that country now.
  o = parse_options(R"({"country": "de"})");
  EXPECT_EQ(o.country, "DE");
  EXPECT_EQ(o.phone_format, PhoneMode::national);
  o = parse_options(R"({"country": "GB", "phone_format": null})");
  EXPECT_EQ(o.phone_format, PhoneMode::national);
  // An explicit international format keeps the country for the hints only.
  o = parse_options(R"({"country": "GB", "phone_format": "international"})");
  EXPECT_EQ(o.phone_format, PhoneMode::international);
  EXPECT_EQ(o.country, "GB");

  EXPECT_EQ(error_of(R"({"phone_format": "e164"})"),
            "invalid value for option \"phone_format\": \"e164\"");
  EXPECT_EQ(error_of(R"({"phone_format": 1})"), "invalid value for option \"phone_format\": 1");
  for (const char* bad : {"\"USA\"", "\"U\"", "\"U1\"", "\"\"", "1"}) {
    std::string hint;
    EXPECT_EQ(error_of(std::string(R"({"country": )") + bad + "}", &hint),
              std::string("invalid value for option \"country\": ") + bad);
    EXPECT_NE(hint.find("two-letter"), std::string::npos);
  }
}

TEST(ParseOptions, NationalNeedsACountry) {
  std::string hint;
  EXPECT_EQ(error_of(R"({"phone_format": "national"})", &hint),
            "phone_format \"national\" requires a country");
  EXPECT_NE(hint.find("\"country\": \"US\""), std::string::npos);
  EXPECT_EQ(error_of(R"({"phone_format": "national", "country": null})"),
            "phone_format \"national\" requires a country");
}

TEST(ParseOptions, IgnoreErrors) {
  EXPECT_FALSE(parse_options(R"({"ignore_errors": false})").ignore_errors);
  EXPECT_TRUE(parse_options(R"({"ignore_errors": true})").ignore_errors);
  EXPECT_FALSE(parse_options(R"({"ignore_errors": "false"})").ignore_errors);
  EXPECT_TRUE(parse_options(R"({"ignore_errors": "TRUE"})").ignore_errors);
  EXPECT_EQ(error_of(R"({"ignore_errors": "yes"})"),
            "invalid value for option \"ignore_errors\": \"yes\"");
  EXPECT_EQ(error_of(R"({"ignore_errors": 0})"), "invalid value for option \"ignore_errors\": 0");
}

TEST(ParseOptions, Mapping) {
  EXPECT_EQ(*parse_options(R"({"mapping": {}})").mapping_json, "{}");
  EXPECT_EQ(error_of(R"({"mapping": "Phone"})"), "invalid value for option \"mapping\": \"Phone\"");
  // The mapping's shape is checked at once.
  std::string hint;
  EXPECT_EQ(error_of(R"({"mapping": {"phone": "Phone"}})", &hint),
            "mapping has unknown key \"phone\" (expected \"phone_number\", \"variables\" and "
            "\"secondary\")");
  EXPECT_NE(hint.find("phone_number"), std::string::npos);
}

// The mapping's contacts against an explicit secondary_contacts, at call time.
TEST(ParseOptions, MappingAndSecondaryContacts) {
  std::string hint;
  EXPECT_EQ(error_of(R"({"secondary_contacts": 1, "mapping": {"secondary": [{}, {}]}})", &hint),
            "the mapping has 2 secondary contacts but secondary_contacts is 1");
  EXPECT_NE(hint.find("secondary_contacts"), std::string::npos);
  // null entries are no contacts; without secondary_contacts any number goes.
  EXPECT_NO_THROW(
      parse_options(R"({"secondary_contacts": 1, "mapping": {"secondary": [{}, null]}})"));
  EXPECT_NO_THROW(parse_options(R"({"mapping": {"secondary": [{}, {}, {}]}})"));
  // null values are allowed in the mapping (they unmap a field).
  EXPECT_NO_THROW(
      parse_options(R"({"mapping": {"phone_number": null, "variables": {"a": null}}})"));
}

TEST(ParseOptions, Background) {
  EXPECT_EQ(parse_options(R"({"background": "auto"})").background, Background::automatic);
  EXPECT_EQ(parse_options(R"({"background": "AUTO"})").background, Background::automatic);
  EXPECT_EQ(parse_options(R"({"background": true})").background, Background::yes);
  EXPECT_EQ(parse_options(R"({"background": false})").background, Background::no);
  EXPECT_EQ(parse_options(R"({"background": "true"})").background, Background::yes);
  EXPECT_EQ(parse_options(R"({"background": "false"})").background, Background::no);
  EXPECT_EQ(error_of(R"({"background": "later"})"),
            "invalid value for option \"background\": \"later\"");
  EXPECT_EQ(error_of(R"({"background": 1})"), "invalid value for option \"background\": 1");
}

TEST(ParseOptions, Format) {
  EXPECT_EQ(parse_options(R"({"format": "csv"})").format, "csv");
  EXPECT_EQ(parse_options(R"({"format": "XLS"})").format, "xls");
  EXPECT_EQ(parse_options(R"({"format": ".xlsx"})").format, "xlsx");
  EXPECT_EQ(error_of(R"({"format": "ods"})"), "invalid value for option \"format\": \"ods\"");
  EXPECT_EQ(error_of(R"({"format": ""})"), "invalid value for option \"format\": \"\"");
}

TEST(ParseOptions, Delimiter) {
  EXPECT_EQ(parse_options(R"({"delimiter": ","})").delimiter, ',');
  EXPECT_EQ(parse_options(R"({"delimiter": "\t"})").delimiter, '\t');
  EXPECT_EQ(parse_options(R"({"delimiter": "\\t"})").delimiter, '\t');
  EXPECT_EQ(parse_options(R"({"delimiter": "tab"})").delimiter, '\t');
  EXPECT_EQ(parse_options(R"({"delimiter": "TAB"})").delimiter, '\t');
  EXPECT_EQ(parse_options(R"({"delimiter": "comma"})").delimiter, ',');
  EXPECT_EQ(parse_options(R"({"delimiter": "semicolon"})").delimiter, ';');
  EXPECT_EQ(parse_options(R"({"delimiter": "pipe"})").delimiter, '|');
  EXPECT_EQ(parse_options(R"({"delimiter": "#"})").delimiter, '#');
  for (const char* bad :
       {"\"\"", "\";;\"", "\"\\\"\"", "\"\\n\"", "\"\\u0000\"", "44", "\"\\u00a7\""}) {
    std::string hint;
    EXPECT_NE(error_of(std::string(R"({"delimiter": )") + bad + "}", &hint)
                  .find("invalid value for option \"delimiter\""),
              std::string::npos)
        << bad;
    EXPECT_NE(hint.find("single character"), std::string::npos);
  }
}

TEST(ParseOptions, Encoding) {
  EXPECT_EQ(parse_options(R"({"encoding": "latin1"})").encoding, "latin1");
  EXPECT_EQ(error_of(R"({"encoding": ""})"), "invalid value for option \"encoding\": \"\"");
  EXPECT_EQ(error_of(R"({"encoding": 1252})"), "invalid value for option \"encoding\": 1252");
}

TEST(ParseOptions, Sheet) {
  EXPECT_EQ(parse_options(R"({"sheet": "Leads 2024"})").sheet, "Leads 2024");
  EXPECT_EQ(parse_options(R"({"sheet": 2})").sheet, "2");
  EXPECT_EQ(parse_options(R"({"sheet": "2"})").sheet, "2");
  EXPECT_EQ(error_of(R"({"sheet": 0})"), "invalid value for option \"sheet\": 0");
  EXPECT_EQ(error_of(R"({"sheet": -1})"), "invalid value for option \"sheet\": -1");
  EXPECT_EQ(error_of(R"({"sheet": ""})"), "invalid value for option \"sheet\": \"\"");
  EXPECT_EQ(error_of(R"({"sheet": true})"), "invalid value for option \"sheet\": true");
}

TEST(ParseOptions, UnknownKeysAreErrors) {
  std::string hint;
  EXPECT_EQ(error_of(R"({"ignore_error": false})", &hint), "unknown option \"ignore_error\"");
  EXPECT_EQ(hint.rfind("Did you mean \"ignore_errors\"?", 0), 0u) << hint;
  EXPECT_NE(hint.find("Valid options are secondary_contacts, phone_format, country, "
                      "ignore_errors, mapping, background, format, delimiter, encoding, sheet."),
            std::string::npos)
      << hint;
  EXPECT_EQ(error_of(R"({"Country": "US"})", &hint), "unknown option \"Country\"");
  EXPECT_EQ(hint.rfind("Did you mean \"country\"?", 0), 0u) << hint;
  EXPECT_EQ(error_of(R"({"batch_size": 10})", &hint), "unknown option \"batch_size\"");
  EXPECT_EQ(hint.rfind("Valid options are", 0), 0u) << hint;
}

TEST(ParseOptions, NotAnObject) {
  std::string hint;
  EXPECT_EQ(error_of("[1, 2]", &hint), "options must be a JSON object, not [1,2]");
  EXPECT_NE(hint.find("JSON object"), std::string::npos);
  EXPECT_EQ(error_of("\"secondary_contacts\""),
            "options must be a JSON object, not \"secondary_contacts\"");
  EXPECT_EQ(error_of("{\"a\":"), "options are not valid JSON");
  // A number no double holds is nlohmann's out_of_range, not a parse_error
  // (found by test/fuzz/fuzz_options).
  EXPECT_EQ(error_of("{\"secondary_contacts\": 1e999}"), "options are not valid JSON");
  std::string long_array = "[" + std::string(200, '1') + "]";
  EXPECT_LT(error_of(long_array).size(), 120u);
}

}  // namespace
}  // namespace leadimport
