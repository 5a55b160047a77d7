// Exceptions of the pure C++ core.
// - A FileError fails the import: the pipeline catches it (run_import in
//   src/import/import_run.cpp, the worker's passes in
//   src/worker/import_worker.cpp) and records the import as failed through
//   Pipeline::fail; a foreground import's SQL function then returns its id
//   with a WARNING (src/functions/import_functions.cpp). Only one raised where
//   there is no import to record it in reaches pg::entry (src/pg/entry.cpp),
//   which raises an ERROR with SQLSTATE 22000 and the code in its detail.
// - A UsageError becomes an ERROR with SQLSTATE 22023 in pg::entry.
#pragma once

#include <stdexcept>
#include <string>

namespace leadimport {

// A problem with the file as a whole (format, encoding, empty, no phone column):
// the import is recorded as failed with `code` and imports nothing.
class FileError : public std::runtime_error {
 public:
  FileError(std::string code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(std::move(code)), hint_(std::move(hint)) {}
  const std::string& code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string code_;
  std::string hint_;
};

// A mistake in the call itself (malformed options or mapping): raised as an
// ERROR with SQLSTATE 22023 (invalid_parameter_value).
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message, std::string hint = {})
      : std::runtime_error(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

}  // namespace leadimport
