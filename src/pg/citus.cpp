#include "pg/citus.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "commands/extension.h"
}

namespace leadimport::pg {

bool is_citus_table(const char* table) {
  bool citus = false;
  guard([&] { citus = OidIsValid(get_extension_oid("citus", true)); });
  if (!citus) return false;
  // pg_dist_partition exists only where the extension does: asked only then.
  uint64_t n = exec(
      "SELECT FROM pg_catalog.pg_dist_partition"
      " WHERE logicalrelid = pg_catalog.to_regclass($1)",
      {text_param(table)}, true);
  free_result();
  return n > 0;
}

}  // namespace leadimport::pg
