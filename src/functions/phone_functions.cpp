// normalize_phone() and check_phone(): libphonenumber's verdicts from SQL,
// with the time zones the number may be in (libphonenumber's prefix map);
// call_window_open(): whether it is calling time there.
#include <map>
#include <memory>
#include <string>

#include "core/check/phone.hpp"
#include "core/check/time_zones.hpp"
#include "core/errors.hpp"
#include "pg/arrays.hpp"
#include "pg/function.hpp"
#include "utils/date.h"
#include "utils/timestamp.h"

namespace leadimport {
namespace {

// One checker per default region ("" = international), kept for the session.
const PhoneChecker& checker_for(const std::optional<std::string>& region) {
  static std::map<std::string, std::unique_ptr<PhoneChecker>> cache;
  std::string key = region.value_or("");
  for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  if (!key.empty() && !PhoneChecker::is_known_region(key))
    throw UsageError("unknown region \"" + *region + "\"",
                     "Give an ISO 3166 region code such as US, GB or DE, or NULL for numbers "
                     "written with their country code.");
  auto checker = std::make_unique<PhoneChecker>(
      key.empty() ? PhoneMode::international : PhoneMode::national, key);
  return *cache.emplace(key, std::move(checker)).first->second;
}

}  // namespace
}  // namespace leadimport

using namespace leadimport;

LEADIMPORT_FUNCTION(leadimport_normalize_phone) {
  return pg::entry([&]() -> Datum {
    auto raw = pg::arg_text(fcinfo, 0);
    if (!raw) PG_RETURN_NULL();
    PhoneVerdict v = checker_for(pg::arg_text(fcinfo, 1)).check(*raw);
    if (!v.valid) PG_RETURN_NULL();
    return pg::text_result(v.e164);
  });
}

// e164, valid, region, number_type, error_code, message, time_zones: the
// zones of a valid number as libphonenumber's Java mapper gives them
// ({Etc/Unknown} when the map lists none), NULL for an invalid one.
LEADIMPORT_FUNCTION(leadimport_check_phone) {
  return pg::entry([&]() -> Datum {
    auto raw = pg::arg_text(fcinfo, 0);
    PhoneVerdict v = checker_for(pg::arg_text(fcinfo, 1)).check(raw.value_or(""));
    constexpr int kColumns = 7;
    const char* fields[kColumns] = {v.e164.empty() ? nullptr : v.e164.c_str(),
                                    nullptr,
                                    v.region.empty() ? nullptr : v.region.c_str(),
                                    v.number_type.empty() ? nullptr : v.number_type.c_str(),
                                    v.error_code.empty() ? nullptr : v.error_code.c_str(),
                                    v.message.empty() ? nullptr : v.message.c_str(),
                                    nullptr};
    bool valid = v.valid;
    pg::Param zones{TEXTARRAYOID, (Datum)0, true};
    if (valid) zones = pg::text_array(time_zones_for_number(v.e164, v.number_type));
    Datum result = 0;
    pg::guard([&] {
      TupleDesc desc;
      if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "check_phone must return a composite type");
      // A database still at 0.3.0 (before ALTER EXTENSION UPDATE) declares
      // the first six columns: it gets those.
      if (desc->natts != kColumns && desc->natts != kColumns - 1)
        elog(ERROR, "check_phone is declared with %d columns, not %d", desc->natts, kColumns);
      desc = BlessTupleDesc(desc);
      Datum values[kColumns];
      bool nulls[kColumns];
      for (int i = 0; i < kColumns; i++) {
        nulls[i] = fields[i] == nullptr;
        values[i] = nulls[i] ? (Datum)0 : CStringGetTextDatum(fields[i]);
      }
      nulls[1] = false;
      values[1] = BoolGetDatum(valid);
      nulls[6] = zones.isnull;
      values[6] = zones.value;  // not read where the declaration has six columns
      result = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
    });
    return result;
  });
}

// call_window_open(phone_number, opens, closes, at): true when the local time
// at `at` lies in [opens, closes) in every zone the number may be in (closes
// before opens: a window over midnight), NULL when its zones are unknown or
// it is invalid (it must carry its country code). STRICT. Local times are
// PostgreSQL's own: timezone(zone, at)::time, on the server's tz data.
LEADIMPORT_FUNCTION(leadimport_call_window_open) {
  return pg::entry([&]() -> Datum {
    auto raw = pg::arg_text(fcinfo, 0);
    TimeADT opens = PG_GETARG_TIMEADT(1);
    TimeADT closes = PG_GETARG_TIMEADT(2);
    TimestampTz at = PG_GETARG_TIMESTAMPTZ(3);
    if (!raw || TIMESTAMP_NOT_FINITE(at)) PG_RETURN_NULL();
    PhoneVerdict v = checker_for(std::nullopt).check(*raw);
    if (!v.valid) PG_RETURN_NULL();
    const TimeZoneList& zones = time_zones_for_number(v.e164, v.number_type);
    if (zones.empty() || is_unknown_time_zone(zones)) PG_RETURN_NULL();
    bool open = true;
    pg::guard([&] {
      for (std::string_view zone : zones) {
        text* name = cstring_to_text_with_len(zone.data(), static_cast<int>(zone.size()));
        Datum local =
            DirectFunctionCall2(timestamptz_zone, PointerGetDatum(name), TimestampTzGetDatum(at));
        TimeADT t = DatumGetTimeADT(DirectFunctionCall1(timestamp_time, local));
        pfree(name);
        bool in = opens <= closes ? (t >= opens && t < closes) : (t >= opens || t < closes);
        if (!in) {
          open = false;
          break;
        }
      }
    });
    PG_RETURN_BOOL(open);
  });
}
