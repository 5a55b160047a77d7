// CSV files in other encodings, converted to UTF-8 with PostgreSQL's own
// conversion routines (the same ones COPY ... ENCODING uses).
#pragma once

#include <memory>
#include <string>

#include "core/read/input.hpp"

namespace leadimport::pg {

// nullptr when `name` means UTF-8 (or is empty): the reader validates UTF-8 itself.
// Throws UsageError for an unknown encoding name or one with no conversion.
std::unique_ptr<CellDecoder> make_decoder(const std::string& name);

}  // namespace leadimport::pg
