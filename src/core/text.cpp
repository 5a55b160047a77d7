#include "core/text.hpp"

#include <cctype>
#include <cstdint>

namespace leadimport {

namespace {

bool is_blank_byte(char c, Blanks blanks) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
      return true;
    case '\v':
    case '\f':
      return blanks != Blanks::ascii;
    default:
      return false;
  }
}

// The length of the blank at the start of `s` (0: none).
size_t blank_at_front(std::string_view s, Blanks blanks) {
  if (s.empty()) return 0;
  if (is_blank_byte(s.front(), blanks)) return 1;
  if (blanks == Blanks::ascii) return 0;
  if (s.substr(0, 2) == "\xC2\xA0") return 2;
  if (blanks == Blanks::header && s.substr(0, 3) == "\xEF\xBB\xBF") return 3;
  return 0;
}

// The length of the blank at the end of `s` (0: none).
size_t blank_at_back(std::string_view s, Blanks blanks) {
  if (s.empty()) return 0;
  if (is_blank_byte(s.back(), blanks)) return 1;
  if (blanks == Blanks::ascii) return 0;
  if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") return 2;
  if (blanks == Blanks::header && s.size() >= 3 && s.substr(s.size() - 3) == "\xEF\xBB\xBF")
    return 3;
  return 0;
}

}  // namespace

std::string_view trim(std::string_view s, Blanks blanks) {
  while (size_t n = blank_at_front(s, blanks)) s.remove_prefix(n);
  while (size_t n = blank_at_back(s, blanks)) s.remove_suffix(n);
  return s;
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

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool equal_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace leadimport
