// SPI, guarded: every call that can raise a PostgreSQL ERROR turns it into a
// C++ PgError. Results are read from SPI_tuptable and copied into C++ values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/guard.hpp"

namespace leadimport::pg {

struct Param {
  Oid type;
  Datum value;
  bool isnull;
};

Param int8_param(int64_t v);
Param text_param(std::string_view v);           // palloc'd copy
Param jsonb_param(std::string_view json_text);  // parsed by jsonb_in
Param null_param(Oid type);
Param oid_param(Oid v);

void spi_connect();
void spi_finish();

// Runs `sql` with $1.. bound to `params`; returns the number of rows processed.
uint64_t exec(const char* sql, const std::vector<Param>& params = {}, bool read_only = false);

// A read-only query under the latest snapshot: sees what committed since the
// transaction's snapshot was taken, even in REPEATABLE READ.
uint64_t exec_latest(const char* sql, const std::vector<Param>& params = {});

// Frees the last result; batch loops call it so results don't pile up until SPI_finish.
void free_result();

// Values of the last exec's result rows (NULL -> nullopt).
std::optional<std::string> result_text(uint64_t row, int col);
std::optional<int64_t> result_int8(uint64_t row, int col);
std::optional<int32_t> result_int4(uint64_t row, int col);
std::optional<bool> result_bool(uint64_t row, int col);

// A prepared statement, kept across SPI connections and transactions (the
// background worker commits between batches) and freed with the object.
class Statement {
 public:
  Statement(const char* sql, const std::vector<Oid>& types);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  uint64_t run(const std::vector<Param>& params, bool read_only = false) const;

 private:
  SPIPlanPtr plan_ = nullptr;
  int nargs_ = 0;
};

// Checks for query cancel / termination between batches (guarded).
void check_interrupts();

}  // namespace leadimport::pg
