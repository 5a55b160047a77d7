#include "import/import_record.hpp"

#include "pg/arrays.hpp"
#include "pg/as_owner.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "utils/timestamp.h"
}

// Every statement here writes a bookkeeping table, as its owner (importers
// may only read them). Names are schema-qualified and status changes say
// which status they start from, so a late or repeated call can't turn an
// import that ended into another end.
namespace leadimport::pipeline {

namespace {
// The time an import ends, read here and passed as a parameter rather than
// written as clock_timestamp() in the UPDATE: Citus refuses volatile
// functions in UPDATEs of distributed tables (issue 12). The same instant
// either way (the statement runs right after).
pg::Param clock_param() {
  return pg::Param{TIMESTAMPTZOID, TimestampTzGetDatum(GetCurrentTimestamp()), false};
}

int64_t insert(const char* sql, int64_t campaign_id, const std::string& file_name,
               const std::string& format, const std::string& options_json) {
  Oid role = pg::calling_role();  // before the switch: the caller, not the owner
  pg::AsOwner owner;
  pg::exec(sql, {pg::int8_param(campaign_id), pg::text_param(file_name),
                 format.empty() ? pg::null_param(TEXTOID) : pg::text_param(format),
                 pg::jsonb_param(options_json), pg::oid_param(role),
                 pg::text_param(pg::role_name(role))});
  int64_t id = pg::result_int8(0, 0).value_or(0);
  pg::free_result();
  return id;
}
}  // namespace

ImportRecord ImportRecord::create(int64_t campaign_id, const std::string& file_name,
                                  const std::string& format, const std::string& options_json) {
  return ImportRecord(
      campaign_id,
      insert("INSERT INTO leadimport.imports (campaign_id, file_name, format, options, created_by,"
             " created_by_name, status, started_at)"
             " VALUES ($1, $2, $3, $4, $5::pg_catalog.regrole, $6, 'running',"
             " pg_catalog.clock_timestamp()) RETURNING id",
             campaign_id, file_name, format, options_json));
}

ImportRecord ImportRecord::enqueue(int64_t campaign_id, const std::string& file_name,
                                   const std::string& format, const std::string& options_json) {
  return ImportRecord(
      campaign_id,
      insert("INSERT INTO leadimport.imports (campaign_id, file_name, format, options, created_by,"
             " created_by_name, status)"
             " VALUES ($1, $2, $3, $4, $5::pg_catalog.regrole, $6, 'queued') RETURNING id",
             campaign_id, file_name, format, options_json));
}

void ImportRecord::save_progress(const Counts& c, int64_t last_row) const {
  pg::AsOwner owner;
  pg::exec(
      "UPDATE leadimport.imports SET processed_rows = $3, imported_rows = $4, failed_rows = $5,"
      " total_rows = pg_catalog.int8larger(total_rows, $3), resume_row = $6"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.processed),
       pg::int8_param(c.imported), pg::int8_param(c.failed), pg::int8_param(last_row)});
}

void ImportRecord::announce() const {
  pg::AsOwner owner;
  // The summary goes to the notifications outbox, which row-level security
  // guards. NOTIFY reaches every listener of the channel, whoever they are:
  // it carries what the import id already tells (the id, and the call that
  // returns the report, which answers only a role that may see the import),
  // and a listener reads the summary it may see from
  // leadimport.notifications. error_counts is bounded for a mail: the 10
  // codes with the most rows, then "other", the rows with any other code.
  pg::exec(
      "WITH per AS ("
      "   SELECT code, pg_catalog.count(DISTINCT row_number) AS n FROM leadimport.import_errors"
      "   WHERE campaign_id = $1 AND import_id = $2 GROUP BY code),"
      " top AS (SELECT code, n FROM per ORDER BY n DESC, code LIMIT 10),"
      " c AS ("
      " SELECT (SELECT coalesce(pg_catalog.jsonb_object_agg(code, n), '{}') FROM top)"
      "   OPERATOR(pg_catalog.||) CASE WHEN (SELECT pg_catalog.count(*) FROM per) > 10 THEN"
      "     pg_catalog.jsonb_build_object('other', (SELECT pg_catalog.count(DISTINCT row_number)"
      "       FROM leadimport.import_errors WHERE campaign_id = $1 AND import_id = $2"
      "       AND code <> ALL (SELECT code FROM top)))"
      "   ELSE '{}' END AS counts),"
      " n AS ("
      " INSERT INTO leadimport.notifications (campaign_id, import_id, status, total_rows,"
      "   imported_rows, failed_rows, error, created_by, payload)"
      " SELECT i.campaign_id, i.id, i.status, i.total_rows, i.imported_rows, i.failed_rows,"
      "   i.error, i.created_by,"
      "   pg_catalog.jsonb_build_object('import_id', i.id, 'campaign_id', i.campaign_id,"
      "     'status', i.status, 'total_rows', i.total_rows, 'imported_rows', i.imported_rows,"
      "     'failed_rows', i.failed_rows, 'error_code', i.error_code, 'error_counts', c.counts,"
      "     'report', pg_catalog.format('SELECT leadimport.error_report(%s)', i.id),"
      "     'created_by', i.created_by::pg_catalog.text, 'finished_at', i.finished_at)"
      " FROM leadimport.imports i, c WHERE i.campaign_id = $1 AND i.id = $2"
      " RETURNING import_id)"
      " SELECT pg_catalog.pg_notify('leadimport',"
      "   pg_catalog.jsonb_build_object('import_id', import_id, 'report',"
      "     pg_catalog.format('SELECT leadimport.error_report(%s)', import_id))::pg_catalog.text)"
      " FROM n",
      {pg::int8_param(campaign_id_), pg::int8_param(id_)});
  pg::free_result();
}

void ImportRecord::end() const {
  announce();
  pg::AsOwner owner;
  pg::exec("DELETE FROM leadimport.import_files WHERE campaign_id = $1 AND import_id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(id_)});
}

void ImportRecord::set_total(int64_t total) const {
  pg::AsOwner owner;
  pg::exec("UPDATE leadimport.imports SET total_rows = $3 WHERE campaign_id = $1 AND id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(total)});
}

bool ImportRecord::lock_unfinished() const {
  pg::AsOwner owner;
  uint64_t n = pg::exec(
      "SELECT FROM leadimport.imports WHERE campaign_id = $1 AND id = $2"
      " AND status IN ('queued', 'running') FOR UPDATE SKIP LOCKED",
      {pg::int8_param(campaign_id_), pg::int8_param(id_)});
  pg::free_result();
  return n > 0;
}

void ImportRecord::count_attempt(int by) const {
  pg::AsOwner owner;
  pg::exec(
      "UPDATE leadimport.imports SET attempts = attempts + $3"
      " WHERE campaign_id = $1 AND id = $2 AND status IN ('queued', 'running')",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(by)});
}

void ImportRecord::set_format(const std::string& format) const {
  pg::AsOwner owner;
  pg::exec("UPDATE leadimport.imports SET format = $3 WHERE campaign_id = $1 AND id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::text_param(format)});
}

void ImportRecord::set_mapping(const std::string& mapping_json,
                               const std::vector<std::string>& headers) const {
  std::vector<std::string_view> hv(headers.begin(), headers.end());
  pg::AsOwner owner;
  pg::exec(
      "UPDATE leadimport.imports SET mapping = $3, headers = $4"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::jsonb_param(mapping_json),
       pg::text_array(hv)});
}

void ImportRecord::complete(const Counts& c) const {
  pg::AsOwner owner;
  pg::exec(
      "UPDATE leadimport.imports SET status = 'completed', total_rows = $3, processed_rows = $4,"
      " imported_rows = $5, failed_rows = $6, finished_at = $7"
      " WHERE campaign_id = $1 AND id = $2 AND status = 'running'",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.total),
       pg::int8_param(c.processed), pg::int8_param(c.imported), pg::int8_param(c.failed),
       clock_param()});
}

bool ImportRecord::fail(const Counts& c, const std::string& code, const std::string& message,
                        const std::string& hint) const {
  pg::AsOwner owner;
  return pg::exec(
             "UPDATE leadimport.imports SET status = 'failed', total_rows = $3,"
             " processed_rows = $4, imported_rows = $5, failed_rows = $6, error_code = $7,"
             " error = $8, error_hint = $9, finished_at = $10"
             " WHERE campaign_id = $1 AND id = $2 AND status IN ('queued', 'running')",
             {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.total),
              pg::int8_param(c.processed), pg::int8_param(c.imported), pg::int8_param(c.failed),
              pg::text_param(code), pg::text_param(message),
              hint.empty() ? pg::null_param(TEXTOID) : pg::text_param(hint), clock_param()}) > 0;
}

}  // namespace leadimport::pipeline
