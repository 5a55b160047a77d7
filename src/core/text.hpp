// Text helpers of the whole core. (The readers' own, code points and names
// compared without case, are in read/text.hpp.)
#pragma once

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

}  // namespace leadimport
