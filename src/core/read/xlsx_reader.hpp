// Streaming .xlsx (Office Open XML) reader.
#pragma once

#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

std::unique_ptr<RowSource> open_xlsx(const Input& in, const ReadOptions& opts);

}  // namespace leadimport
