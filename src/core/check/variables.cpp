// Checks of one variable cell. Values become JSON text directly (never a double), so a
// 20-digit account number stays exact.
#include "core/check/variables.hpp"

#include <cstdint>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace leadimport {

namespace {

// PostgreSQL's numeric_in refuses exponents beyond +-1000 (NUMERIC_MAX_PRECISION),
// and jsonb reads JSON numbers with numeric_in: a value outside these limits
// would fail the INSERT of the whole batch, so it is a cell error here.
constexpr int kMaxExponent = 1000;
constexpr size_t kMaxDigits = 1000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != b[i]) return false;
  return true;
}

enum class NumberParse { ok, syntax, range };

// Grammar: [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?
// Appends the canonical JSON number: no '+', no leading zeros, "0." before a
// bare fraction, no empty fraction, a lower-case exponent without '+' or
// leading zeros (dropped when zero), no sign on zero. Fraction digits are kept
// as written ("19.90" stays 19.90: same value, and what the user typed).
NumberParse append_number(std::string_view s, std::string& out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::string_view int_digits = s.substr(int_begin, i - int_begin);
  std::string_view frac_digits;
  if (i < s.size() && s[i] == '.') {
    size_t frac_begin = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    frac_digits = s.substr(frac_begin, i - frac_begin);
  }
  if (int_digits.empty() && frac_digits.empty()) return NumberParse::syntax;
  bool exp_negative = false;
  std::string_view exp_digits;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    size_t exp_begin = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    exp_digits = s.substr(exp_begin, i - exp_begin);
    if (exp_digits.empty()) return NumberParse::syntax;
  }
  if (i != s.size()) return NumberParse::syntax;

  while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
  while (!exp_digits.empty() && exp_digits.front() == '0') exp_digits.remove_prefix(1);
  if (int_digits.size() + frac_digits.size() > kMaxDigits || exp_digits.size() > 4)
    return NumberParse::range;
  int exponent = 0;
  for (char c : exp_digits) exponent = exponent * 10 + (c - '0');
  if (exponent > kMaxExponent) return NumberParse::range;

  bool zero = int_digits.empty() && frac_digits.find_first_not_of('0') == std::string_view::npos;
  if (negative && !zero) out += '-';
  if (int_digits.empty())
    out += '0';
  else
    out.append(int_digits);
  if (!frac_digits.empty()) {
    out += '.';
    out.append(frac_digits);
  }
  if (exponent != 0) {
    out += 'e';
    if (exp_negative) out += '-';
    out.append(exp_digits);
  }
  return NumberParse::ok;
}

// true/false, yes/no, y/n, 1/0, t/f in any case; nullopt for anything else.
std::optional<bool> parse_boolean(std::string_view s) {
  static constexpr std::string_view kTrue[] = {"true", "yes", "y", "1", "t"};
  static constexpr std::string_view kFalse[] = {"false", "no", "n", "0", "f"};
  for (auto word : kTrue)
    if (iequals(s, word)) return true;
  for (auto word : kFalse)
    if (iequals(s, word)) return false;
  return std::nullopt;
}

CellProblem invalid_number(std::string_view label, std::string_view value, NumberParse why) {
  std::string message =
      quote_value(value) +
      (why == NumberParse::range ? " is out of range for a number" : " is not a number");
  return {codes::invalid_number.code, std::move(message),
          "Write " + std::string(label) +
              " as a plain number such as 1234 or -12.5: digits and a decimal point, "
              "no thousands separators, currency signs or units."};
}

CellProblem invalid_boolean(std::string_view label, std::string_view value) {
  return {codes::invalid_boolean.code, quote_value(value) + " is not a boolean",
          "Write " + std::string(label) +
              " as true or false (yes/no, y/n, 1/0 and t/f are accepted too, in any case)."};
}

CellProblem too_long(const VariableSpec& spec, std::string_view label, size_t length) {
  std::string limit = std::to_string(*spec.max_length);
  return {codes::too_long.code,
          "value has " + std::to_string(length) + " characters; the limit is " + limit,
          "Shorten " + std::string(label) + " to at most " + limit + " characters."};
}

}  // namespace

VarType parse_var_type(const std::string& s) {
  std::string_view t = trim(s);
  if (iequals(t, "text")) return VarType::text;
  if (iequals(t, "number")) return VarType::number;
  if (iequals(t, "boolean")) return VarType::boolean;
  throw UsageError("unknown variable type " + quote_value(s),
                   "A variable's data_type is text, number or boolean.");
}

std::optional<CellProblem> append_value(const VariableSpec& spec, std::string_view cell,
                                        std::string& out, std::string_view label) {
  if (label.empty()) label = spec.name;
  std::string_view value = trim(cell);
  size_t before = out.size();
  switch (spec.type) {
    case VarType::text:
      append_json_string(out, value);
      break;
    case VarType::number: {
      NumberParse result = append_number(value, out);
      if (result != NumberParse::ok) {
        out.resize(before);
        return invalid_number(label, value, result);
      }
      break;
    }
    case VarType::boolean: {
      std::optional<bool> b = parse_boolean(value);
      if (!b) return invalid_boolean(label, value);
      out += *b ? "true" : "false";
      break;
    }
  }
  // Checked after the type so that the more telling problem wins ("abc" in a
  // number column is not a number, whatever its length).
  if (spec.max_length) {
    size_t length = utf8_length(value);
    if (length > static_cast<size_t>(*spec.max_length)) {
      out.resize(before);
      return too_long(spec, label, length);
    }
  }
  return std::nullopt;
}

std::optional<CellProblem> check_value(const VariableSpec& spec, std::string_view cell,
                                       std::string& json) {
  json.clear();
  return append_value(spec, cell, json);
}

}  // namespace leadimport
