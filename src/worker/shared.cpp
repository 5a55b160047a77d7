// The launcher's latch in shared memory, so any backend can wake it, and
// the commit hook that does so.
#include <set>

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

struct SharedState {
  pid_t launcher_pid;
  Latch* launcher_latch;
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
}

void startup_shmem() {
  if (prev_startup) prev_startup();
  LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
  bool found = false;
  shared = static_cast<SharedState*>(ShmemInitStruct("leadimport", sizeof(SharedState), &found));
  if (!found) {
    shared->launcher_pid = 0;
    shared->launcher_latch = nullptr;
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
  shared->launcher_pid = MyProcPid;
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
