#include <stdexcept>

#include "pg/arrays.hpp"
#include "pg/row_inserter.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/sysattr.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_relation.h"
#include "rewrite/rewriteHandler.h"
#include "utils/datum.h"
#include "utils/rel.h"
#include "utils/rls.h"
}

#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 160000
// The executor calls below (ExecInitRangeTable, ExecCheckRTPerms, the
// RangeTblEntry permission fields) are PostgreSQL 15's.
#error "row_inserter.cpp is written against PostgreSQL 15"
#endif

namespace leadimport::pg {
namespace {

// Rows per table_multi_insert call, as COPY buffers them.
constexpr int kMultiInsert = 1000;

}  // namespace

RowInserter::RowInserter(const char* schema, const char* table, std::vector<const char*> columns)
    : schema_(schema), table_(table), columns_(std::move(columns)) {}

bool RowInserter::usable() const {
  bool ok = false;
  const char* schema = schema_;
  const char* table = table_;
  guard([&] {
    Relation rel = table_openrv(makeRangeVar((char*)schema, (char*)table, -1), AccessShareLock);
    ok = rel->rd_rel->relkind == RELKIND_RELATION &&
         check_enable_rls(RelationGetRelid(rel), InvalidOid, true) != RLS_ENABLED &&
         !(rel->rd_att->constr && rel->rd_att->constr->has_generated_stored);
    // Only the constraint triggers PostgreSQL makes for foreign keys: a user
    // trigger (BEFORE ROW, statement level, transition tables) gets the
    // statement path, where the executor fires it exactly.
    if (ok && rel->trigdesc) {
      for (int i = 0; i < rel->trigdesc->numtriggers; i++)
        if (!rel->trigdesc->triggers[i].tgisinternal) ok = false;
    }
    table_close(rel, AccessShareLock);
  });
  return ok;
}

uint64_t RowInserter::load() {
  if (rows_ == 0) return 0;
  const int ncols = static_cast<int>(columns_.size());
  if (fields_.size() != rows_ * static_cast<size_t>(ncols)) {
    clear();
    throw std::logic_error("RowInserter: rows with a wrong number of fields");
  }
  // Taken out first: nothing is left buffered afterwards, loaded or not.
  std::vector<Field> taken;
  taken.swap(fields_);
  const size_t nrows = rows_;
  rows_ = 0;
  const Field* fields = taken.data();
  const char* const* cols = columns_.data();
  const char* schema = schema_;
  const char* table = table_;
  BatchMemory mem;
  mem.enter();
  guard([&] {
    Relation rel = table_openrv(makeRangeVar((char*)schema, (char*)table, -1), RowExclusiveLock);
    TupleDesc desc = RelationGetDescr(rel);
    const int natts = desc->natts;

    // INSERT on the given columns, checked as COPY FROM checks it.
    RangeTblEntry* rte = makeNode(RangeTblEntry);
    rte->rtekind = RTE_RELATION;
    rte->relid = RelationGetRelid(rel);
    rte->relkind = rel->rd_rel->relkind;
    rte->rellockmode = RowExclusiveLock;
    rte->requiredPerms = ACL_INSERT;
    int* attidx = (int*)palloc(sizeof(int) * ncols);
    bool* given = (bool*)palloc0(sizeof(bool) * natts);
    for (int c = 0; c < ncols; c++) {
      AttrNumber att = attnameAttNum(rel, cols[c], false);
      if (att == InvalidAttrNumber)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("column \"%s\" of relation \"%s\" does not exist", cols[c],
                               RelationGetRelationName(rel))));
      attidx[c] = att - 1;
      given[att - 1] = true;
      rte->insertedCols =
          bms_add_member(rte->insertedCols, att - FirstLowInvalidHeapAttributeNumber);
    }
    List* rtable = lappend(NIL, rte);
    ExecCheckRTPerms(rtable, true);
    if (check_enable_rls(RelationGetRelid(rel), InvalidOid, false) == RLS_ENABLED)
      ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                      errmsg("leadimport cannot insert into \"%s\" directly: row-level security "
                             "is enabled",
                             RelationGetRelationName(rel))));

    EState* estate = CreateExecutorState();
    ExecInitRangeTable(estate, rtable);
    ResultRelInfo* rri = makeNode(ResultRelInfo);
    ExecInitResultRelation(estate, rri, 1);
    CheckValidResultRel(rri, CMD_INSERT);
    ExecOpenIndices(rri, false);

    // The other columns' defaults (created_at's now(), an identity's
    // nextval), evaluated for every row as COPY does.
    int ndefaults = 0;
    int* defatt = (int*)palloc(sizeof(int) * natts);
    ExprState** defexpr = (ExprState**)palloc(sizeof(ExprState*) * natts);
    for (int a = 0; a < natts; a++) {
      if (TupleDescAttr(desc, a)->attisdropped || given[a]) continue;
      Node* d = build_column_default(rel, a + 1);
      if (!d) continue;
      defexpr[ndefaults] = ExecInitExpr(expression_planner((Expr*)d), nullptr);
      defatt[ndefaults++] = a;
    }
    Oid* types = (Oid*)palloc(sizeof(Oid) * ncols);
    for (int c = 0; c < ncols; c++) types[c] = TupleDescAttr(desc, attidx[c])->atttypid;

    AfterTriggerBeginQuery();
    CommandId cid = GetCurrentCommandId(true);
    BulkInsertState bistate = GetBulkInsertState();
    TupleTableSlot** slots = (TupleTableSlot**)palloc0(sizeof(TupleTableSlot*) * kMultiInsert);
    int created = 0, used = 0;
    ExprContext* econtext = GetPerTupleExprContext(estate);
    MemoryContext outer = CurrentMemoryContext;
    MemoryContext rowcxt = AllocSetContextCreate(outer, "leadimport rows", ALLOCSET_DEFAULT_SIZES);
    const bool constraints = desc->constr != nullptr;
    TriggerDesc* trig = rri->ri_TrigDesc;
    const bool after_row = trig && trig->trig_insert_after_row;

    auto flush = [&] {
      if (used == 0) return;
      MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
      table_multi_insert(rel, slots, used, cid, 0, bistate);
      MemoryContextSwitchTo(outer);
      for (int i = 0; i < used; i++) {
        List* recheck = NIL;
        if (rri->ri_NumIndices > 0)
          recheck = ExecInsertIndexTuples(rri, slots[i], estate, false, false, nullptr, NIL);
        if (after_row) ExecARInsertTriggers(estate, rri, slots[i], recheck, nullptr);
        list_free(recheck);
        ExecClearTuple(slots[i]);
      }
      ResetPerTupleExprContext(estate);
      MemoryContextReset(rowcxt);
      used = 0;
    };

    for (size_t r = 0; r < nrows; r++) {
      if (used == created) slots[created++] = table_slot_create(rel, nullptr);
      TupleTableSlot* slot = slots[used];
      ExecClearTuple(slot);
      Datum* values = slot->tts_values;
      bool* nulls = slot->tts_isnull;
      for (int a = 0; a < natts; a++) {
        values[a] = (Datum)0;
        nulls[a] = true;
      }
      MemoryContextSwitchTo(rowcxt);
      const Field* f = fields + r * ncols;
      for (int c = 0; c < ncols; c++) {
        int a = attidx[c];
        switch (f[c].kind) {
          case Kind::null:
            break;
          case Kind::int8:
            if (types[c] == INT8OID) {
              values[a] = Int64GetDatum(f[c].i);
            } else if (types[c] == INT4OID && f[c].i >= PG_INT32_MIN && f[c].i <= PG_INT32_MAX) {
              values[a] = Int32GetDatum((int32)f[c].i);
            } else if (types[c] == INT2OID && f[c].i >= PG_INT16_MIN && f[c].i <= PG_INT16_MAX) {
              values[a] = Int16GetDatum((int16)f[c].i);
            } else {
              ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                              errmsg("leadimport cannot store %lld in column \"%s\"",
                                     (long long)f[c].i, cols[c])));
            }
            nulls[a] = false;
            break;
          case Kind::text:
          case Kind::jsonb: {
            const char* s = f[c].s.data();
            int len = (int)f[c].s.size();
            // What COPY checks of every input line (and a NUL byte too).
            pg_verifymbstr(s, len, false);
            if (f[c].kind == Kind::text) {
              if (types[c] != TEXTOID)
                ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                                errmsg("column \"%s\" is not of type text", cols[c])));
              values[a] = PointerGetDatum(cstring_to_text_with_len(s, len));
            } else {
              if (types[c] != JSONBOID)
                ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                                errmsg("column \"%s\" is not of type jsonb", cols[c])));
              values[a] = DirectFunctionCall1(jsonb_in, CStringGetDatum(pnstrdup(s, len)));
            }
            nulls[a] = false;
            break;
          }
        }
      }
      for (int d = 0; d < ndefaults; d++) {
        int a = defatt[d];
        Form_pg_attribute att = TupleDescAttr(desc, a);
        Datum v = ExecEvalExpr(defexpr[d], econtext, &nulls[a]);
        values[a] = nulls[a] ? (Datum)0 : datumCopy(v, att->attbyval, att->attlen);
      }
      MemoryContextSwitchTo(outer);
      ExecStoreVirtualTuple(slot);
      if (constraints) ExecConstraints(rri, slot, estate);
      if (++used == kMultiInsert) flush();
    }
    flush();

    FreeBulkInsertState(bistate);
    table_finish_bulk_insert(rel, 0);
    // The foreign keys' checks, queued per row, run here: the end of the
    // "statement".
    AfterTriggerEndQuery(estate);
    for (int i = 0; i < created; i++) ExecDropSingleTupleTableSlot(slots[i]);
    // The slots the trigger machinery made in the executor's tuple table.
    ExecResetTupleTable(estate->es_tupleTable, false);
    ExecCloseResultRelations(estate);
    ExecCloseRangeTableRelations(estate);
    FreeExecutorState(estate);
    MemoryContextDelete(rowcxt);
    table_close(rel, NoLock);
    // What follows (the contacts' foreign keys, the next batch's lookups)
    // sees these rows.
    CommandCounterIncrement();
  });
  mem.leave();
  taken.clear();
  taken.swap(fields_);  // keeps the capacity for the next batch
  return nrows;
}

}  // namespace leadimport::pg
