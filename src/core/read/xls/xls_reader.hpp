// .xls reader (BIFF8, Excel 97-2003; BIFF5/7, Excel 5.0/95): xls_cfb (the OLE2 container) and
// xls_biff (the records). Excel 2.x-4.0 files are refused by name.
#pragma once

#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

std::unique_ptr<RowSource> open_xls(const Input& in, const ReadOptions& opts);

}  // namespace leadimport
