#include "pg/transaction.hpp"

#include "pg/spi.hpp"

extern "C" {
#include "utils/guc.h"
#include "utils/snapmgr.h"
}

namespace leadimport::pg {

void begin_transaction() {
  guard([&] {
    SetCurrentStatementStartTimestamp();
    StartTransactionCommand();
    PushActiveSnapshot(GetTransactionSnapshot());
  });
  spi_connect();
}

void commit_transaction() {
  spi_finish();
  guard([&] {
    PopActiveSnapshot();
    CommitTransactionCommand();
  });
}

void abort_transaction() {
  guard([&] { AbortCurrentTransaction(); });
}

void pin_session() {
  guard([&] {
    SetConfigOption("role", "none", PGC_SUSET, PGC_S_OVERRIDE);
    SetConfigOption("search_path", "pg_catalog, pg_temp", PGC_SUSET, PGC_S_OVERRIDE);
    // A role's "row_security = off" would make every read of a table with
    // policies fail instead of filtering it.
    SetConfigOption("row_security", "on", PGC_SUSET, PGC_S_OVERRIDE);
  });
}

}  // namespace leadimport::pg
