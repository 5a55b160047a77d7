// Rows loaded through PostgreSQL's own COPY FROM machinery (BeginCopyFrom +
// CopyFrom over an in-memory buffer): multi-insert into the heap, batched
// index insertion, CHECK and NOT NULL constraints, and the foreign keys'
// RI triggers — exactly what `COPY table FROM …` does, so the import pays
// what the floor of issue 5 pays, not an executor plan per batch.
//
// The caller fills the buffer in COPY's text format with the appenders, then
// load()s it. Privileges are checked as COPY checks them (INSERT on the
// columns); a table with row-level security enabled for the current user
// cannot be loaded this way (COPY FROM refuses it too): ask usable() first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pg/guard.hpp"

namespace leadimport::pg {

class CopyIn {
 public:
  CopyIn(const char* schema, const char* table, std::vector<const char*> columns);

  // False when row-level security applies to this table for the current
  // user (COPY FROM refuses it). Looked up once, on first use.
  bool usable();

  // One field each; end_row() after the last field of a row.
  void int8(int64_t v);
  void text(std::string_view s);  // escaped for COPY's text format
  void null();
  void end_row();

  void clear();

  // Loads the buffered rows into the table and clears the buffer; returns
  // the number of rows loaded. A constraint violation is a PgError.
  uint64_t load();

 private:
  void sep();
  const char* schema_;
  const char* table_;
  std::vector<const char*> columns_;
  std::string buf_;
  std::vector<size_t> cuts_;  // buffer offsets where one COPY's rows end
  size_t rows_ = 0;
  bool first_field_ = true;
  int usable_ = -1;  // not looked up yet
};

}  // namespace leadimport::pg
