// The C++/PostgreSQL boundary in both directions.
//
// PostgreSQL -> C++: every call into PostgreSQL made from a frame that owns C++
// objects goes through pg::guard(), which catches the longjmp of an ERROR
// (PG_TRY), copies the error data and rethrows it as a C++ PgError. The lambda
// given to guard() must hold only PostgreSQL calls and plain data: no C++
// object with a destructor, no code that can throw (a longjmp skips both).
//
// C++ -> PostgreSQL: see entry.hpp (and sql_error.hpp for errors raised on purpose).
#pragma once

#include <exception>
#include <string>

#include "pg/postgres.hpp"

namespace leadimport::pg {

// A PostgreSQL ERROR caught by guard(), carried through C++ frames and
// rethrown unchanged (SQLSTATE, message, detail, hint) at the entry point.
class PgError : public std::exception {
 public:
  explicit PgError(ErrorData* edata) : edata_(edata) {}
  ErrorData* edata() const { return edata_; }
  const char* what() const noexcept override {
    return edata_ && edata_->message ? edata_->message : "PostgreSQL error";
  }

 private:
  ErrorData* edata_;  // lives in TopTransactionContext until the rethrow
};

// Copies the current error out of ErrorContext and clears it. Called right
// after PG_END_TRY of a failed guard().
ErrorData* take_error();

template <typename F>
void guard(F&& f) {
  volatile bool failed = false;  // volatile: read after a longjmp
  MemoryContext cxt = CurrentMemoryContext;
  PG_TRY();
  { f(); }
  PG_CATCH();
  {
    MemoryContextSwitchTo(cxt);
    failed = true;
  }
  PG_END_TRY();
  if (failed) throw PgError(take_error());
}

}  // namespace leadimport::pg
