// Rows `COPY`ed into a staging table, read through a cursor: the column names
// are the header (row 1), the rows follow in the table's physical order,
// which is the order COPY wrote them.
#pragma once

#include <memory>

#include "core/read/row_source.hpp"
#include "pg/postgres.hpp"

namespace leadimport::pipeline {

std::unique_ptr<RowSource> open_staged(Oid relid);

}  // namespace leadimport::pipeline
