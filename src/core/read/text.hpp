// Small text helpers shared by the readers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leadimport {

// UTF-8 encoding of one code point (BIFF's UTF-16 strings, OOXML's _xHHHH_).
void append_utf8(std::string& out, uint32_t cp);

// Equal when ASCII letters are compared without case (sheet and stream names).
bool equal_nocase(std::string_view a, std::string_view b);

}  // namespace leadimport
