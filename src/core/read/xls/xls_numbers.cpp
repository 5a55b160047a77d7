#include "core/read/xls/xls_numbers.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace leadimport::excel {

NumberKind builtin_number_kind(int id) {
  if (id >= 14 && id <= 17) return NumberKind::date;  // m/d/yy, d-mmm-yy, d-mmm, mmm-yy
  if (id >= 18 && id <= 21) return NumberKind::time;  // h:mm AM/PM ... h:mm:ss
  if (id == 22) return NumberKind::datetime;          // m/d/yy h:mm
  if (id == 45 || id == 47) return NumberKind::time;  // mm:ss, mmss.0
  if (id == 46) return NumberKind::elapsed;           // [h]:mm:ss
  // East Asian locale date formats that Excel writes by id only (xlrd and
  // openpyxl treat these as dates too).
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberKind::date;
  return NumberKind::number;
}

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view s, size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(s[at + i]) != word[i]) return false;
  return true;
}

bool is_token(char c) {
  c = lower(c);
  return c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's';
}

// The next date/time token letter after `i`, skipping literals, or 0.
char next_token(std::string_view code, size_t i) {
  for (; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') return 0;
    if (c == '"') {
      auto end = code.find('"', i + 1);
      if (end == std::string_view::npos) return 0;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (is_token(c)) {
      return lower(c);
    }
  }
  return 0;
}

}  // namespace

NumberKind classify_format_code(std::string_view code) {
  bool date = false, time = false, elapsed = false;
  char last = 0;  // the previous token letter, to tell minutes from months
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;  // other sections are for negatives/zero/text
    if (c == '"') {       // a literal: "Year "0 is not a date
      auto end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // escaped char, space-as-wide-as, fill
      ++i;
      continue;
    }
    if (c == '[') {  // [Red], [$-409], [>100]; but [h], [mm], [ss] are elapsed time
      auto end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      std::string_view in = code.substr(i + 1, end - i - 1);
      bool all_same = !in.empty();
      for (char x : in) all_same = all_same && lower(x) == lower(in[0]);
      char t = in.empty() ? 0 : lower(in[0]);
      if (all_same && (t == 'h' || t == 'm' || t == 's')) {
        elapsed = true;
        last = t;
      }
      i = end;
      continue;
    }
    if (starts_with_nocase(code, i, "general")) {
      i += 6;
      continue;
    }
    if (starts_with_nocase(code, i, "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (starts_with_nocase(code, i, "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    if (!is_token(c)) continue;
    char t = lower(c);
    size_t run = i;
    while (run + 1 < code.size() && lower(code[run + 1]) == t) ++run;
    if (t == 'y' || t == 'd') {
      date = true;
    } else if (t == 'h' || t == 's') {
      time = true;
    } else if (last == 'h' || next_token(code, run + 1) == 's') {  // m after h / before s
      time = true;
    } else {
      date = true;  // a month
    }
    last = t;
    i = run;
  }
  if (date && (time || elapsed)) return NumberKind::datetime;
  if (date) return NumberKind::date;
  if (elapsed) return NumberKind::elapsed;
  if (time) return NumberKind::time;
  return NumberKind::number;
}

std::string number_text(double v) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";  // also -0
  char buf[400];
  // Round to 15 significant digits, as Excel displays and stores typed
  // numbers: 0.30000000000000004 is 0.3, 1.4155551234E10 is 14155551234.
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 14);
  double rounded = v;
  std::from_chars(buf, r.ptr, rounded);
  if (rounded == std::trunc(rounded) && std::fabs(rounded) < 1e21)
    r = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed);
  else
    r = std::to_chars(buf, buf + sizeof buf, rounded);
  return std::string(buf, r.ptr);
}

namespace {

// Howard Hinnant's civil_from_days: days since 1970-01-01 → y, m, d.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

constexpr int64_t kDays1899_12_30 = -25569;  // 1899-12-30 as days since 1970-01-01
constexpr int64_t kDays1904_01_01 = -24107;  // 1904-01-01

}  // namespace

bool serial_to_text(double serial, NumberKind kind, bool date1904, std::string& out) {
  // 2958466 is 10000-01-01 in the 1900 system: Excel's dates end before it.
  if (!(serial >= 0) || serial >= 2958466.0) return false;
  int64_t day = static_cast<int64_t>(std::floor(serial));
  int64_t secs = std::llround((serial - std::floor(serial)) * 86400.0);
  if (secs >= 86400) {  // 23:59:59.6 rounds up into the next day
    secs -= 86400;
    ++day;
  }
  char buf[64];
  int hh = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
      ss = static_cast<int>(secs % 60);
  if (kind == NumberKind::elapsed) {
    std::snprintf(buf, sizeof buf, "%02lld:%02d:%02d", static_cast<long long>(day * 24 + hh), mi,
                  ss);
    out += buf;
    return true;
  }
  if (kind == NumberKind::time) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hh, mi, ss);
    out += buf;
    return true;
  }
  int64_t y;
  unsigned m, d;
  if (date1904) {
    civil_from_days(kDays1904_01_01 + day, y, m, d);
  } else if (day == 60) {  // Lotus 1-2-3's 1900-02-29, which Excel keeps
    y = 1900, m = 2, d = 29;
  } else if (day == 0) {
    return false;  // "1900-01-00": no date; show the number
  } else {
    civil_from_days(kDays1899_12_30 + day + (day < 60 ? 1 : 0), y, m, d);
  }
  if (kind == NumberKind::datetime && secs != 0)
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02d:%02d:%02d", static_cast<long long>(y), m,
                  d, hh, mi, ss);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  out += buf;
  return true;
}

}  // namespace leadimport::excel
