// Exceptions of the pure C++ core. The PostgreSQL boundary (src/pg/) turns each
// kind into the right outcome: a FileError fails the import (recorded, WARNING),
// a UsageError raises an ERROR with a real SQLSTATE.
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
