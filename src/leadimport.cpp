// The module: its magic block, its settings and, when loaded through
// shared_preload_libraries, the background launcher.
#include "core/interrupt.hpp"
#include "import/import_run.hpp"
#include "pg/spi.hpp"
#include "pg/postgres.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "postmaster/bgworker.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);

void _PG_init(void) {
  using namespace leadimport;
  // The core's loops stop on cancel, statement_timeout and terminate.
  set_interrupt_hook(&pg::check_interrupts);
  DefineCustomIntVariable(
      "leadimport.batch_size", "Rows checked and written per batch by an import.",
      "A background import commits by time (leadimport.commit_interval), "
      "after one batch or more.",
      &pipeline::batch_size, 10000, 100, 1000000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
  // A postmaster setting can only be defined while preloading; loaded later
  // (no worker), it is informational.
  bool preload = process_shared_preload_libraries_in_progress;
  DefineCustomStringVariable("leadimport.database",
                             "The database whose queued imports the background worker runs.",
                             nullptr, &worker::database, "postgres",
                             preload ? PGC_POSTMASTER : PGC_SUSET, 0, nullptr, nullptr, nullptr);
  DefineCustomIntVariable("leadimport.max_workers", "How many background imports may run at once.",
                          nullptr, &worker::max_workers, 2, 1, 64, PGC_SIGHUP, 0, nullptr, nullptr,
                          nullptr);
  DefineCustomIntVariable(
      "leadimport.commit_interval", "How often a background import commits its work.",
      "At least one batch per transaction, then more until this much time has passed; "
      "0 commits every batch.",
      &worker::commit_interval_ms, 1000, 0, 600000, PGC_SIGHUP, GUC_UNIT_MS, nullptr, nullptr,
      nullptr);
  MarkGUCPrefixReserved("leadimport");
  if (preload && !IsBinaryUpgrade) worker::register_launcher();
}
}
