// Variable cells: typed JSON values, limits in characters, and the helpers.
#include <gtest/gtest.h>

#include "core/check/variables.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace leadimport {
namespace {

VariableSpec spec(VarType type, std::optional<int> max_length = std::nullopt) {
  VariableSpec s;
  s.name = "v";
  s.type = type;
  s.max_length = max_length;
  return s;
}

// The JSON of a valid cell, or "!<code>" for a problem.
std::string value(VarType type, std::string_view cell, std::optional<int> max_length = {}) {
  std::string json = "garbage";
  auto problem = check_value(spec(type, max_length), cell, json);
  if (problem) return "!" + problem->code;
  return json;
}

std::string number(std::string_view cell) { return value(VarType::number, cell); }
std::string boolean(std::string_view cell) { return value(VarType::boolean, cell); }
std::string text(std::string_view cell) { return value(VarType::text, cell); }

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(VarType, Parses) {
  EXPECT_EQ(parse_var_type("text"), VarType::text);
  EXPECT_EQ(parse_var_type("number"), VarType::number);
  EXPECT_EQ(parse_var_type("boolean"), VarType::boolean);
  EXPECT_EQ(parse_var_type(" Boolean "), VarType::boolean);
  EXPECT_THROW(parse_var_type("integer"), UsageError);
  EXPECT_THROW(parse_var_type(""), UsageError);
  try {
    parse_var_type("date");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown variable type \"date\"");
    EXPECT_EQ(e.hint(), "A variable's data_type is text, number or boolean.");
  }
}

TEST(Number, CanonicalJson) {
  EXPECT_EQ(number("42"), "42");
  EXPECT_EQ(number(" 42 "), "42");
  EXPECT_EQ(number("+5"), "5");
  EXPECT_EQ(number("-5"), "-5");
  EXPECT_EQ(number(".5"), "0.5");
  EXPECT_EQ(number("-.5"), "-0.5");
  EXPECT_EQ(number("5."), "5");
  EXPECT_EQ(number("007"), "7");
  EXPECT_EQ(number("0"), "0");
  EXPECT_EQ(number("-0"), "0");
  EXPECT_EQ(number("-0.00"), "0.00");
  EXPECT_EQ(number("19.90"), "19.90");
  EXPECT_EQ(number("00.25"), "0.25");
  EXPECT_EQ(number("1e5"), "1e5");
  EXPECT_EQ(number("1E+05"), "1e5");
  EXPECT_EQ(number("2.5e-3"), "2.5e-3");
  EXPECT_EQ(number("3e0"), "3");
  EXPECT_EQ(number("3e-000"), "3");
  EXPECT_EQ(number("1e1000"), "1e1000");
}

TEST(Number, BigIntegersStayExact) {
  EXPECT_EQ(number("12345678901234567890123"), "12345678901234567890123");
  EXPECT_EQ(number("9007199254740993"), "9007199254740993");
  EXPECT_EQ(number("0.1000000000000000055511151231257827"), "0.1000000000000000055511151231257827");
}

TEST(Number, Rejects) {
  for (const char* bad :
       {"abc", "NaN",   "nan",   "Infinity", "-inf",         "0x1F", "1,000", "1 000", "3,5",
        "$5",  "5%",    "1e",    "1e+",      "e5",           ".",    "-",     "+",     "--5",
        "+-5", "1.2.3", "1e5.5", "5 kg",     "\xEF\xBC\x95", "١٢"}) {
    EXPECT_EQ(number(bad), "!invalid_number") << bad;
  }
}

TEST(Number, OutOfPostgresRange) {
  EXPECT_EQ(number("1e1001"), "!invalid_number");
  EXPECT_EQ(number("1e-1001"), "!invalid_number");
  EXPECT_EQ(number("1e99999999999999999999"), "!invalid_number");
  EXPECT_EQ(number(std::string(1001, '7')), "!invalid_number");
  EXPECT_EQ(number(std::string(1000, '7')), std::string(1000, '7'));
  EXPECT_EQ(number(std::string(2000, '0') + "1"), "1");  // leading zeros are not digits
  std::string json;
  auto p = check_value(spec(VarType::number), "1e2000", json);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "\"1e2000\" is out of range for a number");
}

TEST(Number, ProblemText) {
  std::string json = "kept?";
  VariableSpec age = spec(VarType::number);
  age.name = "age";
  auto p = check_value(age, " 1,000 ", json);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->code, "invalid_number");
  EXPECT_EQ(p->message, "\"1,000\" is not a number");
  EXPECT_EQ(p->hint,
            "Write age as a plain number such as 1234 or -12.5: digits and a decimal point, no "
            "thousands separators, currency signs or units.");
  EXPECT_EQ(json, "");  // check_value clears its output
}

TEST(Boolean, AllSpellings) {
  for (const char* t : {"true", "TRUE", "True", "yes", "YES", "y", "Y", "1", "t", "T", " yes "})
    EXPECT_EQ(boolean(t), "true") << t;
  for (const char* f : {"false", "FALSE", "no", "No", "n", "N", "0", "f", "F", "\tfalse\xC2\xA0"})
    EXPECT_EQ(boolean(f), "false") << f;
}

TEST(Boolean, Rejects) {
  for (const char* bad : {"maybe", "on", "off", "2", "-1", "yess", "tru", "true false", "00"})
    EXPECT_EQ(boolean(bad), "!invalid_boolean") << bad;
  std::string json;
  VariableSpec vip = spec(VarType::boolean);
  vip.name = "vip";
  auto p = check_value(vip, "maybe", json);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "\"maybe\" is not a boolean");
  EXPECT_EQ(p->hint,
            "Write vip as true or false (yes/no, y/n, 1/0 and t/f are accepted too, in any case).");
}

TEST(Text, IsATrimmedJsonString) {
  EXPECT_EQ(text("  Ada Lovelace  "), "\"Ada Lovelace\"");
  EXPECT_EQ(text("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(text("Zoë Šimić 日本"), "\"Zoë Šimić 日本\"");
  EXPECT_EQ(text("12"), "\"12\"");  // a text variable stays text
}

TEST(MaxLength, CountsCharactersNotBytes) {
  // "é" is two bytes, "日" three, "😀" four: each is one character.
  EXPECT_EQ(value(VarType::text, "ééééé", 5), "\"ééééé\"");
  EXPECT_EQ(value(VarType::text, "日本語😀", 4), "\"日本語😀\"");
  EXPECT_EQ(value(VarType::text, "日本語😀x", 4), "!too_long");
  EXPECT_EQ(value(VarType::text, "  abc  ", 3), "\"abc\"");  // after trimming
  EXPECT_EQ(value(VarType::number, "12345", 4), "!too_long");
  EXPECT_EQ(value(VarType::boolean, "false", 4), "!too_long");
  EXPECT_EQ(value(VarType::number, "abcde", 4), "!invalid_number");  // the type wins
}

TEST(MaxLength, ProblemText) {
  VariableSpec name = spec(VarType::text, 30);
  name.name = "customer_name";
  std::string json;
  auto p = check_value(name, std::string(31, 'x'), json);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->code, "too_long");
  EXPECT_EQ(p->message, "value has 31 characters; the limit is 30");
  EXPECT_EQ(p->hint, "Shorten customer_name to at most 30 characters.");
}

// Issue 11: a secondary contact's cell is named by its column in the hint.
TEST(AppendValue, HintNamesTheLabelGiven) {
  VariableSpec age = spec(VarType::number);
  age.name = "age";
  VariableSpec vip = spec(VarType::boolean);
  vip.name = "vip";
  VariableSpec name = spec(VarType::text, 3);
  name.name = "customer_name";
  std::string out;
  auto p = append_value(age, "x", out, "secondary_1_age");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hint.rfind("Write secondary_1_age as a plain number", 0), 0u) << p->hint;
  p = append_value(vip, "x", out, "secondary_2_vip");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hint.rfind("Write secondary_2_vip as true or false", 0), 0u) << p->hint;
  p = append_value(name, "abcd", out, "secondary_1_customer_name");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hint, "Shorten secondary_1_customer_name to at most 3 characters.");
  p = append_value(name, "abcd", out);  // no label: the variable's name
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hint, "Shorten customer_name to at most 3 characters.");
}

TEST(AppendValue, LeavesOutputUntouchedOnProblem) {
  std::string out = "{\"a\":";
  EXPECT_TRUE(append_value(spec(VarType::number), "x", out));
  EXPECT_EQ(out, "{\"a\":");
  EXPECT_TRUE(append_value(spec(VarType::text, 2), "xyz", out));
  EXPECT_EQ(out, "{\"a\":");
  EXPECT_FALSE(append_value(spec(VarType::number), "-7", out));
  EXPECT_EQ(out, "{\"a\":-7");
}

TEST(Utf8Length, Counts) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("é"), 1u);
  EXPECT_EQ(utf8_length("日本"), 2u);
  EXPECT_EQ(utf8_length("😀😀"), 2u);
}

TEST(Trim, AsciiAndNbsp) {
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(" \t\r\n\v\fx y\t "), "x y");
  EXPECT_EQ(trim("\xC2\xA0 x \xC2\xA0\xC2\xA0"), "x");
  EXPECT_EQ(trim("\xC2\xA0"), "");
  EXPECT_EQ(trim("a\xC2\xA0"), "a");
  EXPECT_EQ(trim("\xC3\xA9"), "\xC3\xA9");  // é is not whitespace
  EXPECT_EQ(trim("x\xA0"), "x\xA0");        // a lone 0xA0 byte is not NBSP
}

TEST(JsonString, Escapes) {
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string("tab\there\nnew\rret"), "\"tab\\u0009here\\u000anew\\u000dret\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(json_string("/ and \x7f"), "\"/ and \x7f\"");
  EXPECT_EQ(json_string("é日😀"), "\"é日😀\"");
  EXPECT_EQ(json_string("\xE2\x80\xA8"), "\"\xE2\x80\xA8\"");  // U+2028 is fine in JSON
}

TEST(JsonString, MakesWhatJsonbCannotHoldSafe) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(json_string(std::string("a\0b", 3)), "\"a" + fffd + "b\"");
  EXPECT_EQ(json_string("\xFF"), "\"" + fffd + "\"");
  EXPECT_EQ(json_string("\xC3"), "\"" + fffd + "\"");                        // cut off
  EXPECT_EQ(json_string("\xC0\xAF"), "\"" + fffd + fffd + "\"");             // overlong
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(json_string("\xF4\x90\x80\x80x"), "\"" + fffd + fffd + fffd + fffd + "x\"");
}

TEST(JsonString, Appends) {
  std::string out = "{";
  append_json_string(out, "k");
  out += ':';
  append_json_string(out, "v");
  EXPECT_EQ(out, "{\"k\":\"v\"");
}

TEST(QuoteValue, CutsAndCleans) {
  EXPECT_EQ(quote_value("abc"), "\"abc\"");
  EXPECT_EQ(quote_value("a\tb\nc"), "\"a b c\"");
  EXPECT_EQ(quote_value("日本語", 2), "\"日本...\"");
  EXPECT_EQ(quote_value(std::string(40, 'x')), "\"" + std::string(40, 'x') + "\"");
  EXPECT_EQ(quote_value(std::string(41, 'x')), "\"" + std::string(40, 'x') + "...\"");
  EXPECT_EQ(quote_value("\xFF"), "\"\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace leadimport
