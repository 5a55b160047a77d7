// .xls (BIFF8, Excel 97-2003) reader: xls_cfb (the OLE2 container) and
// xls_biff (the records). Older BIFF versions are refused by name.
#pragma once

#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

std::unique_ptr<RowSource> open_xls(const Input& in, const ReadOptions& opts);

}  // namespace leadimport
