// Transactions of a background process (the launcher and the import
// workers): each unit of work starts one, with a snapshot and SPI, and
// commits it. Guarded: an ERROR becomes a C++ PgError.
#pragma once

namespace leadimport::pg {

void begin_transaction();
void commit_transaction();
// After an ERROR: rolls the failed transaction back so a new one can start.
void abort_transaction();

// Pins search_path = pg_catalog, pg_temp for the whole session and drops a
// role setting (ALTER ROLE ... SET role) so the process acts as the role it
// connected as: no role can plant a function or operator that a background
// process would resolve on its path.
void pin_session();

}  // namespace leadimport::pg
