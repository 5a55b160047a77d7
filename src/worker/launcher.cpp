// The launcher: a static background worker (pg_cron's shape). It sleeps on its
// latch, is woken by backends whose transaction queued an import (and every
// few seconds in case a wake-up was missed), and starts an import worker for
// each queued import — or each 'running' import whose worker is gone after a
// crash or restart — up to leadimport.max_workers at once.
//
// Before it starts a worker it checks, as the superuser it connects as, that
// the import's role (by OID) still exists, may log in and, for a server
// file, may still read server files, and it counts the attempt: a worker
// that dies before it can record anything (PostgreSQL 15 refuses a role
// without LOGIN at connection time) costs an attempt too, so no import is
// retried more than kMaxAttempts times. An import that may not run is
// failed here with a clear message.
//
// The C++ body runs inside pg::entry(): an exception becomes an ERROR, which
// ends the launcher; the postmaster restarts it after bgw_restart_time.
#include <string>
#include <vector>

#include "core/error_codes.hpp"
#include "import/import_record.hpp"
#include "pg/entry.hpp"
#include "pg/guard.hpp"
#include "pg/spi.hpp"
#include "pg/transaction.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "commands/extension.h"
#include "tcop/tcopprot.h"
#include "utils/guc.h"

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
  BackgroundWorkerHandle* handle;  // in TopMemoryContext, freed by reap()
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

// Registers an import worker connected as `role` for the import `import_id`
// of `campaign_id`; false when no slot is free.
bool start_worker(int64 import_id, int64 campaign_id, Oid role) {
  Slot* slot = nullptr;
  for (auto& s : slots)
    if (!s.handle) {
      slot = &s;
      break;
    }
  if (!slot) return false;
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
  // the campaign: every statement of the worker names it (on Citus, the
  // shard; issue 12)
  static_assert(2 * sizeof(Oid) + sizeof(int64) <= BGW_EXTRALEN, "bgw_extra");
  memcpy(w.bgw_extra + 2 * sizeof(Oid), &campaign_id, sizeof(int64));
  w.bgw_notify_pid = MyProcPid;  // its exit sets our latch
  bool ok = false;
  BackgroundWorkerHandle* handle = nullptr;
  pg::guard([&] {
    // The handle is palloc'd in the current context: it must outlive every
    // transaction (SPI's context is freed at SPI_finish; reap() frees it).
    MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
    ok = RegisterDynamicBackgroundWorker(&w, &handle);
    MemoryContextSwitchTo(old);
  });
  if (!ok) {
    pg::guard([&] {
      ereport(LOG, (errmsg("leadimport: no background worker slot for import %lld",
                           (long long)import_id),
                    errhint("Raise max_worker_processes.")));
    });
    return false;
  }
  slot->import_id = import_id;
  slot->handle = handle;
  return true;
}

// An import waiting for a worker, and what the launcher knows of its role.
struct Candidate {
  int64_t id = 0, campaign_id = 0;
  Oid role = InvalidOid;
  std::string role_name, source_kind;
  bool role_exists = false, can_login = false, may_read_files = false;
  int attempts = 0;
  pipeline::Counts counts;
};

// Queued and orphaned running imports, oldest first (the launcher leaves out
// those a live worker runs: after a launcher restart it does not know the
// workers it started before). The queue alone: on Citus it is a distributed
// table, which Citus does not join with a node's own catalog, and whose
// created_by holds the OID a worker node gave the role (issue 12). So the
// role is named here (created_by::text: its name, or the bare OID of a
// dropped role) and looked up on this node by that name below: the same
// role as before on a single server, where the name of created_by's OID
// leads back to that OID.
const char* const kCandidates =
    "SELECT i.id, i.campaign_id, i.created_by::pg_catalog.oid::pg_catalog.int8,"
    "   i.created_by::pg_catalog.text, i.created_by_name,"
    "   i.attempts, coalesce(i.source_kind, ''), i.total_rows, i.processed_rows,"
    "   i.imported_rows, i.failed_rows"
    " FROM leadimport.imports i"
    " WHERE i.status IN ('queued', 'running')"
    " ORDER BY i.id LIMIT 256";

// The role named `name` on this node, if it is the one `queued_by` names.
const char* const kRole =
    "SELECT r.oid::pg_catalog.int8, r.rolname::pg_catalog.text, r.rolcanlogin,"
    "   pg_catalog.pg_has_role(r.oid, 'pg_read_server_files', 'USAGE')"
    " FROM pg_catalog.pg_authid r WHERE r.rolname = $1 AND r.rolname = $2";

std::vector<Candidate> candidates() {
  std::vector<Candidate> out;
  std::set<int64_t> running = running_imports();
  std::vector<std::pair<std::string, std::string>> names;  // created_by, created_by_name
  uint64_t n = pg::exec(kCandidates, {}, true);
  for (uint64_t r = 0; r < n; r++) {
    Candidate c;
    c.id = pg::result_int8(r, 0).value_or(0);
    if (running.count(c.id)) continue;
    c.campaign_id = pg::result_int8(r, 1).value_or(0);
    c.role = static_cast<Oid>(pg::result_int8(r, 2).value_or(0));
    names.emplace_back(pg::result_text(r, 3).value_or(""), pg::result_text(r, 4).value_or(""));
    c.attempts = pg::result_int4(r, 5).value_or(0);
    c.source_kind = pg::result_text(r, 6).value_or("");
    c.counts.total = pg::result_int8(r, 7).value_or(0);
    c.counts.processed = pg::result_int8(r, 8).value_or(0);
    c.counts.imported = pg::result_int8(r, 9).value_or(0);
    c.counts.failed = pg::result_int8(r, 10).value_or(0);
    out.push_back(std::move(c));
  }
  pg::free_result();
  for (size_t i = 0; i < out.size(); i++) {
    Candidate& c = out[i];
    if (pg::exec(kRole, {pg::text_param(names[i].first), pg::text_param(names[i].second)}, true) >
        0) {
      c.role = static_cast<Oid>(pg::result_int8(0, 0).value_or(0));
      c.role_name = pg::result_text(0, 1).value_or("");
      c.role_exists = true;
      c.can_login = pg::result_bool(0, 2).value_or(false);
      c.may_read_files = pg::result_bool(0, 3).value_or(false);
    }
    pg::free_result();
  }
  return out;
}

// Why the import may not run now, or "" when it may.
std::string refusal(const Candidate& c, std::string& code) {
  code = codes::role_not_allowed.code;
  if (!c.role_exists)
    return "the role that queued this import (OID " + std::to_string(c.role) + ") no longer exists";
  if (!c.can_login)
    return "role \"" + c.role_name +
           "\" cannot log in, and a background import runs as the role that queued it";
  if (c.source_kind == "file" && !c.may_read_files)
    return "role \"" + c.role_name +
           "\" no longer has the privileges of pg_read_server_files, which this import of a "
           "server file needs";
  if (c.attempts >= kMaxAttempts) {
    code = codes::interrupted.code;
    return "the import was interrupted " + std::to_string(c.attempts) +
           " times and was given up; see the server log";
  }
  return "";
}

// Whether the extension exists here at the version this library serves.
bool extension_ready() {
  static bool warned = false;
  if (pg::exec("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'leadimport'", {},
               true) == 0) {
    pg::free_result();
    return false;
  }
  std::string v = pg::result_text(0, 0).value_or("");
  pg::free_result();
  if (v == LEADIMPORT_VERSION) return true;
  if (!warned) {
    std::string msg = "leadimport: the extension is version " + v + ", the library " +
                      LEADIMPORT_VERSION +
                      "; background imports wait for ALTER EXTENSION "
                      "leadimport UPDATE";
    const char* m = msg.c_str();
    pg::guard([&] { ereport(WARNING, (errmsg_internal("%s", m))); });
    warned = true;
  }
  return false;
}

// Whether this node is a Citus worker (issue 12): Citus's group of this
// node is not the coordinator's (0). Background imports run on the
// coordinator only: a worker node sees the same distributed queue (Citus
// syncs its metadata to every node) but neither the coordinator's import
// workers (shared memory) nor their locks, and would run its imports a
// second time. Asked on every look at the queue (a node can be added as a
// worker at any time), and only where the citus extension exists (one
// syscache lookup otherwise). It says so in the log once per change.
bool citus_worker_node() {
  static int32_t logged_group = 0;
  bool citus = false;
  pg::guard([&] { citus = OidIsValid(get_extension_oid("citus", true)); });
  int32_t group = 0;
  if (citus) {
    if (pg::exec("SELECT groupid FROM pg_catalog.pg_dist_local_group", {}, true) > 0)
      group = pg::result_int4(0, 0).value_or(0);
    pg::free_result();
  }
  if (group != logged_group) {
    std::string msg =
        group != 0
            ? "leadimport launcher: this node is a Citus worker (group " + std::to_string(group) +
                  "); it runs no background imports, the coordinator does"
            : "leadimport launcher: this node is no longer a Citus worker; it runs the "
              "background imports of its database again";
    const char* m = msg.c_str();
    pg::guard([&] { ereport(LOG, (errmsg_internal("%s", m))); });
    logged_group = group;
  }
  return group != 0;
}

// One look at the queue: fails the imports that may not run, counts an
// attempt for each one it will start, commits, then starts their workers.
void dispatch() {
  int running = reap();
  std::vector<Candidate> start;
  pg::begin_transaction();
  pgstat_report_activity(STATE_RUNNING, "leadimport launcher: looking for imports");
  if (extension_ready() && !citus_worker_node()) {
    for (const Candidate& c : candidates()) {
      if (has_worker(c.id)) continue;
      auto record = pipeline::ImportRecord::existing(c.campaign_id, c.id);
      // Never wait for a row another transaction holds (cancel_import in an
      // open transaction): the queue of every other role would wait too.
      if (!record.lock_unfinished()) continue;
      std::string code, why = refusal(c, code);
      if (!why.empty()) {
        std::string hint = code == codes::interrupted.code
                               ? codes::interrupted.hint
                               : "Import the file again as a role that may do so, or in the "
                                 "foreground with {\"background\": false}.";
        if (record.fail(c.counts, code, why, hint)) record.end();
        continue;
      }
      if (running + static_cast<int>(start.size()) >= max_workers) continue;
      record.count_attempt();
      start.push_back(c);
    }
  }
  pg::commit_transaction();
  pgstat_report_activity(STATE_IDLE, nullptr);
  std::vector<const Candidate*> not_started;
  for (const Candidate& c : start)
    if (!start_worker(c.id, c.campaign_id, c.role)) not_started.push_back(&c);
  if (not_started.empty()) return;
  pg::begin_transaction();
  for (const Candidate* c : not_started)
    pipeline::ImportRecord::existing(c->campaign_id, c->id).count_attempt(-1);
  pg::commit_transaction();
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

using namespace leadimport;
using namespace leadimport::worker;

void leadimport_launcher_main(Datum) {
  pqsignal(SIGHUP, SignalHandlerForConfigReload);
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  BackgroundWorkerInitializeConnection(database, nullptr, 0);
  pg::entry([] {
    pg::pin_session();
    // Belt and braces: dispatch() never waits for a row lock (SKIP LOCKED),
    // and nothing else a user's transaction holds may stall every queue.
    pg::guard([] { SetConfigOption("lock_timeout", "10s", PGC_SUSET, PGC_S_OVERRIDE); });
    return Datum(0);
  });

  publish_launcher_latch();
  ereport(LOG, (errmsg("leadimport launcher started in database \"%s\"", database)));

  for (;;) {
    CHECK_FOR_INTERRUPTS();
    if (ConfigReloadPending) {
      ConfigReloadPending = false;
      ProcessConfigFile(PGC_SIGHUP);
    }
    pg::entry([] {
      dispatch();
      return Datum(0);
    });
    (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, kNapMs,
                    PG_WAIT_EXTENSION);
    ResetLatch(MyLatch);
  }
}
