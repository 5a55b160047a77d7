// The one place PostgreSQL's C headers enter C++. Include it LAST in a .cpp:
// port.h redefines printf/snprintf and friends, which breaks C++ headers that
// come after it.
#pragma once

extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
}

#ifdef Min
// libphonenumber/abseil use these names; nothing here needs PostgreSQL's macros.
#undef Min
#undef Max
#endif
