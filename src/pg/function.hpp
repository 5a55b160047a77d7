// Helpers for the fmgr entry points in src/functions/: declaring them, reading
// arguments into C++ values and building results, all guarded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pg/entry.hpp"
#include "pg/sql_error.hpp"

// Declares a V1 SQL-callable function with C linkage.
#define LEADIMPORT_FUNCTION(name)           \
  extern "C" {                              \
  PGDLLEXPORT Datum name(PG_FUNCTION_ARGS); \
  PG_FUNCTION_INFO_V1(name);                \
  }                                         \
  Datum name(PG_FUNCTION_ARGS)

namespace leadimport::pg {

std::optional<std::string> arg_text(FunctionCallInfo fcinfo, int n);
std::optional<int64_t> arg_int8(FunctionCallInfo fcinfo, int n);
std::optional<int32_t> arg_int4(FunctionCallInfo fcinfo, int n);
// The jsonb argument as JSON text; "{}" when NULL.
std::string arg_jsonb_text(FunctionCallInfo fcinfo, int n);
std::vector<std::string> arg_text_array(FunctionCallInfo fcinfo, int n);

// Throws SqlError(null_value_not_allowed) naming the argument.
int64_t require(const std::optional<int64_t>& v, const char* name);

Datum text_result(const std::string& s);
Datum jsonb_result(const std::string& json);

// Emits a WARNING with a hint (guarded).
void warning(const std::string& message, const std::string& hint);

// The import functions need UTF-8 text in the database.
void require_utf8_database();

// The extension's SQL objects must be the version this library was built for
// (after installing a new package, before ALTER EXTENSION UPDATE, they are
// not). Needs SPI.
void require_schema_version();

}  // namespace leadimport::pg
