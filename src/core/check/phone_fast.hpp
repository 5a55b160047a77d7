// An exact fast path for libphonenumber's verdicts on '+' numbers.
//
// libphonenumber (Debian's build runs its regular expressions on ICU behind a
// locked cache) spends about 20 µs on Parse + IsValidNumber for one number.
// FastPhone replays the same decisions from the library's own metadata with
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
  std::string number_type;  // GetNumberType in phone.cpp's names; "unknown" when invalid
  FastLength length = FastLength::is_possible;  // IsPossibleNumberWithReason
};

class FastPhone {
 public:
  // Built on first use from libphonenumber's compiled-in metadata (a few ms;
  // regular expressions are JIT-compiled when first needed). Not thread-safe:
  // a PostgreSQL backend has one thread.
  static const FastPhone& instance();

  // True when `raw` has the fast path's shape and the verdict in `out` is
  // libphonenumber's for Parse(raw, default region) followed by the calls
  // FastVerdict names; false means "ask libphonenumber" (no '+' first, other
  // characters, a calling code whose metadata the fast path cannot mirror).
  // `raw` should be trimmed: leading spaces are "other characters".
  //
  // The verdict on a '+' number does not depend on the default region, with
  // one exception: after an unknown calling code ("+0...", "+28...") Parse
  // retries with the default region's international prefix. Pass
  // `unknown_default_region` = true when Parse is given a region it does not
  // know ("ZZ", as PhoneChecker's international mode does): such numbers are
  // then decided (invalid_country_code); otherwise they are left to it. With
  // no default region, digits and separators without a '+' are decided too:
  // Parse refuses them (invalid_country_code, or not_a_number for fewer than
  // three digits), which is what PhoneChecker's '+' recovery starts from.
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
