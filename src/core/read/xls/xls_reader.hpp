// .xls (BIFF8, Excel 97-2003) reader on FreeXL.
#pragma once

#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

std::unique_ptr<RowSource> open_xls(const Input& in, const ReadOptions& opts);

}  // namespace leadimport
