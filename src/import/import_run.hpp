// The import pipeline: rows from a source -> mapping -> checks -> in-file and
// in-campaign duplicates -> leads, contacts and errors, a batch at a time.
//
// It runs inside the caller's transaction. start()/step()/finish() are the
// seams a background worker drives, committing between steps.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/options.hpp"
#include "core/read/row_source.hpp"

namespace leadimport::pipeline {

// Opens the rows to import and names their format ("csv", "xlsx", "xls",
// "staged"). May throw FileError.
using SourceOpener = std::function<std::unique_ptr<RowSource>(std::string& format)>;

struct ImportRequest {
  int64_t campaign_id = 0;
  std::string file_name;
  std::string options_json;  // stored in imports.options
  ImportOptions options;
  SourceOpener open;
};

struct Outcome {
  int64_t import_id = 0;
  bool failed = false;
  std::string error_code;
  std::string error;
  std::string hint;
};

// Checks the request against the campaign, records the import and runs it to
// the end. File problems give a failed Outcome; call mistakes throw.
Outcome run_import(const ImportRequest& request);

// Rows per batch (the leadimport.batch_size setting).
extern int batch_size;

}  // namespace leadimport::pipeline
