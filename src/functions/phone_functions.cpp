// normalize_phone() and check_phone(): libphonenumber's verdicts from SQL.
#include <map>
#include <memory>
#include <string>

#include "core/check/phone.hpp"
#include "core/errors.hpp"
#include "pg/function.hpp"

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

LEADIMPORT_FUNCTION(leadimport_check_phone) {
  return pg::entry([&]() -> Datum {
    auto raw = pg::arg_text(fcinfo, 0);
    PhoneVerdict v = checker_for(pg::arg_text(fcinfo, 1)).check(raw.value_or(""));
    const char* fields[6] = {v.e164.empty() ? nullptr : v.e164.c_str(),
                             nullptr,
                             v.region.empty() ? nullptr : v.region.c_str(),
                             v.number_type.empty() ? nullptr : v.number_type.c_str(),
                             v.error_code.empty() ? nullptr : v.error_code.c_str(),
                             v.message.empty() ? nullptr : v.message.c_str()};
    bool valid = v.valid;
    Datum result = 0;
    pg::guard([&] {
      TupleDesc desc;
      if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "check_phone must return a composite type");
      desc = BlessTupleDesc(desc);
      Datum values[6];
      bool nulls[6];
      for (int i = 0; i < 6; i++) {
        nulls[i] = fields[i] == nullptr;
        values[i] = nulls[i] ? (Datum)0 : CStringGetTextDatum(fields[i]);
      }
      nulls[1] = false;
      values[1] = BoolGetDatum(valid);
      result = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
    });
    return result;
  });
}
