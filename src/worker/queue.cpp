// Whether an import runs in the caller's transaction or is queued for the
// background worker, and the queueing itself: the worker room decides when
// and as whom an import runs (the SQL functions only ask).
#include <cstring>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/byte_source.hpp"
#include "core/read/input.hpp"
#include "import/import_record.hpp"
#include "import/import_run.hpp"
#include "pg/as_owner.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"
#include "worker/worker.hpp"

namespace leadimport::worker {
namespace {

// Whether the workbook `in` has more than `limit` data rows: its sheet's rows
// are read (the one the `sheet` option names), and counting stops at the
// first row past the limit. A sheet's declared size (xlsx <dimension>, xls
// DIMENSIONS) can lie, and a file's size says little (a 5,000-row xlsx is
// ~60 KB), so only real rows count, as the import counts them: non-blank,
// after the header. Reading 1,002 rows is cheap next to the import itself.
bool workbook_rows_over(const Input& in, Format format, const std::string& sheet, int64_t limit) {
  ReadOptions opts;
  opts.sheet = sheet;
  std::unique_ptr<RowSource> rows = open_rows(in, format, opts);
  Row row;
  int64_t rows_seen = -1;  // the header is not a data row
  while (rows->next(row)) {
    interruption_point();
    if (!is_blank(row) && ++rows_seen > limit) return true;
  }
  return false;
}

// Whether `in` has more than `limit` data rows, whatever its format (SPEC
// "Options", background `auto`): line breaks for CSV (cheap; a quoted line
// break counts too), the rows themselves for workbooks. A file that can't be
// read stays in the foreground, where the import fails with the reason.
bool more_rows_than(const Input& in, const ImportOptions& o, int64_t limit) {
  auto count_lines = [&](const char* p, size_t n, int64_t& lines) {
    const char* end = p + n;
    while (p < end && (p = static_cast<const char*>(memchr(p, '\n', end - p)))) {
      lines++;
      p++;
    }
  };
  try {
    // detect_format opens a path as a regular file only (a FIFO would block,
    // /dev/zero never end), and throws not_a_regular_file for anything else.
    const Format format = detect_format(in, o.format);
    if (format != Format::csv) return workbook_rows_over(in, format, o.sheet, limit);
  } catch (const FileError&) {
    return false;
  }
  int64_t lines = 0;
  if (in.path.empty()) {
    count_lines(in.data, in.size, lines);
    return lines > limit + 1;
  }
  UniqueFd fd;
  try {
    fd = open_regular_file(in.path);
  } catch (const FileError&) {
    return false;
  }
  std::string buf(1 << 20, '\0');
  while (size_t got = read_fd(fd.get(), buf.data(), buf.size(), in.path)) {
    interruption_point();  // throws, so the descriptor is closed on the way out
    count_lines(buf.data(), got, lines);
    if (lines > limit + 1) break;
  }
  return lines > limit + 1;
}

// Whether the calling role may log in: a background import runs as it.
bool caller_can_login() {
  pg::exec("SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE oid = $1",
           {pg::oid_param(pg::calling_role())}, true);
  bool can_login = pg::result_bool(0, 0).value_or(false);
  pg::free_result();
  return can_login;
}

}  // namespace

bool in_background(const ImportOptions& o, const Input* in) {
  if (o.background == Background::no) return false;
  if (!in) {
    if (o.background == Background::yes)
      throw pg::SqlError(ERRCODE_FEATURE_NOT_SUPPORTED,
                         "staging tables are imported in the foreground",
                         "Import with {\"background\": false}; a staging table is often a "
                         "temporary table that the worker could not see.");
    return false;
  }
  if (!worker::available) {
    if (o.background == Background::yes)
      throw pg::SqlError(ERRCODE_FEATURE_NOT_SUPPORTED,
                         "background imports need leadimport in shared_preload_libraries",
                         "Add leadimport to shared_preload_libraries and restart the server, or "
                         "import with {\"background\": false}.");
    return false;
  }
  if (o.background == Background::automatic && !more_rows_than(*in, o, 1000)) return false;
  if (!worker::serves_current_database()) {
    // Queued here, it would wait forever: the launcher watches one database.
    if (o.background == Background::yes)
      throw pg::SqlError(ERRCODE_FEATURE_NOT_SUPPORTED,
                         "background imports run only in the database named by "
                         "leadimport.database (\"" +
                             std::string(worker::database ? worker::database : "") + "\")",
                         "Import here with {\"background\": false}, or set leadimport.database "
                         "to this database and restart the server.");
    return false;
  }
  if (!caller_can_login()) {
    // The worker connects as the importing role. "auto" stays in the
    // foreground; "true" is refused now rather than failing later.
    if (o.background == Background::yes)
      throw pg::SqlError(
          ERRCODE_FEATURE_NOT_SUPPORTED,
          "background imports run as the importing role, and the current role cannot log in",
          "Import as a role with LOGIN, or with {\"background\": false}.");
    return false;
  }
  return true;
}

int64_t enqueue(const pipeline::ImportRequest& req, const Input& in) {
  const std::string kind = in.path.empty() ? "data" : "file";
  pipeline::check_request(req);
  pipeline::load_campaign(req.campaign_id);
  auto record = pipeline::ImportRecord::enqueue(req.campaign_id, req.file_name, req.options.format,
                                                req.options_json);
  pg::AsOwner owner;  // the queued bytes and where to read them: bookkeeping
  if (kind == "data") {
    Datum d = 0;
    const char* p = in.data;
    size_t n = in.size;
    pg::guard([&] {
      bytea* b = (bytea*)palloc(n + VARHDRSZ);
      SET_VARSIZE(b, n + VARHDRSZ);
      memcpy(VARDATA(b), p, n);
      d = PointerGetDatum(b);
    });
    pg::exec(
        "INSERT INTO leadimport.import_files (campaign_id, import_id, data) VALUES ($1, $2, $3)",
        {pg::int8_param(req.campaign_id), pg::int8_param(record.id()), {BYTEAOID, d, false}});
  }
  pg::exec(
      "UPDATE leadimport.imports SET source_kind = $3, source_path = $4"
      " WHERE campaign_id = $1 AND id = $2",
      {pg::int8_param(req.campaign_id), pg::int8_param(record.id()), pg::text_param(kind),
       kind == "file" ? pg::text_param(in.path) : pg::null_param(TEXTOID)});
  worker::wake_launcher_at_commit(record.id());
  return record.id();
}

}  // namespace leadimport::worker
