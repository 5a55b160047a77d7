#include <cstring>
#include <stdexcept>

#include "pg/spi.hpp"

extern "C" {
#include "utils/snapmgr.h"
}

namespace leadimport::pg {

Param int8_param(int64_t v) { return {INT8OID, Int64GetDatum(v), false}; }
Param null_param(Oid type) { return {type, (Datum)0, true}; }
Param oid_param(Oid v) { return {OIDOID, ObjectIdGetDatum(v), false}; }

Param text_param(std::string_view v) {
  Datum d = 0;
  const char* p = v.data();
  int len = static_cast<int>(v.size());
  guard([&] { d = PointerGetDatum(cstring_to_text_with_len(p, len)); });
  return {TEXTOID, d, false};
}

Param jsonb_param(std::string_view json_text) {
  Datum d = 0;
  const char* p = json_text.data();
  int len = static_cast<int>(json_text.size());
  guard([&] {
    char* z = pnstrdup(p, len);
    d = DirectFunctionCall1(jsonb_in, CStringGetDatum(z));
  });
  return {JSONBOID, d, false};
}

void spi_connect() {
  guard([&] {
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  });
}

void spi_finish() {
  guard([&] { SPI_finish(); });
}

namespace {

// Unpacks params into the arrays SPI wants; the arrays live in the caller.
void unpack(const std::vector<Param>& params, Oid* types, Datum* values, char* nulls) {
  for (size_t i = 0; i < params.size(); i++) {
    types[i] = params[i].type;
    values[i] = params[i].value;
    nulls[i] = params[i].isnull ? 'n' : ' ';
  }
}

constexpr int kMaxParams = 32;

}  // namespace

uint64_t exec(const char* sql, const std::vector<Param>& params, bool read_only) {
  Oid types[kMaxParams];
  Datum values[kMaxParams];
  char nulls[kMaxParams];
  if (params.size() > kMaxParams) throw std::length_error("too many SPI parameters");
  unpack(params, types, values, nulls);
  int nargs = static_cast<int>(params.size());
  uint64_t processed = 0;
  guard([&] {
    int rc = SPI_execute_with_args(sql, nargs, types, values, nulls, read_only, 0);
    if (rc < 0) elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
    processed = SPI_processed;
  });
  return processed;
}

uint64_t exec_latest(const char* sql, const std::vector<Param>& params) {
  guard([&] { PushActiveSnapshot(GetLatestSnapshot()); });
  uint64_t n = 0;
  try {
    n = exec(sql, params, true);  // read-only: runs under the active snapshot
  } catch (...) {
    guard([&] { PopActiveSnapshot(); });
    throw;
  }
  guard([&] { PopActiveSnapshot(); });
  return n;
}

void free_result() {
  guard([&] {
    if (SPI_tuptable) SPI_freetuptable(SPI_tuptable);
    SPI_tuptable = nullptr;
  });
}

std::optional<std::string> result_text(uint64_t row, int col) {
  char* s = nullptr;
  guard([&] { s = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col + 1); });
  if (!s) return std::nullopt;
  std::string out(s);
  guard([&] { pfree(s); });
  return out;
}

namespace {
Datum binval(uint64_t row, int col, bool& isnull) {
  return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col + 1, &isnull);
}
}  // namespace

std::optional<int64_t> result_int8(uint64_t row, int col) {
  bool isnull = true;
  Datum d = 0;
  guard([&] { d = binval(row, col, isnull); });
  if (isnull) return std::nullopt;
  return DatumGetInt64(d);
}

std::optional<int32_t> result_int4(uint64_t row, int col) {
  bool isnull = true;
  Datum d = 0;
  guard([&] { d = binval(row, col, isnull); });
  if (isnull) return std::nullopt;
  return DatumGetInt32(d);
}

std::optional<bool> result_bool(uint64_t row, int col) {
  bool isnull = true;
  Datum d = 0;
  guard([&] { d = binval(row, col, isnull); });
  if (isnull) return std::nullopt;
  return DatumGetBool(d);
}

Statement::Statement(const char* sql, const std::vector<Oid>& types) {
  Oid argtypes[kMaxParams];
  if (types.size() > kMaxParams) throw std::length_error("too many SPI parameters");
  std::memcpy(argtypes, types.data(), types.size() * sizeof(Oid));
  nargs_ = static_cast<int>(types.size());
  SPIPlanPtr plan = nullptr;
  int nargs = nargs_;
  guard([&] {
    plan = SPI_prepare(sql, nargs, argtypes);
    if (!plan) elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
    if (SPI_keepplan(plan) != 0) elog(ERROR, "SPI_keepplan failed");
  });
  plan_ = plan;
}

Statement::~Statement() {
  // Only frees memory (the plan's own context); safe while an exception unwinds.
  if (plan_) SPI_freeplan(plan_);
}

uint64_t Statement::run(const std::vector<Param>& params, bool read_only) const {
  Oid types[kMaxParams];
  Datum values[kMaxParams];
  char nulls[kMaxParams];
  unpack(params, types, values, nulls);
  uint64_t processed = 0;
  SPIPlanPtr plan = plan_;
  guard([&] {
    int rc = SPI_execute_plan(plan, values, nulls, read_only, 0);
    if (rc < 0) elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
    processed = SPI_processed;
  });
  return processed;
}

void check_interrupts() {
  // The flag first: guard()'s setjmp costs more than the test, and this runs
  // for every cell.
  if (likely(!INTERRUPTS_PENDING_CONDITION())) return;
  guard([&] { CHECK_FOR_INTERRUPTS(); });
}

}  // namespace leadimport::pg
