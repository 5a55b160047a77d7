#include "pg/sequence.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"

extern "C" {
#include "commands/sequence.h"
}

namespace leadimport::pg {

void IdentitySequence::next(size_t n, std::vector<int64_t>& out) {
  if (seq_ == InvalidOid) {
    exec("SELECT pg_catalog.pg_get_serial_sequence($1, $2)::regclass::oid::int8",
         {text_param(table_), text_param(column_)}, true);
    seq_ = static_cast<Oid>(result_int8(0, 0).value_or(0));
    free_result();
    if (seq_ == InvalidOid)
      throw SqlError(ERRCODE_INTERNAL_ERROR,
                     std::string(table_) + "." + column_ + " has no identity sequence");
  }
  out.resize(n);
  int64_t* p = out.data();
  Oid seq = seq_;
  // No privilege check on the sequence: an identity column's default does
  // not check one either; INSERT on the table is checked by the COPY.
  guard([&] {
    for (size_t i = 0; i < n; i++) p[i] = nextval_internal(seq, false);
  });
}

}  // namespace leadimport::pg
