// An import worker: runs one queued import's pipeline as the role that
// queued it, committing every leadimport.commit_interval (at least one batch
// per transaction), so progress is visible to every session and a crash
// loses at most the work since the last commit.
//
// A restarted worker resumes after imports.resume_row: leads, errors,
// counters and resume_row are committed together, so no row is
// imported twice and none is lost. An all-or-nothing import
// (ignore_errors = false) first checks every row in committed batches
// (phase 'validate'), then inserts everything in one transaction ('insert').
//
// Trust: the worker connects as the import's created_by role (by OID, chosen
// by the launcher, which also counted this attempt). Only leadimport writes
// imports rows, so the row's instructions are the importer's own call; the
// worker still checks that it runs as that role and, for a server file, that
// the role may still read server files. The bookkeeping is read and written
// as its owner (pg/as_owner.hpp); leads go in with the role's own rights.
#include <chrono>
#include <string>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/options.hpp"
#include "core/read/input.hpp"
#include "import/catalog.hpp"
#include "import/file_source.hpp"
#include "import/import_run.hpp"
#include "pg/as_owner.hpp"
#include "pg/entry.hpp"
#include "pg/guard.hpp"
#include "pg/spi.hpp"
#include "pg/transaction.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "catalog/pg_authid.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

PGDLLEXPORT void leadimport_import_worker_main(Datum arg);
}

namespace leadimport::worker {
namespace {

void begin() { pg::begin_transaction(); }
void commit() { pg::commit_transaction(); }

// Now, as a parameter: Citus refuses volatile functions such as
// clock_timestamp() in UPDATEs of distributed tables (issue 12).
pg::Param clock_param() {
  return pg::Param{TIMESTAMPTZOID, TimestampTzGetDatum(GetCurrentTimestamp()), false};
}

// A line in the server log (a worker has no client to tell).
void log_line(const std::string& line) {
  const char* m = line.c_str();
  pg::guard([&] { ereport(LOG, (errmsg_internal("%s", m))); });
}

struct Job {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string status, phase, source_kind, source_path;
  Oid role = InvalidOid;
  int64_t resume_row = 0, total = 0;
  pipeline::Counts counts;
  // The file's bytes for source 'data': detoasted once into TopMemoryContext
  // (they must outlive the batch transactions; the process ends with the job).
  const char* data = nullptr;
  size_t data_len = 0;
  pipeline::ImportRequest req;
  pipeline::Campaign campaign;

  // Loads the import; false when there is nothing to do (another worker has
  // it, or it ended or was cancelled meanwhile, or it may not run).
  bool claim() {
    begin();
    if (!load()) {
      commit();
      return false;
    }
    commit();
    begin();
    campaign = pipeline::load_campaign(campaign_id);  // as the role: its SELECT privileges
    commit();
    Input in;
    in.file_name = req.file_name;
    if (source_kind == "file") {
      in.path = source_path;
    } else {
      in.data = data ? data : "";
      in.size = data_len;
    }
    req.open = pipeline::file_opener(in, req.options);
    return true;
  }

  // claim()'s reads and writes of the bookkeeping, as its owner. The
  // launcher passed the campaign along with the id: every statement names
  // both, so on Citus each is a router query of the campaign's shard (a
  // FOR UPDATE of a distributed table must be; issue 12). The role is
  // compared by name: on Citus created_by is a worker node's OID of the
  // role (the name, not the OID, is the same on every node).
  bool load() {
    pg::AsOwner owner;  // the bookkeeping, including the queued bytes
    if (!claim_running(id) ||
        pg::exec("SELECT campaign_id, status, phase, coalesce(source_kind, ''),"
                 " coalesce(source_path, ''), created_by::pg_catalog.text, resume_row,"
                 " total_rows, processed_rows, imported_rows, failed_rows,"
                 " options::pg_catalog.text, coalesce(file_name, '')"
                 " FROM leadimport.imports WHERE campaign_id = $1 AND id = $2"
                 " FOR UPDATE SKIP LOCKED",
                 {pg::int8_param(campaign_id), pg::int8_param(id)}) == 0)
      return false;
    campaign_id = pg::result_int8(0, 0).value_or(0);
    status = pg::result_text(0, 1).value_or("");
    phase = pg::result_text(0, 2).value_or("import");
    source_kind = pg::result_text(0, 3).value_or("");
    source_path = pg::result_text(0, 4).value_or("");
    std::string role_name = pg::result_text(0, 5).value_or("");
    resume_row = pg::result_int8(0, 6).value_or(0);
    total = pg::result_int8(0, 7).value_or(0);
    counts.total = total;
    counts.processed = pg::result_int8(0, 8).value_or(0);
    counts.imported = pg::result_int8(0, 9).value_or(0);
    counts.failed = pg::result_int8(0, 10).value_or(0);
    req.options_json = pg::result_text(0, 11).value_or("{}");
    req.file_name = pg::result_text(0, 12).value_or("");
    pg::free_result();
    // The launcher connected us as created_by; anything else is a bug, and
    // the import is left for the launcher to retry.
    role = session_role;
    if ((status != "queued" && status != "running") || role_name != pg::role_name(session_role))
      return false;
    if (source_kind == "file" && !may_read_server_files(role)) {
      refuse("role \"" + pg::role_name(role) +
             "\" no longer has the privileges of pg_read_server_files, which this import of a "
             "server file needs");
      return false;
    }
    req.campaign_id = campaign_id;
    req.options = parse_options(req.options_json);
    if (phase == "import" && !req.options.ignore_errors) phase = "validate";
    pg::exec(
        "UPDATE leadimport.imports SET status = 'running', phase = $2,"
        " started_at = coalesce(started_at, $3) WHERE campaign_id = $4 AND id = $1",
        {pg::int8_param(id), pg::text_param(phase), clock_param(), pg::int8_param(campaign_id)});
    if (source_kind == "data") {
      pg::exec("SELECT data FROM leadimport.import_files WHERE campaign_id = $1 AND import_id = $2",
               {pg::int8_param(campaign_id), pg::int8_param(id)}, true);
      bool isnull = true;
      Datum d = 0;
      const char* p = nullptr;
      size_t len = 0;
      pg::guard([&] {
        if (SPI_processed > 0) {
          d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
          if (!isnull) {
            MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
            bytea* b = DatumGetByteaPCopy(d);
            MemoryContextSwitchTo(old);
            p = VARDATA(b);
            len = VARSIZE(b) - VARHDRSZ;
          }
        }
      });
      data = p;
      data_len = len;
      pg::free_result();
    }
    return true;
  }

  static bool may_read_server_files(Oid r) {
    bool allowed = false;
    pg::guard([&] { allowed = has_privs_of_role(r, ROLE_PG_READ_SERVER_FILES); });
    return allowed;
  }

  // Fails the import because its role may not run it (no retry).
  void refuse(const std::string& why) {
    auto record = pipeline::ImportRecord::existing(campaign_id, id);
    if (record.fail(counts, codes::role_not_allowed.code, why,
                    "Import the file again as a role that may do so."))
      announce_end(record);
  }

  void announce_end(const pipeline::ImportRecord& record) { record.end(); }

  std::string current_status() {
    pg::AsOwner owner;
    pg::exec("SELECT status FROM leadimport.imports WHERE campaign_id = $1 AND id = $2",
             {pg::int8_param(campaign_id), pg::int8_param(id)});
    std::string s = pg::result_text(0, 0).value_or("");
    pg::free_result();
    return s;
  }

  // Runs one pass in committed batches; false when it was cancelled.
  bool batched_pass(pipeline::RunMode mode, pipeline::Outcome& out) {
    auto record = pipeline::ImportRecord::existing(campaign_id, id);
    begin();
    pipeline::Pipeline p(req, campaign, record, mode);  // prepares statements: in a transaction
    try {
      if (total == 0) {
        std::string format;
        auto rows = req.open(format);
        total = pipeline::count_data_rows(*rows);
        record.set_total(total);
      }
      p.start(resume_row, counts);
      commit();
      for (;;) {
        // Batches until commit_interval has passed: each commit leaves a new
        // version of the import's row behind (progress), and while any
        // session holds an old snapshot (wait_import does, for its whole
        // call) none can be pruned: every foreign-key check of an error
        // row walks them all. Fewer, timed commits keep that walk short
        // whatever the file's size.
        begin();
        auto until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(commit_interval_ms);
        bool more;
        do {
          more = p.step(pipeline::batch_size);
        } while (more && std::chrono::steady_clock::now() < until);
        p.save_progress();
        bool cancelled = current_status() == "cancelled";
        if (cancelled) announce_end(record);
        commit();
        if (cancelled) return false;
        if (!more) break;
      }
      begin();
      out = p.finish();
    } catch (const FileError& e) {
      out = p.fail(e.code(), e.what(), e.hint());
    }
    if (mode == pipeline::RunMode::import || out.failed) announce_end(record);
    commit();
    return true;
  }

  // All-or-nothing, second pass: every row again, inserted in one transaction.
  void insert_pass() {
    auto record = pipeline::ImportRecord::existing(campaign_id, id);
    begin();
    {
      pg::AsOwner owner;
      pg::exec(
          "UPDATE leadimport.imports SET phase = 'insert', processed_rows = 0, imported_rows = 0,"
          " failed_rows = 0, resume_row = 0"
          " WHERE campaign_id = $2 AND id = $1 AND status = 'running'",
          {pg::int8_param(id), pg::int8_param(campaign_id)});
    }
    pipeline::Pipeline p(req, campaign, record, pipeline::RunMode::import);
    try {
      p.start();
      while (p.step(pipeline::batch_size)) {
      }
      p.finish();
    } catch (const FileError& e) {
      p.fail(e.code(), e.what(), e.hint());
    }
    announce_end(record);
    commit();
  }

  void run() {
    if (!claim()) return;
    pipeline::Outcome out;
    if (phase == "insert") return insert_pass();
    pipeline::RunMode mode =
        phase == "validate" ? pipeline::RunMode::validate : pipeline::RunMode::import;
    if (!batched_pass(mode, out)) return;
    if (mode == pipeline::RunMode::validate && !out.failed) insert_pass();
  }

  // Records an unexpected error (a PostgreSQL ERROR, say permission denied)
  // in a fresh transaction after the failed one was rolled back.
  void record_error(const std::string& message) {
    pg::abort_transaction();
    begin();
    uint64_t n = 0;
    {
      pg::AsOwner owner;
      // With its hint, as every failure has one: the error report's line
      // for the file and the notification tell the user what to do.
      n = pg::exec(
          "UPDATE leadimport.imports SET status = 'failed', error_code = $3,"
          " error = $2, error_hint = $4, finished_at = $5"
          " WHERE campaign_id = $6 AND id = $1 AND status IN ('queued', 'running')",
          {pg::int8_param(id), pg::text_param(message), pg::text_param(codes::worker_error.code),
           pg::text_param(codes::worker_error.hint), clock_param(), pg::int8_param(campaign_id)});
    }
    if (n > 0) announce_end(pipeline::ImportRecord::existing(campaign_id, id));
    commit();
  }

  Oid session_role = InvalidOid;
};

}  // namespace

// The C++ body of a worker: never lets an exception out. An unexpected
// error is written to the server log as well as to the import (where the
// importer reads it): if recording it fails too, the log still says why.
void run_job(int64_t id, int64_t campaign_id) {
  Job job;
  job.id = id;
  job.campaign_id = campaign_id;
  job.session_role = GetSessionUserId();
  std::string failure;
  try {
    job.run();
    return;
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown error";
  }
  const std::string which = "leadimport: import " + std::to_string(id) + " (campaign " +
                            std::to_string(campaign_id) + ")";
  try {
    log_line(which + " failed: " + failure);
  } catch (...) {
  }
  try {
    job.record_error(failure);
  } catch (const std::exception& e) {
    // The launcher retries it, up to the attempt limit.
    try {
      log_line(which + ": its failure could not be recorded: " + std::string(e.what()));
    } catch (...) {
    }
  } catch (...) {
  }
}

}  // namespace leadimport::worker

void leadimport_import_worker_main(Datum arg) {
  pqsignal(SIGTERM, die);
  BackgroundWorkerUnblockSignals();
  int64 id = DatumGetInt64(arg);
  Oid db, role;
  int64 campaign_id;
  memcpy(&db, MyBgworkerEntry->bgw_extra, sizeof(Oid));
  memcpy(&role, MyBgworkerEntry->bgw_extra + sizeof(Oid), sizeof(Oid));
  memcpy(&campaign_id, MyBgworkerEntry->bgw_extra + 2 * sizeof(Oid), sizeof(int64));
  // As the role that queued the import: its privileges, not a superuser's.
  BackgroundWorkerInitializeConnectionByOid(db, role, 0);
  pgstat_report_appname("leadimport import");
  leadimport::pg::entry([] {
    leadimport::pg::pin_session();
    return Datum(0);
  });
  leadimport::worker::run_job(id, campaign_id);
  proc_exit(0);
}
