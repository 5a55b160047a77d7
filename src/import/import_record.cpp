#include "import/import_record.hpp"

#include "pg/arrays.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

ImportRecord ImportRecord::create(int64_t campaign_id, const std::string& file_name,
                                  const std::string& format, const std::string& options_json) {
  pg::exec(
      "INSERT INTO leadimport.imports (campaign_id, file_name, format, options, status, started_at)"
      " VALUES ($1, $2, $3, $4, 'running', clock_timestamp()) RETURNING id",
      {pg::int8_param(campaign_id), pg::text_param(file_name),
       format.empty() ? pg::null_param(TEXTOID) : pg::text_param(format),
       pg::jsonb_param(options_json)});
  return ImportRecord(campaign_id, pg::result_int8(0, 0).value_or(0));
}

ImportRecord ImportRecord::enqueue(int64_t campaign_id, const std::string& file_name,
                                   const std::string& format, const std::string& options_json) {
  pg::exec(
      "INSERT INTO leadimport.imports (campaign_id, file_name, format, options, status)"
      " VALUES ($1, $2, $3, $4, 'queued') RETURNING id",
      {pg::int8_param(campaign_id), pg::text_param(file_name),
       format.empty() ? pg::null_param(TEXTOID) : pg::text_param(format),
       pg::jsonb_param(options_json)});
  int64_t id = pg::result_int8(0, 0).value_or(0);
  pg::free_result();
  return ImportRecord(campaign_id, id);
}

void ImportRecord::save_progress(const Counts& c, int64_t last_row) const {
  pg::exec(
      "UPDATE leadimport.imports SET processed_rows = $3, imported_rows = $4, failed_rows = $5,"
      " total_rows = greatest(total_rows, $3), resume_row = $6"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.processed),
       pg::int8_param(c.imported), pg::int8_param(c.failed), pg::int8_param(last_row)});
}

void ImportRecord::announce() const {
  pg::exec(
      "WITH n AS ("
      " INSERT INTO leadimport.notifications (campaign_id, import_id, status, total_rows,"
      "   imported_rows, failed_rows, error, created_by, payload)"
      " SELECT campaign_id, id, status, total_rows, imported_rows, failed_rows, error, created_by,"
      "   jsonb_build_object('import_id', id, 'campaign_id', campaign_id, 'status', status,"
      "     'file_name', left(file_name, 200), 'total_rows', total_rows,"
      "     'imported_rows', imported_rows, 'failed_rows', failed_rows,"
      "     'error', left(error, 1000), 'created_by', created_by, 'finished_at', finished_at)"
      " FROM leadimport.imports WHERE campaign_id = $1 AND id = $2"
      " RETURNING payload)"
      " SELECT pg_notify('leadimport', payload::text) FROM n",
      {pg::int8_param(campaign_id_), pg::int8_param(id_)});
  pg::free_result();
}

void ImportRecord::set_total(int64_t total) const {
  pg::exec("UPDATE leadimport.imports SET total_rows = $3 WHERE campaign_id = $1 AND id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(total)});
}

void ImportRecord::set_format(const std::string& format) const {
  pg::exec("UPDATE leadimport.imports SET format = $3 WHERE campaign_id = $1 AND id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::text_param(format)});
}

void ImportRecord::set_mapping(const std::string& mapping_json,
                               const std::vector<std::string>& headers) const {
  std::vector<std::string_view> hv(headers.begin(), headers.end());
  pg::exec(
      "UPDATE leadimport.imports SET mapping = $3, headers = $4"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::jsonb_param(mapping_json),
       pg::text_array(hv)});
}

void ImportRecord::complete(const Counts& c) const {
  pg::exec(
      "UPDATE leadimport.imports SET status = 'completed', total_rows = $3, processed_rows = $4,"
      " imported_rows = $5, failed_rows = $6, finished_at = clock_timestamp()"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.total),
       pg::int8_param(c.processed), pg::int8_param(c.imported), pg::int8_param(c.failed)});
}

void ImportRecord::fail(const Counts& c, const std::string& code,
                        const std::string& message) const {
  pg::exec(
      "UPDATE leadimport.imports SET status = 'failed', total_rows = $3, processed_rows = $4,"
      " imported_rows = $5, failed_rows = $6, error_code = $7, error = $8,"
      " finished_at = clock_timestamp() WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(id_), pg::int8_param(c.total),
       pg::int8_param(c.processed), pg::int8_param(c.imported), pg::int8_param(c.failed),
       pg::text_param(code), pg::text_param(message)});
}

}  // namespace leadimport::pipeline
