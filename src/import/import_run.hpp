// The import pipeline: rows from a source -> mapping -> checks -> in-file and
// in-campaign duplicates -> leads, contacts and errors, a batch at a time.
//
// A foreground import runs it to the end inside the caller's transaction
// (run_import). The background worker drives the same Pipeline with
// start()/step()/save_progress(), committing between steps and resuming after
// the last committed row when restarted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/options.hpp"
#include "core/read/row_source.hpp"
#include "import/catalog.hpp"
#include "import/import_record.hpp"

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
  std::string status;  // completed, failed
  std::string error_code;
  std::string error;
  std::string hint;
};

// import: check and insert. validate: check only, write errors, insert
// nothing (the first pass of an all-or-nothing background import).
enum class RunMode { import, validate };

class Pipeline {
 public:
  Pipeline(const ImportRequest& req, Campaign campaign, ImportRecord record, RunMode mode);
  ~Pipeline();

  // Opens the source, reads the header, settles the mapping; with
  // resume_after > 0, skips the rows up to it and restores the counters and
  // the in-file duplicate set from what is committed. Throws FileError.
  void start(int64_t resume_after = 0, const Counts& resumed = {});
  // Processes up to `max_rows` data rows; false once the source is exhausted.
  bool step(int64_t max_rows);
  // Writes the counters and the last processed row (the worker commits after).
  void save_progress();
  // Completes the import, or fails it when all-or-nothing was asked for and a
  // row is bad (removing what it inserted).
  Outcome finish();
  // A file problem: removes what this import inserted and records the failure.
  Outcome fail(const std::string& code, const std::string& message, const std::string& hint);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Counts the non-blank data rows of a source (for progress in the background).
int64_t count_data_rows(RowSource& rows);

// Checks the request, records the import and runs it to the end in the
// caller's transaction. File problems give a failed Outcome; call mistakes throw.
Outcome run_import(const ImportRequest& request);

// Rejects option combinations the campaign can't take (throws UsageError).
void check_request(const ImportRequest& request);

// Rows per batch (the leadimport.batch_size setting).
extern int batch_size;

}  // namespace leadimport::pipeline
