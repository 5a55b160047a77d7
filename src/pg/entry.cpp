#include <new>
#include <stdexcept>

#include "core/errors.hpp"
#include "pg/entry.hpp"
#include "pg/sql_error.hpp"

namespace leadimport::pg {

namespace {
char* dup(const std::string& s) { return s.empty() ? nullptr : pstrdup(s.c_str()); }
}  // namespace

void capture_current_exception(Failure& out) noexcept {
  // pstrdup can only fail by running out of memory, which PostgreSQL reports
  // by longjmp; that leaks the exception object, nothing worse.
  try {
    throw;
  } catch (const PgError& e) {
    out.pg = e.edata();
  } catch (const SqlError& e) {
    out.sqlstate = e.sqlstate();
    out.message = pstrdup(e.what());
    out.hint = dup(e.hint());
    out.detail = dup(e.detail());
  } catch (const UsageError& e) {
    out.sqlstate = ERRCODE_INVALID_PARAMETER_VALUE;
    out.message = pstrdup(e.what());
    out.hint = dup(e.hint());
  } catch (const FileError& e) {
    // Normally handled by the import (a failed import, not an ERROR); here when
    // a file problem has no import to record it in.
    out.sqlstate = ERRCODE_DATA_EXCEPTION;
    out.message = pstrdup(e.what());
    out.hint = dup(e.hint());
    out.detail = pstrdup(("error code: " + e.code()).c_str());
  } catch (const std::bad_alloc&) {
    out.sqlstate = ERRCODE_OUT_OF_MEMORY;
    out.message = pstrdup("out of memory in leadimport");
  } catch (const std::exception& e) {
    out.sqlstate = ERRCODE_INTERNAL_ERROR;
    out.message = pstrdup(e.what());
  } catch (...) {
    out.sqlstate = ERRCODE_INTERNAL_ERROR;
    out.message = pstrdup("unknown C++ exception in leadimport");
  }
}

void raise_failure(const Failure& f) {
  if (f.pg) ReThrowError(f.pg);
  ereport(ERROR,
          (errcode(f.sqlstate), errmsg_internal("%s", f.message),
           f.detail ? errdetail_internal("%s", f.detail) : 0, f.hint ? errhint("%s", f.hint) : 0));
  pg_unreachable();
}

}  // namespace leadimport::pg
