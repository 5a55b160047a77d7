// The background worker: a launcher (static worker, one per server) that
// starts an import worker (dynamic worker) for each queued or interrupted
// import, up to leadimport.max_workers at once, in leadimport.database.
//
// Vocabulary: the *launcher* decides when; an *import worker* runs one
// import's pipeline as the role that queued it, committing batch by batch.
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace leadimport::worker {

extern char* database;          // leadimport.database
extern int max_workers;         // leadimport.max_workers
extern int commit_interval_ms;  // leadimport.commit_interval

// True when the module was loaded by shared_preload_libraries, so the
// launcher runs; set in _PG_init.
extern bool available;

// True when the current database is leadimport.database, the one whose
// queue the launcher watches.
bool serves_current_database();

// Registers the launcher and the shared-memory hooks (from _PG_init).
void register_launcher();

// Wakes the launcher once the current transaction commits (a queued import
// becomes visible to it only then).
void wake_launcher_at_commit(int64_t import_id);

// Internal: shared memory hooks (from _PG_init) and the launcher's latch.
void install_shmem_hooks();
void publish_launcher_latch();

// True when `import_id` was queued by the current, uncommitted transaction.
bool queued_in_this_transaction(int64_t import_id);

// An import worker registers the import it runs in shared memory until it
// exits: false when another live process runs it already. One worker per
// import, and the launcher can tell a running worker it did not start
// (after a launcher restart).
bool claim_running(int64_t import_id);
// The imports that live workers run now.
std::set<int64_t> running_imports();

// Attempts at an import (counted by the launcher before it starts a worker)
// before it is failed as 'interrupted'.
constexpr int kMaxAttempts = 3;

}  // namespace leadimport::worker
