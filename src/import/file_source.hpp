// The rows of a file (server path or bytes): format detection, the reader,
// and PostgreSQL's conversion for CSV files in another encoding.
#pragma once

#include "core/options.hpp"
#include "core/read/input.hpp"
#include "import/import_run.hpp"

namespace leadimport::pipeline {

// `in` must stay valid (its bytes, when in memory) while the rows are read.
SourceOpener file_opener(Input in, const ImportOptions& opts);

}  // namespace leadimport::pipeline
