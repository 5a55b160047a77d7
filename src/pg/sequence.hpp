// Values of a table's identity column drawn ahead of a COPY, so the rows'
// ids are known without RETURNING (the contacts need their lead's id).
#pragma once

#include <cstdint>
#include <vector>

#include "pg/guard.hpp"

namespace leadimport::pg {

class IdentitySequence {
 public:
  // `table` qualified ("schema.table"); looked up on first use.
  IdentitySequence(const char* table, const char* column) : table_(table), column_(column) {}
  // Replaces `out` with n fresh values.
  void next(size_t n, std::vector<int64_t>& out);

 private:
  const char* table_;
  const char* column_;
  Oid seq_ = InvalidOid;
};

}  // namespace leadimport::pg
