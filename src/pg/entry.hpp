// C++ -> PostgreSQL: every SQL entry point is a thin C shim that runs its C++
// body through entry(). Exceptions are caught here, their text copied into
// PostgreSQL memory, the C++ frames fully unwound, and only then is the error
// raised with ereport (a longjmp never crosses a C++ frame that owns objects).
#pragma once

#include "pg/guard.hpp"

namespace leadimport::pg {

// What is left of an exception once its C++ object is gone: plain palloc'd text.
struct Failure {
  ErrorData* pg = nullptr;  // a rethrown PostgreSQL error, as is
  int sqlstate = 0;
  char* message = nullptr;
  char* detail = nullptr;
  char* hint = nullptr;
};

// Fills `out` from the exception in flight. Call only inside a catch block.
void capture_current_exception(Failure& out) noexcept;

// Raises the error described by `f`. Never returns.
[[noreturn]] void raise_failure(const Failure& f);

template <typename Body>
Datum entry(Body&& body) {
  Failure failure;
  try {
    return body();
  } catch (...) {
    capture_current_exception(failure);
  }
  raise_failure(failure);
}

}  // namespace leadimport::pg
