// Whether a table is a Citus table (distributed, reference or Citus local),
// asked once per import (issue 12). Citus routes writes to a distributed
// table's shards in its planner and in its COPY utility hook; PostgreSQL's
// COPY machinery called directly (pg/copy_in) would fill the coordinator's
// local shell table instead, where no query ever sees the rows. So writers
// ask this first and use statements Citus plans for Citus tables.
//
// Without the citus extension in the database the answer is false at the
// cost of one syscache lookup, and nothing else changes.
#pragma once

#include "pg/guard.hpp"

namespace leadimport::pg {

// `table` qualified ("schema.table").
bool is_citus_table(const char* table);

}  // namespace leadimport::pg
