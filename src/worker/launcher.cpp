// The launcher: a static background worker (pg_cron's shape). It sleeps on its
// latch, is woken by backends whose transaction queued an import (and every
// few seconds in case a wake-up was missed), and starts an import worker for
// each queued import — or each 'running' import whose worker is gone after a
// crash or restart — up to leadimport.max_workers at once.
//
// Plain PostgreSQL C in a .cpp file: no C++ object lives across a call that
// can raise an ERROR here; an ERROR ends the launcher, which the postmaster
// restarts after bgw_restart_time.
#include "pg/postgres.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/snapmgr.h"

PGDLLEXPORT void leadimport_launcher_main(Datum arg);
PGDLLEXPORT void leadimport_import_worker_main(Datum arg);
}

namespace leadimport::worker {

char* database = nullptr;
int max_workers = 2;
int commit_interval_ms = 1000;
bool available = false;

namespace {

constexpr int kMaxSlots = 64;
constexpr long kNapMs = 5000;

struct Slot {
  int64 import_id;
  BackgroundWorkerHandle* handle;
};
Slot slots[kMaxSlots];

// Forgets workers that have exited; returns how many still run.
int reap() {
  int running = 0;
  for (auto& s : slots) {
    if (!s.handle) continue;
    pid_t pid;
    if (GetBackgroundWorkerPid(s.handle, &pid) == BGWH_STOPPED) {
      pfree(s.handle);
      s.handle = nullptr;
      s.import_id = 0;
    } else {
      running++;
    }
  }
  return running;
}

bool has_worker(int64 import_id) {
  for (auto& s : slots)
    if (s.handle && s.import_id == import_id) return true;
  return false;
}

void start_worker(int64 import_id, Oid role) {
  BackgroundWorker w;
  memset(&w, 0, sizeof(w));
  w.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  w.bgw_start_time = BgWorkerStart_RecoveryFinished;
  w.bgw_restart_time = BGW_NEVER_RESTART;
  snprintf(w.bgw_library_name, BGW_MAXLEN, "leadimport");
  snprintf(w.bgw_function_name, BGW_MAXLEN, "leadimport_import_worker_main");
  snprintf(w.bgw_name, BGW_MAXLEN, "leadimport import %lld", (long long)import_id);
  snprintf(w.bgw_type, BGW_MAXLEN, "leadimport import");
  w.bgw_main_arg = Int64GetDatum(import_id);
  Oid db = MyDatabaseId;
  memcpy(w.bgw_extra, &db, sizeof(Oid));
  memcpy(w.bgw_extra + sizeof(Oid), &role, sizeof(Oid));
  w.bgw_notify_pid = MyProcPid;  // its exit sets our latch
  for (auto& s : slots) {
    if (s.handle) continue;
    if (RegisterDynamicBackgroundWorker(&w, &s.handle))
      s.import_id = import_id;
    else
      ereport(LOG, (errmsg("leadimport: no background worker slot for import %lld",
                           (long long)import_id),
                    errhint("Raise max_worker_processes.")));
    return;
  }
}

// One look at the queue: starts workers for imports that need one.
void dispatch() {
  int running = reap();
  if (running >= max_workers) return;
  SetCurrentStatementStartTimestamp();
  StartTransactionCommand();
  SPI_connect();
  PushActiveSnapshot(GetTransactionSnapshot());
  pgstat_report_activity(STATE_RUNNING, "leadimport launcher: looking for imports");
  int rc =
      SPI_execute("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'leadimport'", true, 1);
  if (rc == SPI_OK_SELECT && SPI_processed == 1) {
    rc = SPI_execute(
        "SELECT i.id, r.oid FROM leadimport.imports i JOIN pg_catalog.pg_roles r"
        " ON r.rolname = i.created_by WHERE i.status IN ('queued', 'running')"
        " ORDER BY i.id LIMIT 256",
        true, 0);
    for (uint64 i = 0; rc == SPI_OK_SELECT && i < SPI_processed && running < max_workers; i++) {
      bool isnull;
      int64 id =
          DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
      Oid role =
          DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
      if (has_worker(id)) continue;
      start_worker(id, role);
      running++;
    }
  }
  SPI_finish();
  PopActiveSnapshot();
  CommitTransactionCommand();
  pgstat_report_activity(STATE_IDLE, nullptr);
}

}  // namespace

void register_launcher() {
  available = true;
  install_shmem_hooks();
  BackgroundWorker w;
  memset(&w, 0, sizeof(w));
  w.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
  w.bgw_start_time = BgWorkerStart_RecoveryFinished;
  w.bgw_restart_time = 10;
  snprintf(w.bgw_library_name, BGW_MAXLEN, "leadimport");
  snprintf(w.bgw_function_name, BGW_MAXLEN, "leadimport_launcher_main");
  snprintf(w.bgw_name, BGW_MAXLEN, "leadimport launcher");
  snprintf(w.bgw_type, BGW_MAXLEN, "leadimport launcher");
  RegisterBackgroundWorker(&w);
}

}  // namespace leadimport::worker

using namespace leadimport::worker;

void leadimport_launcher_main(Datum) {
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  BackgroundWorkerInitializeConnection(database, nullptr, 0);

  publish_launcher_latch();
  ereport(LOG, (errmsg("leadimport launcher started in database \"%s\"", database)));

  for (;;) {
    CHECK_FOR_INTERRUPTS();
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
    }
    dispatch();
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kNapMs,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
  }
}
