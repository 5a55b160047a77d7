// import_data(), import_file(), import_staged(): the three ways a file reaches
// the pipeline, plus wait_import() and cancel_import().
#include <sys/stat.h>

#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/options.hpp"
#include "core/read/input.hpp"
#include "import/file_source.hpp"
#include "import/import_run.hpp"
#include "import/staged_source.hpp"
#include "pg/as_owner.hpp"
#include "pg/encoding.hpp"
#include "pg/function.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"
#include "worker/queue.hpp"
#include "worker/worker.hpp"

extern "C" {
#include "catalog/pg_authid.h"
#include "storage/latch.h"
#include "utils/acl.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"
}

namespace leadimport {
namespace {

// Runs an import (or queues it) and reports a failed file as a WARNING; returns its id.
Datum run(pipeline::ImportRequest& req, const Input* in = nullptr) {
  pg::require_utf8_database();
  pg::require_schema_version();
  // An unknown encoding is a mistake in the call: an ERROR before anything is recorded.
  if (!req.options.encoding.empty()) pg::make_decoder(req.options.encoding);
  if (worker::in_background(req.options, in)) return Int64GetDatum(worker::enqueue(req, *in));
  pipeline::Outcome out = pipeline::run_import(req);
  if (out.failed)
    pg::warning("import " + std::to_string(out.import_id) + " failed: " + out.error, out.hint);
  return Int64GetDatum(out.import_id);
}

pipeline::ImportRequest base_request(FunctionCallInfo fcinfo, int options_arg) {
  pipeline::ImportRequest req;
  req.campaign_id = pg::require(pg::arg_int8(fcinfo, 0), "campaign_id");
  req.options_json = pg::arg_jsonb_text(fcinfo, options_arg);
  req.options = parse_options(req.options_json);
  return req;
}

}  // namespace
}  // namespace leadimport

using namespace leadimport;

LEADIMPORT_FUNCTION(leadimport_import_data) {
  return pg::entry([&]() -> Datum {
    pipeline::ImportRequest req = base_request(fcinfo, 3);
    req.file_name = pg::arg_text(fcinfo, 1).value_or("");
    if (PG_ARGISNULL(2))
      throw pg::SqlError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "data must not be null");
    Input in;
    in.file_name = req.file_name;
    pg::guard([&] {
      bytea* b = PG_GETARG_BYTEA_PP(2);
      in.data = VARDATA_ANY(b);
      in.size = VARSIZE_ANY_EXHDR(b);
    });
    req.open = pipeline::file_opener(in, req.options);
    pg::spi_connect();
    Datum id = run(req, &in);
    pg::spi_finish();
    return id;
  });
}

LEADIMPORT_FUNCTION(leadimport_import_file) {
  return pg::entry([&]() -> Datum {
    pipeline::ImportRequest req = base_request(fcinfo, 2);
    auto path = pg::arg_text(fcinfo, 1);
    if (!path) throw pg::SqlError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "path must not be null");
    bool allowed = false;
    pg::guard([&] { allowed = has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES); });
    if (!allowed)
      throw pg::SqlError(ERRCODE_INSUFFICIENT_PRIVILEGE,
                         "permission denied to import a server-side file",
                         "Only roles with the privileges of pg_read_server_files may do this; "
                         "send the file's contents with leadimport.import_data() instead.");
    // A missing path is a mistake in the call; what the path is (a regular
    // file, or a directory, device or FIFO: not_a_regular_file) is checked
    // on the descriptor the import reads (core/read/byte_source.hpp).
    struct stat st;
    if (stat(path->c_str(), &st) != 0)
      throw pg::SqlError(ERRCODE_UNDEFINED_FILE,
                         "could not open file \"" + *path + "\": " + strerror(errno),
                         "Give a path the database server can read.");
    req.file_name = *path;
    Input in;
    in.path = *path;
    in.file_name = *path;
    req.open = pipeline::file_opener(in, req.options);
    pg::spi_connect();
    Datum id = run(req, &in);
    pg::spi_finish();
    return id;
  });
}

LEADIMPORT_FUNCTION(leadimport_import_staged) {
  return pg::entry([&]() -> Datum {
    pipeline::ImportRequest req = base_request(fcinfo, 2);
    if (PG_ARGISNULL(1))
      throw pg::SqlError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "staging must not be null");
    Oid relid = PG_GETARG_OID(1);
    char* name = nullptr;
    pg::guard(
        [&] { name = DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(relid))); });
    req.file_name = name;
    req.open = [relid](std::string& format) {
      format = "staged";
      return pipeline::open_staged(relid);
    };
    pg::spi_connect();
    Datum id = run(req);
    pg::spi_finish();
    return id;
  });
}

namespace {

// The import's status as the caller may see it (row-level security), read
// with the latest snapshot, so that a REPEATABLE READ transaction sees the
// worker's commits too; throws when the caller can't see it.
std::string import_status(int64_t id) {
  if (pg::exec_latest("SELECT status FROM leadimport.imports WHERE id = $1",
                      {pg::int8_param(id)}) == 0)
    throw pg::SqlError(ERRCODE_UNDEFINED_OBJECT,
                       "import " + std::to_string(id) + " does not exist");
  std::string s = pg::result_text(0, 0).value_or("");
  pg::free_result();
  return s;
}

bool ended(const std::string& status) { return status != "queued" && status != "running"; }

}  // namespace

LEADIMPORT_FUNCTION(leadimport_wait_import) {
  return pg::entry([&]() -> Datum {
    int64_t id = pg::require(pg::arg_int8(fcinfo, 0), "import_id");
    if (worker::queued_in_this_transaction(id))
      throw pg::SqlError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                         "import " + std::to_string(id) + " was queued in this transaction",
                         "Commit first: the background worker starts the import after the commit.");
    int64_t timeout_ms = -1;
    if (!PG_ARGISNULL(1)) {
      pg::guard([&] {
        Interval* iv = PG_GETARG_INTERVAL_P(1);
        timeout_ms =
            (iv->time + (int64)iv->day * USECS_PER_DAY + (int64)iv->month * 30 * USECS_PER_DAY) /
            1000;
      });
      if (timeout_ms < 0) timeout_ms = 0;
    }
    pg::spi_connect();
    TimestampTz start = GetCurrentTimestamp();
    std::string status = import_status(id);
    while (!ended(status)) {
      long waited = 0;
      pg::guard([&] { waited = (long)((GetCurrentTimestamp() - start) / 1000); });
      if (timeout_ms >= 0 && waited >= timeout_ms) break;
      pg::guard([&] {
        (void)WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, 100,
                        PG_WAIT_EXTENSION);
        ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
      });
      status = import_status(id);
    }
    pg::spi_finish();
    return pg::text_result(status);
  });
}

LEADIMPORT_FUNCTION(leadimport_cancel_import) {
  return pg::entry([&]() -> Datum {
    int64_t id = pg::require(pg::arg_int8(fcinfo, 0), "import_id");
    pg::spi_connect();
    // Only an import the caller can see (row-level security, as the caller)...
    if (pg::exec("SELECT campaign_id FROM leadimport.imports WHERE id = $1", {pg::int8_param(id)},
                 true) == 0)
      throw pg::SqlError(ERRCODE_UNDEFINED_OBJECT,
                         "import " + std::to_string(id) + " does not exist");
    int64_t campaign = pg::result_int8(0, 0).value_or(0);
    pg::free_result();
    // ... is cancelled, as the owner of the bookkeeping.
    std::string was;
    {
      pg::AsOwner owner;
      uint64_t n = pg::exec(
          "WITH old AS (SELECT status FROM leadimport.imports"
          "             WHERE campaign_id = $1 AND id = $2 FOR UPDATE)"
          " UPDATE leadimport.imports i SET status = 'cancelled',"
          " finished_at = $4, error = 'cancelled by ' OPERATOR(pg_catalog.||) $3"
          " FROM old WHERE i.campaign_id = $1 AND i.id = $2 AND old.status IN ('queued', 'running')"
          " RETURNING old.status",
          // now as a parameter: Citus refuses clock_timestamp() (volatile)
          // in an UPDATE of a distributed table (issue 12)
          {pg::int8_param(campaign), pg::int8_param(id),
           pg::text_param(pg::role_name(pg::calling_role())),
           pg::Param{TIMESTAMPTZOID, TimestampTzGetDatum(GetCurrentTimestamp()), false}});
      if (n > 0) was = pg::result_text(0, 0).value_or("");
      pg::free_result();
    }
    if (was == "queued") {
      // No worker will see it: announce the end here. A running import's
      // worker stops at its next commit and announces it itself.
      pipeline::ImportRecord::existing(campaign, id).end();
    }
    pg::spi_finish();
    PG_RETURN_BOOL(!was.empty());
  });
}
