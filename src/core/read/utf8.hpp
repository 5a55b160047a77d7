// UTF-8 encoding of one code point, shared by the Excel readers (BIFF's
// UTF-16 strings, OOXML's _xHHHH_ escapes).
#pragma once

#include <cstdint>
#include <string>

namespace leadimport {

void append_utf8(std::string& out, uint32_t cp);

}  // namespace leadimport
