// The foreground/background decision of import_data() and import_file(), and
// queueing an import for the launcher.
#pragma once

#include <cstdint>

#include "core/options.hpp"
#include "core/read/input.hpp"
#include "import/import_run.hpp"

namespace leadimport::worker {

// Whether the import of `in` (nullptr: a staging table) goes to the
// background worker: {"background": true} always (or an ERROR saying why it
// can't), "auto" for more than 1,000 rows when it can, false never. Throws
// pg::SqlError (0A000) when the caller asked for the background and it can't be.
bool in_background(const ImportOptions& options, const Input* in);

// Records the import as queued, with its bytes or its server path; the
// launcher starts it after the commit. Returns the import id.
int64_t enqueue(const pipeline::ImportRequest& req, const Input& in);

}  // namespace leadimport::worker
