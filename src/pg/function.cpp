#include "pg/function.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"

namespace leadimport::pg {

std::optional<std::string> arg_text(FunctionCallInfo fcinfo, int n) {
  if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
  const char* p = nullptr;
  int len = 0;
  guard([&] {
    text* t = PG_GETARG_TEXT_PP(n);
    p = VARDATA_ANY(t);
    len = VARSIZE_ANY_EXHDR(t);
  });
  return std::string(p, len);
}

std::optional<int64_t> arg_int8(FunctionCallInfo fcinfo, int n) {
  if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
  return PG_GETARG_INT64(n);
}

std::optional<int32_t> arg_int4(FunctionCallInfo fcinfo, int n) {
  if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
  return PG_GETARG_INT32(n);
}

std::string arg_jsonb_text(FunctionCallInfo fcinfo, int n) {
  if (PG_NARGS() <= n || PG_ARGISNULL(n)) return "{}";
  char* s = nullptr;
  guard([&] {
    Jsonb* j = PG_GETARG_JSONB_P(n);
    s = JsonbToCString(nullptr, &j->root, VARSIZE(j));
  });
  return s;
}

std::vector<std::string> arg_text_array(FunctionCallInfo fcinfo, int n) {
  std::vector<std::string> out;
  if (PG_NARGS() <= n || PG_ARGISNULL(n)) return out;
  Datum* elems = nullptr;
  bool* nulls = nullptr;
  int count = 0;
  guard([&] {
    ArrayType* a = PG_GETARG_ARRAYTYPE_P(n);
    deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);
  });
  out.reserve(count);
  for (int i = 0; i < count; i++) {
    if (nulls[i]) {
      out.emplace_back();
      continue;
    }
    const char* p = nullptr;
    int len = 0;
    Datum d = elems[i];
    guard([&] {
      text* t = DatumGetTextPP(d);
      p = VARDATA_ANY(t);
      len = VARSIZE_ANY_EXHDR(t);
    });
    out.emplace_back(p, len);
  }
  return out;
}

int64_t require(const std::optional<int64_t>& v, const char* name) {
  if (!v) throw SqlError(ERRCODE_NULL_VALUE_NOT_ALLOWED, std::string(name) + " must not be null");
  return *v;
}

Datum text_result(const std::string& s) {
  Datum d = 0;
  const char* p = s.data();
  size_t len = s.size();
  guard([&] {
    if (len >= MaxAllocSize - VARHDRSZ)
      ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                      errmsg("result is too large (%zu bytes)", len),
                      errhint("Query leadimport.import_errors directly for very large reports.")));
    d = PointerGetDatum(cstring_to_text_with_len(p, static_cast<int>(len)));
  });
  return d;
}

Datum jsonb_result(const std::string& json) {
  Datum d = 0;
  const char* p = json.c_str();
  guard([&] { d = DirectFunctionCall1(jsonb_in, CStringGetDatum(p)); });
  return d;
}

void warning(const std::string& message, const std::string& hint) {
  const char* m = message.c_str();
  const char* h = hint.empty() ? nullptr : hint.c_str();
  guard([&] { ereport(WARNING, (errmsg_internal("%s", m), h ? errhint("%s", h) : 0)); });
}

void require_utf8_database() {
  if (GetDatabaseEncoding() != PG_UTF8)
    throw SqlError(ERRCODE_FEATURE_NOT_SUPPORTED, "leadimport needs a UTF8 database",
                   "Create the database with ENCODING 'UTF8'.");
}

void require_schema_version() {
  exec("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'leadimport'", {}, true);
  std::string v = result_text(0, 0).value_or("");
  free_result();
  if (v != LEADIMPORT_VERSION)
    throw SqlError(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
                   "the leadimport library is version " LEADIMPORT_VERSION
                   " but the extension in this database is version " +
                       v,
                   "Run ALTER EXTENSION leadimport UPDATE.");
}

}  // namespace leadimport::pg
