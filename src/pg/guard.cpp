#include "pg/guard.hpp"

namespace leadimport::pg {

ErrorData* take_error() {
  // TopTransactionContext outlives every batch context that C++ destructors
  // reset while the PgError unwinds; the rethrow copies it again anyway.
  MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
  ErrorData* edata = CopyErrorData();
  MemoryContextSwitchTo(old);
  FlushErrorState();
  return edata;
}

}  // namespace leadimport::pg
