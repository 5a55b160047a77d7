// The launcher's latch in shared memory, so any backend can wake it, and
// the commit hook that does so; and the imports the workers run, so that
// one import has one worker and the launcher knows which run.
#include <signal.h>

#include <cerrno>
#include <set>
#include <vector>

#include "pg/guard.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "commands/dbcommands.h"
}

namespace leadimport::worker {

constexpr int kRunningSlots = 128;  // leadimport.max_workers is at most 64

struct RunningImport {
  int64 import_id;
  pid_t pid;
};

struct SharedState {
  Latch* launcher_latch;
  // Which worker runs which import. Kept here rather than in advisory
  // locks: any role may take any advisory lock, and so could make an
  // import look taken forever.
  LWLock* lock;
  RunningImport running[kRunningSlots];
};

namespace {
SharedState* shared = nullptr;
}  // namespace

namespace {

shmem_request_hook_type prev_request = nullptr;
shmem_startup_hook_type prev_startup = nullptr;

void request_shmem() {
  if (prev_request) prev_request();
  RequestAddinShmemSpace(MAXALIGN(sizeof(SharedState)));
  RequestNamedLWLockTranche("leadimport", 1);
}

void startup_shmem() {
  if (prev_startup) prev_startup();
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  shared = static_cast<SharedState*>(ShmemInitStruct("leadimport", sizeof(SharedState), &found));
  if (!found) {
    shared->launcher_latch = nullptr;
    shared->lock = &(GetNamedLWLockTranche("leadimport"))->lock;
    memset(shared->running, 0, sizeof(shared->running));
  }
  LWLockRelease(AddinShmemInitLock);
}

// Imports queued by the current transaction; the launcher is woken when it commits.
std::set<int64_t>* queued = nullptr;
bool callback_registered = false;

void on_xact(XactEvent event, void*) {
  if (!queued || queued->empty()) return;
  if (event == XACT_EVENT_COMMIT && shared && shared->launcher_latch)
    SetLatch(shared->launcher_latch);
  if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
      event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
    queued->clear();
}

}  // namespace

void install_shmem_hooks() {
  prev_request = shmem_request_hook;
  shmem_request_hook = request_shmem;
  prev_startup = shmem_startup_hook;
  shmem_startup_hook = startup_shmem;
}

void publish_launcher_latch() {
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  shared->launcher_latch = MyLatch;
  LWLockRelease(AddinShmemInitLock);
}

void wake_launcher_at_commit(int64_t import_id) {
  // Plain C++ containers, no PostgreSQL call: safe from C++ code.
  if (!queued) queued = new std::set<int64_t>();
  queued->insert(import_id);
  if (!callback_registered) {
    pg::guard([&] { RegisterXactCallback(on_xact, nullptr); });
    callback_registered = true;
  }
}

namespace {

// A slot whose process is gone is free (a worker's exit clears its slot;
// this covers a process that could not).
bool alive(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

void release_running(int, Datum) {
  if (!shared) return;
  LWLockAcquire(shared->lock, LW_EXCLUSIVE);
  for (auto& r : shared->running)
    if (r.pid == MyProcPid) r = RunningImport{0, 0};
  LWLockRelease(shared->lock);
}

}  // namespace

bool claim_running(int64_t import_id) {
  if (!shared) return false;
  bool ok = false;
  pg::guard([&] {
    LWLockAcquire(shared->lock, LW_EXCLUSIVE);
    RunningImport* free_slot = nullptr;
    bool taken = false;
    for (auto& r : shared->running) {
      bool live = r.import_id != 0 && alive(r.pid);
      if (live && r.import_id == import_id && r.pid != MyProcPid) taken = true;
      if (!live && !free_slot) free_slot = &r;
    }
    if (!taken && free_slot) {
      *free_slot = RunningImport{import_id, MyProcPid};
      ok = true;
    }
    LWLockRelease(shared->lock);
    if (ok) before_shmem_exit(release_running, 0);
  });
  return ok;
}

std::set<int64_t> running_imports() {
  std::set<int64_t> out;
  if (!shared) return out;
  std::vector<int64_t> ids;
  ids.reserve(kRunningSlots);
  pg::guard([&] {
    LWLockAcquire(shared->lock, LW_SHARED);
    for (auto& r : shared->running)
      if (r.import_id != 0 && alive(r.pid)) ids.push_back(r.import_id);
    LWLockRelease(shared->lock);
  });
  out.insert(ids.begin(), ids.end());
  return out;
}

bool serves_current_database() {
  bool same = false;
  pg::guard([&] {
    char* name = get_database_name(MyDatabaseId);
    same = name && database && strcmp(name, database) == 0;
  });
  return same;
}

bool queued_in_this_transaction(int64_t import_id) {
  return queued && queued->count(import_id) > 0;
}

}  // namespace leadimport::worker
