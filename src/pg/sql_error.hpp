// An error the C++ side raises on purpose, with a real SQLSTATE, message and
// hint; pg::entry() turns it into ereport(ERROR) once the C++ frames are gone.
#pragma once

#include <exception>
#include <string>
#include <utility>

namespace leadimport::pg {

// An error the C++ side raises with a real SQLSTATE (unknown campaign, missing
// privilege, missing file).
class SqlError : public std::exception {
 public:
  SqlError(int sqlstate, std::string message, std::string hint = {}, std::string detail = {})
      : sqlstate_(sqlstate),
        message_(std::move(message)),
        hint_(std::move(hint)),
        detail_(std::move(detail)) {}
  int sqlstate() const { return sqlstate_; }
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& hint() const { return hint_; }
  const std::string& detail() const { return detail_; }

 private:
  int sqlstate_;
  std::string message_, hint_, detail_;
};

}  // namespace leadimport::pg
