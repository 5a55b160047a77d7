// The module: its magic block and settings.
#include "import/import_run.hpp"
#include "pg/postgres.hpp"

extern "C" {
#include "utils/guc.h"

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);

void _PG_init(void) {
  DefineCustomIntVariable("leadimport.batch_size",
                          "Rows checked and written per batch by an import.",
                          "Larger batches mean fewer round trips and more memory per batch.",
                          &leadimport::pipeline::batch_size, 10000, 100, 1000000, PGC_USERSET, 0,
                          nullptr, nullptr, nullptr);
  MarkGUCPrefixReserved("leadimport");
}
}
