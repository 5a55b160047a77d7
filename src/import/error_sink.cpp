#include <string_view>

#include "import/error_sink.hpp"
#include "pg/arrays.hpp"
#include "pg/as_owner.hpp"
#include "pg/citus.hpp"
#include "pg/copy_in.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

struct ErrorSink::Statements {
  pg::Statement insert{
      "INSERT INTO leadimport.import_errors"
      " (campaign_id, import_id, row_number, column_name, code, message, hint, row_data)"
      " SELECT $1, $2, t.r, t.c, t.code, t.m, t.h, t.d::jsonb"
      " FROM ROWS FROM (pg_catalog.unnest($3::int8[]), pg_catalog.unnest($4::text[]), "
      "pg_catalog.unnest($5::text[]), pg_catalog.unnest($6::text[]), "
      "pg_catalog.unnest($7::text[]), pg_catalog.unnest($8::text[]))"
      " AS t(r, c, code, m, h, d)",
      {INT8OID, INT8OID, INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID,
       TEXTARRAYOID}};
};

// The usual path: PostgreSQL's COPY machinery (see pg/copy_in.hpp).
// (Under row-level security, COPY FROM is refused: the INSERT statement.)
// On Citus (issue 12) the INSERT statement too: COPY's machinery called
// directly would fill the coordinator's local shell table, while Citus
// plans the INSERT ... SELECT and routes its rows, all of one campaign, to
// the campaign's shard. Asked once per sink (once per import or pass).
struct ErrorSink::Copy {
  pg::CopyIn in{"leadimport",
                "import_errors",
                {"campaign_id", "import_id", "row_number", "column_name", "code", "message", "hint",
                 "row_data"}};
  int citus = -1;  // not looked up yet
  bool usable() {
    if (citus < 0) citus = pg::is_citus_table("leadimport.import_errors") ? 1 : 0;
    return citus == 0 && in.usable();
  }
};

ErrorSink::ErrorSink(int64_t campaign_id, int64_t import_id)
    : campaign_id_(campaign_id),
      import_id_(import_id),
      st_(std::make_unique<Statements>()),
      copy_(std::make_unique<Copy>()) {}

ErrorSink::~ErrorSink() = default;

void ErrorSink::add(int64_t row, std::string row_data, const std::vector<Problem>& problems) {
  if (problems.empty()) return;
  data_.push_back(std::move(row_data));
  const std::string& data = data_.back();
  for (const auto& p : problems) {
    rows_.push_back(row);
    columns_.push_back(p.column);
    codes_.push_back(p.code);
    messages_.push_back(p.message);
    hints_.push_back(p.hint);
    data_of_.push_back(data_.size() - 1);
    bytes_ += data.size() + p.column.size() + p.code.size() + p.message.size() + p.hint.size() + 64;
  }
}

namespace {
// Empty strings become NULL (a problem of the row as a whole has no column).
std::vector<std::string_view> views(const std::vector<std::string>& v, bool empty_is_null) {
  std::vector<std::string_view> out;
  out.reserve(v.size());
  for (const auto& s : v)
    out.push_back(empty_is_null && s.empty() ? std::string_view{} : std::string_view(s));
  return out;
}
}  // namespace

void ErrorSink::flush() {
  if (rows_.empty()) return;
  // import_errors is bookkeeping: written as its owner, one switch a batch.
  pg::AsOwner owner;
  if (copy_->usable()) {
    pg::CopyIn& in = copy_->in;
    auto text_or_null = [&](const std::string& s) {
      if (s.empty())
        in.null();
      else
        in.text(s);
    };
    for (size_t i = 0; i < rows_.size(); i++) {
      in.int8(campaign_id_);
      in.int8(import_id_);
      in.int8(rows_[i]);
      text_or_null(columns_[i]);
      in.text(codes_[i]);
      in.text(messages_[i]);
      text_or_null(hints_[i]);
      in.text(data_[data_of_[i]]);
      in.end_row();
    }
    in.load();
    clear();
    return;
  }
  pg::BatchMemory mem;
  mem.enter();
  st_->insert.run({pg::int8_param(campaign_id_), pg::int8_param(import_id_), pg::int8_array(rows_),
                   pg::text_array(views(columns_, true)), pg::text_array(views(codes_, false)),
                   pg::text_array(views(messages_, false)), pg::text_array(views(hints_, true)),
                   pg::text_array(row_data_views())});
  mem.leave();
  clear();
}

void ErrorSink::clear() {
  rows_.clear();
  columns_.clear();
  codes_.clear();
  messages_.clear();
  hints_.clear();
  data_.clear();
  data_of_.clear();
  bytes_ = 0;
}

std::vector<std::string_view> ErrorSink::row_data_views() const {
  std::vector<std::string_view> out;
  out.reserve(data_of_.size());
  for (size_t d : data_of_) out.push_back(data_[d]);
  return out;
}

void ErrorSink::discard() {
  clear();
  pg::AsOwner owner;
  pg::exec("DELETE FROM leadimport.import_errors WHERE campaign_id = $1 AND import_id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(import_id_)});
}

}  // namespace leadimport::pipeline
