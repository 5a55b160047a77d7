# PGXS build of the extension: `make`, `make install`, `make installcheck`.
# The C++ core is also built, with its unit tests, by CMakeLists.txt.
EXTENSION  = leadimport
EXTVERSION = 0.4.0
MODULE_big = leadimport

SRCS = $(sort $(wildcard src/core/*.cpp src/core/*/*.cpp src/core/*/*/*.cpp src/pg/*.cpp src/import/*.cpp src/worker/*.cpp src/functions/*.cpp src/*.cpp))
OBJS = $(SRCS:.cpp=.o)
LI_HEADERS = $(wildcard src/*.hpp src/*/*.hpp src/*/*/*.hpp src/*/*/*/*.hpp)

# The install script is the tables and functions plus the privilege model
# and what 0.4.0 added (leadimport.distribute(), from the 0.3.0 -> 0.4.0
# upgrade script, so both have the same function); the upgrade from 0.1.0
# alters the tables and adds the same model; the one from 0.2.0 rewrites the
# error rows' cells (sql/leadimport--0.2.0--0.3.0.sql); the one from 0.3.0
# adds distribute() (sql/leadimport--0.3.0--0.4.0.sql).
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--0.1.0--0.2.0.sql
DATA       = sql/$(EXTENSION)--0.1.0.sql sql/$(EXTENSION)--0.2.0--0.3.0.sql \
             sql/$(EXTENSION)--0.3.0--0.4.0.sql

PG_CONFIG ?= pg_config
# -isystem makes PostgreSQL's own headers quiet while -Wall -Wextra apply to ours.
PG_CPPFLAGS = -DLEADIMPORT_VERSION='"$(EXTVERSION)"' -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS = -std=c++17 -fPIC -Wall -Wextra -Wno-unused-parameter $(EXTRA_CXXFLAGS)
SHLIB_LINK  = -lphonenumber -lprotobuf -lcsv $(shell pkg-config --libs libzip expat libpcre2-8) -lstdc++

TESTS        = $(sort $(wildcard test/sql/*.sql))
REGRESS      = $(patsubst test/sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=test --outputdir=test --load-extension=leadimport

# No LLVM bitcode: it would need clang for every C++ file and buys nothing here.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(OBJS): $(LI_HEADERS)
# libphonenumber's time zone map, compiled in (data/phone-time-zones/README.md).
src/core/check/time_zones.o: src/core/check/time_zones_map.inc
# EXTVERSION reaches these as LEADIMPORT_VERSION: a new version rebuilds them.
src/pg/function.o src/worker/launcher.o: Makefile

$(EXTENSION)--$(EXTVERSION).sql: sql/$(EXTENSION).sql sql/dump_sequences.sql sql/privileges.sql \
  sql/$(EXTENSION)--0.3.0--0.4.0.sql
	cat $^ >$@

$(EXTENSION)--0.1.0--0.2.0.sql: sql/update--0.1.0--0.2.0.sql sql/dump_sequences.sql sql/privileges.sql
	cat $^ >$@

EXTRA_CLEAN = build test/results test/regression.diffs test/regression.out
