#include "pg/guard.hpp"

namespace leadimport::pg {

ErrorData* take_error() {
  // TopTransactionContext outlives every batch context that C++ destructors
  // reset while the PgError unwinds; the rethrow copies it again anyway.
  // Outside a transaction (a background worker between two) there is no
  // TopTransactionContext; the copy is small and the process rethrows soon.
  MemoryContext old =
      MemoryContextSwitchTo(TopTransactionContext ? TopTransactionContext : TopMemoryContext);
  ErrorData* edata = CopyErrorData();
  MemoryContextSwitchTo(old);
  FlushErrorState();
  return edata;
}

}  // namespace leadimport::pg
