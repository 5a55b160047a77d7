#include <algorithm>
#include <charconv>
#include <cstring>

#include "pg/arrays.hpp"
#include "pg/copy_in.hpp"

extern "C" {
#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "commands/copy.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "parser/parse_node.h"
#include "parser/parse_relation.h"
#include "utils/rls.h"
}

#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 180000
// Written against PostgreSQL 15's and 17's headers (BeginCopyFrom's
// signature is the same in both; 16 moved the permissions from the range
// table entry to RTEPermissionInfo, below). Tested on 15 and 17 only.
#error "copy_in.cpp is written against PostgreSQL 15 to 17"
#endif

namespace leadimport::pg {
namespace {

// Rows per CopyFrom call. CopyFrom keeps a slot per buffered row (up to
// 1000), each pinning the table's tuple descriptor in the resource owner,
// until its foreign-key checks have run; every check pins descriptors too,
// and PostgreSQL 15's resource owner finds a free place for a pin by
// probing linearly past equal entries: with 1000 pins held, a check whose
// pins hash into that run walks it (ResourceOwnerRememberTupleDesc, 5% of a
// profiled import). Smaller COPYs keep the run short.
constexpr size_t kRowsPerCopy = 250;

// COPY's data-source callback takes no user pointer: the buffer being loaded
// is a file-level variable, set for the duration of one load().
struct Source {
  const char* p = nullptr;
  size_t left = 0;
};
Source* current = nullptr;

extern "C" int read_buffer(void* out, int /*minread*/, int maxread) {
  size_t n = std::min(current->left, static_cast<size_t>(maxread));
  memcpy(out, current->p, n);
  current->p += n;
  current->left -= n;
  return static_cast<int>(n);
}

// Restores the previous source: a table's own trigger could, in principle,
// start another load while this one runs.
struct CurrentSource {
  explicit CurrentSource(Source* s) : prev(current) { current = s; }
  ~CurrentSource() { current = prev; }
  Source* prev;
};

}  // namespace

CopyIn::CopyIn(const char* schema, const char* table, std::vector<const char*> columns)
    : schema_(schema), table_(table), columns_(std::move(columns)) {}

bool CopyIn::usable() {
  if (usable_ < 0) {
    bool rls = false;
    guard([&] {
      Oid relid = RangeVarGetRelid(makeRangeVar((char*)schema_, (char*)table_, -1), NoLock, false);
      rls = check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED;
    });
    usable_ = !rls;
  }
  return usable_ == 1;
}

void CopyIn::sep() {
  if (!first_field_) buf_.push_back('\t');
  first_field_ = false;
}

void CopyIn::int8(int64_t v) {
  sep();
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf_.append(tmp, static_cast<size_t>(r.ptr - tmp));
}

void CopyIn::text(std::string_view s) {
  sep();
  // Text format: backslash starts an escape; tab, newline and carriage
  // return would end the field or the row.
  size_t start = 0;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i], e;
    if (static_cast<unsigned char>(c) > '\\') continue;  // most bytes: nothing to escape
    switch (c) {
      case '\\':
        e = '\\';
        break;
      case '\t':
        e = 't';
        break;
      case '\n':
        e = 'n';
        break;
      case '\r':
        e = 'r';
        break;
      default:
        continue;
    }
    buf_.append(s.data() + start, i - start);
    buf_.push_back('\\');
    buf_.push_back(e);
    start = i + 1;
  }
  buf_.append(s.data() + start, s.size() - start);
}

void CopyIn::null() {
  sep();
  buf_.append("\\N", 2);
}

void CopyIn::end_row() {
  buf_.push_back('\n');
  rows_++;
  first_field_ = true;
  if (rows_ % kRowsPerCopy == 0) cuts_.push_back(buf_.size());
}

void CopyIn::clear() {
  buf_.clear();
  cuts_.clear();
  rows_ = 0;
  first_field_ = true;
}

uint64_t CopyIn::load() {
  if (rows_ == 0) return 0;
  // Taken out first: the buffer is empty afterwards, loaded or not.
  std::string data;
  data.swap(buf_);
  std::vector<size_t> cuts;
  cuts.swap(cuts_);
  if (cuts.empty() || cuts.back() != data.size()) cuts.push_back(data.size());
  clear();
  Source src{data.data(), 0};
  CurrentSource on(&src);
  const size_t* cut = cuts.data();
  const size_t ncuts = cuts.size();
  const char* base = data.data();
  const char* schema = schema_;
  const char* table = table_;
  const char* const* cols = columns_.data();
  int ncols = static_cast<int>(columns_.size());
  uint64_t loaded = 0;
  BatchMemory mem;
  mem.enter();
  guard([&] {
    Relation rel = table_openrv(makeRangeVar((char*)schema, (char*)table, -1), RowExclusiveLock);
    // As COPY FROM does it: INSERT on the named columns, checked on the
    // range-table entry CopyFrom builds its executor state from.
    ParseState* pstate = make_parsestate(nullptr);
    ParseNamespaceItem* nsitem =
        addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, nullptr, false, false);
#if PG_VERSION_NUM >= 160000
    // 16 and later: the permissions live in the RTEPermissionInfo that
    // addRangeTableEntryForRelation added to pstate->p_rteperminfos, which
    // BeginCopyFrom hands on to CopyFrom's executor state (as DoCopy does).
    RTEPermissionInfo* perm = nsitem->p_perminfo;
#else
    RangeTblEntry* perm = nsitem->p_rte;
#endif
    perm->requiredPerms = ACL_INSERT;
    List* attlist = NIL;
    for (int i = 0; i < ncols; i++) {
      AttrNumber att = attnameAttNum(rel, cols[i], false);
      if (att == InvalidAttrNumber)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("column \"%s\" of relation \"%s\" does not exist", cols[i],
                               RelationGetRelationName(rel))));
      perm->insertedCols =
          bms_add_member(perm->insertedCols, att - FirstLowInvalidHeapAttributeNumber);
      attlist = lappend(attlist, makeString(pstrdup(cols[i])));
    }
#if PG_VERSION_NUM >= 160000
    ExecCheckPermissions(pstate->p_rtable, pstate->p_rteperminfos, true);
#else
    ExecCheckRTPerms(pstate->p_rtable, true);
#endif
    if (check_enable_rls(RelationGetRelid(rel), InvalidOid, false) == RLS_ENABLED)
      ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                      errmsg("leadimport cannot COPY into \"%s\": row-level security is enabled",
                             RelationGetRelationName(rel))));
    // Our buffer is UTF-8 whatever the session's client_encoding says.
    List* options =
        lappend(NIL, makeDefElem(pstrdup("encoding"), (Node*)makeString(pstrdup("UTF8")), -1));
    size_t from = 0;
    for (size_t k = 0; k < ncuts; k++) {
      src.p = base + from;
      src.left = cut[k] - from;
      from = cut[k];
      CopyFromState cstate =
          BeginCopyFrom(pstate, rel, nullptr, nullptr, false, read_buffer, attlist, options);
      loaded += CopyFrom(cstate);
      EndCopyFrom(cstate);
    }
    free_parsestate(pstate);
    table_close(rel, NoLock);
    // A statement boundary: what follows (the contacts' foreign keys, the
    // next batch's lookups) sees these rows.
    CommandCounterIncrement();
  });
  mem.leave();
  buf_.swap(data);  // keeps the capacity for the next batch
  clear();
  return loaded;
}

}  // namespace leadimport::pg
