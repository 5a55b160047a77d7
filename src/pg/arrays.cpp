#include "pg/arrays.hpp"

namespace leadimport::pg {

Param text_array(const std::vector<std::string_view>& items) {
  const std::string_view* p = items.data();
  int n = static_cast<int>(items.size());
  Datum result = 0;
  guard([&] {
    Datum* values = (Datum*)palloc(sizeof(Datum) * (n > 0 ? n : 1));
    bool* nulls = (bool*)palloc(sizeof(bool) * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
      nulls[i] = p[i].data() == nullptr;
      values[i] =
          nulls[i] ? (Datum)0 : PointerGetDatum(cstring_to_text_with_len(p[i].data(), p[i].size()));
    }
    int dims[1] = {n};
    int lbs[1] = {1};
    result = PointerGetDatum(
        construct_md_array(values, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
  });
  return {TEXTARRAYOID, result, false};
}

Param int8_array(const std::vector<int64_t>& items) {
  const int64_t* p = items.data();
  int n = static_cast<int>(items.size());
  Datum result = 0;
  guard([&] {
    Datum* values = (Datum*)palloc(sizeof(Datum) * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) values[i] = Int64GetDatum(p[i]);
    result = PointerGetDatum(construct_array(values, n, INT8OID, 8, true, TYPALIGN_DOUBLE));
  });
  return {INT8ARRAYOID, result, false};
}

Param int2_array(const std::vector<int16_t>& items) {
  const int16_t* p = items.data();
  int n = static_cast<int>(items.size());
  Datum result = 0;
  guard([&] {
    Datum* values = (Datum*)palloc(sizeof(Datum) * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) values[i] = Int16GetDatum(p[i]);
    result = PointerGetDatum(construct_array(values, n, INT2OID, 2, true, TYPALIGN_SHORT));
  });
  return {INT2ARRAYOID, result, false};
}

BatchMemory::BatchMemory() {
  MemoryContext cxt = nullptr;
  guard([&] {
    cxt = AllocSetContextCreate(CurrentMemoryContext, "leadimport batch", ALLOCSET_DEFAULT_SIZES);
  });
  cxt_ = cxt;
}

BatchMemory::~BatchMemory() {
  // Plain pointer work that cannot raise an ERROR, so it is safe while a C++
  // exception unwinds (the PostgreSQL error, if any, was already taken).
  if (prev_) MemoryContextSwitchTo(prev_);
  if (cxt_) MemoryContextDelete(cxt_);
}

void BatchMemory::enter() {
  MemoryContext old = MemoryContextSwitchTo(cxt_);
  if (!prev_) prev_ = old;
}

void BatchMemory::leave() {
  MemoryContextSwitchTo(prev_);
  prev_ = nullptr;
  MemoryContextReset(cxt_);
}

}  // namespace leadimport::pg
