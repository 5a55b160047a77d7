// sample_file(), detect_mapping() and error_report(): what users read.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/check/row_check.hpp"
#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/map/header_names.hpp"
#include "core/map/mapping.hpp"
#include "core/options.hpp"
#include "core/report/error_report.hpp"
#include "core/report/sample_file.hpp"
#include "import/catalog.hpp"
#include "pg/as_owner.hpp"
#include "pg/citus.hpp"
#include "pg/function.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"

using namespace leadimport;

LEADIMPORT_FUNCTION(leadimport_sample_file) {
  return pg::entry([&]() -> Datum {
    int64_t campaign_id = pg::require(pg::arg_int8(fcinfo, 0), "campaign_id");
    int secondary = pg::arg_int4(fcinfo, 1).value_or(0);
    if (secondary < 0 || secondary > 10)
      throw UsageError("secondary_contacts must be between 0 and 10",
                       "A lead can carry up to 10 secondary contacts.");
    pg::spi_connect();
    pipeline::Campaign c = pipeline::load_campaign(campaign_id);
    pg::spi_finish();
    return pg::text_result(sample_file(c.variables, secondary));
  });
}

LEADIMPORT_FUNCTION(leadimport_detect_mapping) {
  return pg::entry([&]() -> Datum {
    int64_t campaign_id = pg::require(pg::arg_int8(fcinfo, 0), "campaign_id");
    std::vector<std::string> headers = unique_headers(pg::arg_text_array(fcinfo, 1));
    ImportOptions opts = parse_options(pg::arg_jsonb_text(fcinfo, 2));
    pg::spi_connect();
    pipeline::Campaign c = pipeline::load_campaign(campaign_id);
    pg::spi_finish();
    Mapping m = choose_mapping(headers, c.variables, opts.secondary_contacts, opts.mapping_json);
    return pg::jsonb_result(mapping_to_json(m));
  });
}

namespace {

// What the report needs of the import itself: its header names, the most
// cells an error row has (cells beyond the header get columns too), and the
// failure of a file that failed as a whole.
struct ReportImport {
  int64_t campaign_id = 0;
  std::vector<std::string> headers;
  size_t widest_row = 0;
  std::string error_code, error, hint;  // error_code "": no file-level line
};

// Whether the error rows are read as the bookkeeping's owner: on Citus
// (issue 12), where distribute() had to drop import_errors' policy (it asks
// imports in a subquery, which Citus refuses), so row-level security shows
// other roles no error row at all. The caller's right to them is what the
// policy checked on one server: that the caller sees the import
// (report_import reads it as the caller first, and throws when it can't).
// On one server the policy does it, and nothing changes.
bool errors_as_owner() { return pg::is_citus_table("leadimport.import_errors"); }

// Reads the import as the caller may see it (row-level security); throws
// when the import does not exist for the caller.
ReportImport report_import(int64_t import_id) {
  ReportImport r;
  if (pg::exec("SELECT campaign_id, CASE WHEN status = 'failed' AND error_code <> $2"
               " THEN error_code END, coalesce(error, ''), coalesce(error_hint, '')"
               " FROM leadimport.imports WHERE id = $1",
               {pg::int8_param(import_id), pg::text_param(codes::rows_invalid.code)}, true) == 0)
    throw pg::SqlError(ERRCODE_UNDEFINED_OBJECT,
                       "import " + std::to_string(import_id) + " does not exist");
  r.campaign_id = pg::result_int8(0, 0).value_or(0);
  // rows_invalid (all or nothing) is told by the row lines themselves.
  if (auto code = pg::result_text(0, 1)) {
    r.error_code = *code;
    r.error = pg::result_text(0, 2).value_or("");
    r.hint = pg::result_text(0, 3).value_or("");
  }
  pg::free_result();
  uint64_t n = pg::exec(
      "SELECT h FROM leadimport.imports i, pg_catalog.unnest(i.headers) WITH ORDINALITY AS t(h, o)"
      " WHERE i.campaign_id = $1 AND i.id = $2 ORDER BY o",
      {pg::int8_param(r.campaign_id), pg::int8_param(import_id)}, true);
  for (uint64_t k = 0; k < n; k++) r.headers.push_back(pg::result_text(k, 0).value_or(""));
  pg::free_result();
  std::optional<pg::AsOwner> owner;
  if (errors_as_owner()) owner.emplace();
  // The widest row (at most 16,384 cells: the readers' limit).
  pg::exec(
      "SELECT coalesce(pg_catalog.max(pg_catalog.jsonb_array_length(row_data)), 0)"
      " FROM leadimport.import_errors WHERE campaign_id = $1 AND import_id = $2"
      " AND pg_catalog.jsonb_typeof(row_data) = 'array'",
      {pg::int8_param(r.campaign_id), pg::int8_param(import_id)}, true);
  r.widest_row = static_cast<size_t>(std::max<int64_t>(0, pg::result_int8(0, 0).value_or(0)));
  pg::free_result();
  return r;
}

// One page of an import's error rows after (row_number, id) = ($3, $4), in
// report order. A page is at most $5 rows and, past its first row, at most
// $6 bytes: rows of 1 MiB cells must not arrive 5,000 at a time. A row's
// cells come with its first problem only (the others would repeat them).
constexpr const char* kErrorPage =
    "SELECT row_number, id, d, col, code, message, hint FROM ("
    " SELECT *, pg_catalog.sum(size) OVER (ORDER BY row_number, id) AS upto FROM ("
    "  SELECT *, pg_catalog.octet_length(coalesce(d, '')) + pg_catalog.octet_length(col)"
    "   + pg_catalog.octet_length(message) + pg_catalog.octet_length(hint) AS size FROM ("
    "   SELECT row_number, id, CASE WHEN row_number = pg_catalog.lag(row_number)"
    "    OVER (ORDER BY row_number, id) THEN NULL ELSE row_data::text END AS d,"
    "    coalesce(column_name, '') AS col, code, message, coalesce(hint, '') AS hint"
    "   FROM (SELECT * FROM leadimport.import_errors"
    "    WHERE campaign_id = $1 AND import_id = $2 AND (row_number, id) > ($3, $4)"
    "    ORDER BY row_number, id LIMIT $5) e) s) t) u"
    " WHERE upto - size < $6 ORDER BY row_number, id";
constexpr int64_t kPageRows = 5000;
constexpr int64_t kPageBytes = int64_t{8} << 20;

}  // namespace

LEADIMPORT_FUNCTION(leadimport_error_report) {
  return pg::entry([&]() -> Datum {
    int64_t import_id = pg::require(pg::arg_int8(fcinfo, 0), "import_id");
    pg::spi_connect();
    ReportImport import = report_import(import_id);
    const int64_t campaign_id = import.campaign_id;
    ErrorReport report(std::move(import.headers), import.widest_row);
    // A file that failed as a whole has no row lines, or only those written
    // before the failure (a background worker's committed batches): its
    // line comes first.
    if (!import.error_code.empty())
      report.add_file_error(import.error_code, import.error, import.hint);
    // Keyset pages keep memory bounded for imports with many errors. The
    // page's row count follows what the byte limit let through, so rows cut
    // off by it (read, then dropped) cost at most as much as the rows kept.
    int64_t last_row = -1, last_id = -1, limit = 100;
    int64_t cur_row = -1;
    std::optional<pg::AsOwner> owner;  // see errors_as_owner()
    if (errors_as_owner()) owner.emplace();
    std::string cur_data;
    std::vector<Problem> problems;
    for (;;) {
      uint64_t n = pg::exec(
          kErrorPage,
          {pg::int8_param(campaign_id), pg::int8_param(import_id), pg::int8_param(last_row),
           pg::int8_param(last_id), pg::int8_param(limit), pg::int8_param(kPageBytes)},
          true);
      for (uint64_t r = 0; r < n; r++) {
        int64_t row = pg::result_int8(r, 0).value_or(0);
        if (row != cur_row && !problems.empty()) {
          report.add_row(cur_row, cur_data, problems);
          problems.clear();
        }
        if (row != cur_row) cur_data = pg::result_text(r, 2).value_or("[]");
        cur_row = row;
        last_row = row;
        last_id = pg::result_int8(r, 1).value_or(0);
        problems.push_back({pg::result_text(r, 3).value_or(""), pg::result_text(r, 4).value_or(""),
                            pg::result_text(r, 5).value_or(""),
                            pg::result_text(r, 6).value_or("")});
      }
      pg::free_result();
      if (n == 0) break;
      limit = static_cast<int64_t>(n) == limit ? std::min(limit * 2, kPageRows)
                                               : std::max<int64_t>(1, static_cast<int64_t>(n));
      pg::check_interrupts();
    }
    if (!problems.empty()) report.add_row(cur_row, cur_data, problems);
    pg::spi_finish();
    return pg::text_result(report.take());
  });
}
