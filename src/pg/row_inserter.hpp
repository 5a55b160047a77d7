// Rows inserted the way COPY FROM inserts them, without COPY's text: values
// become Datums directly and go through the table access method's
// multi-insert, the executor's index insertion, ExecConstraints (NOT NULL,
// CHECK) and the AFTER ROW triggers (the foreign keys' RI checks, fired when
// load() ends, as at the end of a COPY statement). Columns not given get
// their defaults, evaluated per row as COPY does.
//
// Privileges are checked as COPY checks them (INSERT on the given columns).
// usable() is false where this path would not do what an INSERT does: a
// table with row-level security for the current user, with a user trigger,
// with a generated column, or that is not a plain table — callers then take
// the COPY path (pg/copy_in) or an INSERT statement.
//
// Field values are kept as views: the strings must live until load().
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "pg/guard.hpp"

namespace leadimport::pg {

class RowInserter {
 public:
  RowInserter(const char* schema, const char* table, std::vector<const char*> columns);

  bool usable() const;

  // One field each, in the order of the columns; end_row() after the last.
  void int8(int64_t v) { fields_.push_back({Kind::int8, v, {}}); }
  void text(std::string_view s) { fields_.push_back({Kind::text, 0, s}); }
  void jsonb(std::string_view json) { fields_.push_back({Kind::jsonb, 0, json}); }
  void null() { fields_.push_back({Kind::null, 0, {}}); }
  void end_row() { rows_++; }

  size_t rows() const { return rows_; }
  void clear() {
    fields_.clear();
    rows_ = 0;
  }

  // Inserts the rows given since the last load and clears them; returns how
  // many. A constraint violation (unique, CHECK, foreign key) is a PgError.
  uint64_t load();

 private:
  enum class Kind : uint8_t { int8, text, jsonb, null };
  struct Field {
    Kind kind;
    int64_t i;
    std::string_view s;
  };
  const char* schema_;
  const char* table_;
  std::vector<const char*> columns_;
  std::vector<Field> fields_;
  size_t rows_ = 0;
};

}  // namespace leadimport::pg
