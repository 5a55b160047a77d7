// An exact fast path for libphonenumber's verdicts on '+' numbers (and on
// digits that lost their '+').
//
// libphonenumber (Debian's build runs its regular expressions on ICU behind a
// locked cache) spends about 12 µs on Parse + IsValidNumber + GetNumberType
// for one number; FastPhone about 160 ns (bench/README.md: 11,860 ns against
// 164 ns). It replays the same decisions from the library's own metadata with
// PCRE2-JIT, for the common shape of a lead file's phone cell: '+', digits,
// and spaces, dashes, dots or parentheses between them. For such input it
// returns exactly what libphonenumber would say (parsed or not, valid or not,
// E.164, region, number type, possible-length reason); for anything else, or
// anything it cannot mirror exactly, it says "unsure" and the caller asks
// libphonenumber. bench/phone_diff.cpp and test/unit/phone_fast_test.cpp
// prove the equality on generated numbers of every region.
//
// No libphonenumber or PCRE2 header leaks out of here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace leadimport {

// What Parse returned, for the outcomes the fast path decides. The values are
// those of i18n::phonenumbers::PhoneNumberUtil::ErrorType (checked in
// phone_fast.cpp), so a static_cast converts.
enum class FastParse {
  ok = 0,                    // NO_PARSING_ERROR
  invalid_country_code = 1,  // INVALID_COUNTRY_CODE_ERROR (only with no default region)
  not_a_number = 2,          // NOT_A_NUMBER: too few digits
  too_short_nsn = 4,         // TOO_SHORT_NSN
  too_long_nsn = 5,          // TOO_LONG_NSN
};

// IsPossibleNumberWithReason of the parsed number. Values are those of
// PhoneNumberUtil::ValidationResult (checked in phone_fast.cpp).
enum class FastLength {
  is_possible = 0,
  is_possible_local_only = 1,
  too_short = 3,
  invalid_length = 4,
  too_long = 5,
};

struct FastVerdict {
  FastParse parse = FastParse::ok;
  // The rest is set only when parse == ok.
  bool valid = false;       // IsValidNumber
  int country_code = 0;     // PhoneNumber::country_code()
  std::string e164;         // Format(E164), also for invalid numbers
  std::string region;       // GetRegionCodeForNumber: "US", "001", or "ZZ"
  std::string number_type;  // GetNumberType as phone_type_name(); "unknown" when invalid
  FastLength length = FastLength::is_possible;  // IsPossibleNumberWithReason
};

// The name of a PhoneNumberUtil::PhoneNumberType value, as PhoneVerdict and
// FastVerdict give it: "fixed_line", "mobile", "fixed_line_or_mobile",
// "toll_free", "premium_rate", "shared_cost", "voip", "personal_number",
// "pager", "uan", "voicemail"; "unknown" for UNKNOWN or any other value. An
// int, so that no libphonenumber header leaks out of here.
const char* phone_type_name(int type);

class FastPhone {
 public:
  // Built on first use from libphonenumber's compiled-in metadata (a few ms;
  // regular expressions are JIT-compiled when first needed). Not thread-safe:
  // a PostgreSQL backend has one thread.
  static const FastPhone& instance();

  // True when `raw` has the fast path's shape and the verdict in `out` is
  // libphonenumber's for Parse(raw, default region) followed by the calls
  // FastVerdict names; false means "ask libphonenumber" (other characters, a
  // calling code whose metadata the fast path cannot mirror, or no '+' first
  // while the default region is known). `raw` should be trimmed: leading
  // spaces are "other characters".
  //
  // Pass `unknown_default_region` = true when Parse is given a region it does
  // not know ("ZZ", as PhoneChecker's international mode does). Then two more
  // kinds of input are decided:
  // - numbers without '+' (digits and separators only): Parse refuses them
  //   (invalid_country_code, or not_a_number for fewer than three digits),
  //   which is what PhoneChecker's '+' recovery starts from;
  // - '+' numbers with an unknown calling code ("+0...", "+28..."): Parse
  //   retries them with the default region's international prefix, which
  //   only a known region has, so they are invalid_country_code.
  // Otherwise the verdict on a '+' number does not depend on the default
  // region.
  bool check_international(std::string_view raw, FastVerdict& out,
                           bool unknown_default_region = false) const;

  // False if the metadata could not be read at all (every call says unsure).
  bool ready() const;

  ~FastPhone();
  FastPhone(const FastPhone&) = delete;
  FastPhone& operator=(const FastPhone&) = delete;

 private:
  FastPhone();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadimport
