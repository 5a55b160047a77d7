#include "core/text.hpp"

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

}  // namespace leadimport
