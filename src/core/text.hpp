// Text helpers of the whole core: trimming, UTF-8, JSON strings, values
// quoted for messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leadimport {

// What trim() takes off both ends of a text. Each caller keeps the set it
// has always had: a wider one would change what a file or an option means.
enum class Blanks {
  ascii,   // ' ', '\t', '\r', '\n' (JSON's and XML's whitespace): option values, xlsx attributes
  cell,    // every ASCII space (also '\v', '\f') and U+00A0 no-break space: cell values
  header,  // as cell, and stray U+FEFF byte order marks: header names
};

// `s` without the leading and trailing `blanks`.
std::string_view trim(std::string_view s, Blanks blanks = Blanks::cell);

// Length in bytes of the valid UTF-8 sequence at s[i], or 0 when it is not one
// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut off).
size_t utf8_sequence(std::string_view s, size_t i);

size_t utf8_length(std::string_view s);                         // characters, not bytes
void append_json_string(std::string& out, std::string_view s);  // quoted, escaped

// A cell value quoted for a message: "x", cut to `max_chars` characters (then
// "...") and with control characters shown as spaces, so a huge or binary cell
// still gives a readable one-line message.
std::string quote_value(std::string_view s, size_t max_chars = 40);

// UTF-8 encoding of one code point (BIFF's UTF-16 strings, OOXML's _xHHHH_).
void append_utf8(std::string& out, uint32_t cp);

// Equal when ASCII letters are compared without case (sheet and stream names).
bool equal_nocase(std::string_view a, std::string_view b);

}  // namespace leadimport
