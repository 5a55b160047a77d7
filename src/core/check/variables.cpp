// Checks of one variable cell, and the small text helpers the checks and the
// JSON writers share. Values become JSON text directly (never a double), so a
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

CellProblem invalid_number(const VariableSpec& spec, std::string_view value, NumberParse why) {
  std::string message =
      quote_value(value) +
      (why == NumberParse::range ? " is out of range for a number" : " is not a number");
  return {codes::invalid_number.code, std::move(message),
          "Write " + spec.name +
              " as a plain number such as 1234 or -12.5: digits and a decimal point, "
              "no thousands separators, currency signs or units."};
}

CellProblem invalid_boolean(const VariableSpec& spec, std::string_view value) {
  return {codes::invalid_boolean.code, quote_value(value) + " is not a boolean",
          "Write " + spec.name +
              " as true or false (yes/no, y/n, 1/0 and t/f are accepted too, in any case)."};
}

CellProblem too_long(const VariableSpec& spec, size_t length) {
  std::string limit = std::to_string(*spec.max_length);
  return {codes::too_long.code,
          "value has " + std::to_string(length) + " characters; the limit is " + limit,
          "Shorten " + spec.name + " to at most " + limit + " characters."};
}

// Length in bytes of the valid UTF-8 sequence at s[i], or 0 when it is not one
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut off).
size_t utf8_sequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  size_t n;
  uint32_t cp;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    cp = b & 0x0F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
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
                                        std::string& out) {
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
        return invalid_number(spec, value, result);
      }
      break;
    }
    case VarType::boolean: {
      std::optional<bool> b = parse_boolean(value);
      if (!b) return invalid_boolean(spec, value);
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
      return too_long(spec, length);
    }
  }
  return std::nullopt;
}

std::optional<CellProblem> check_value(const VariableSpec& spec, std::string_view cell,
                                       std::string& json) {
  json.clear();
  return append_value(spec, cell, json);
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // jsonb rejects \u0000 and invalid UTF-8; both become U+FFFD so that one odd
  // byte can never fail the INSERT of a whole batch.
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t run = i;
    while (run < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == 0) {
      out.append(kReplacement);
      ++i;
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++i;
    } else if (size_t n = utf8_sequence(s, i)) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out.append(kReplacement);
      ++i;
    }
  }
  out += '"';
}

std::string quote_value(std::string_view s, size_t max_chars) {
  std::string out = "\"";
  size_t chars = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // invalid UTF-8 would break the message's text column
      n = 1;
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out.append(s.data() + i, n);
    }
    i += n;
    ++chars;
  }
  out += '"';
  return out;
}

}  // namespace leadimport
