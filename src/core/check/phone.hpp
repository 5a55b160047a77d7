// Phone number verdicts from libphonenumber. No libphonenumber header leaks
// out of here, so PostgreSQL code can include this file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace leadimport {

enum class PhoneMode { international, national };

struct PhoneVerdict {
  bool valid = false;
  std::string e164;         // set whenever the number parsed, even if invalid
  std::string region;       // ISO region of the number ("ZZ" when unknown)
  std::string number_type;  // "mobile", "fixed_line", "fixed_line_or_mobile", "toll_free", ...
  std::string error_code;   // stable code when !valid (see README), else ""
  std::string message;      // a sentence for people when !valid
  std::string hint;         // how to fix it, when !valid
};

// Not thread-safe: a checker reuses its parse buffers between calls, so use one
// per thread (a PostgreSQL backend has one thread anyway).
class PhoneChecker {
 public:
  // national: numbers without a country code are read as `region`'s numbers.
  // international: the country code is required (`+`, `00`), except that a
  // long run of digits that lost its `+` is recovered when unambiguous.
  PhoneChecker(PhoneMode mode, std::string region);
  ~PhoneChecker();
  PhoneVerdict check(std::string_view raw) const;
  // What a verdict describes: everything, or (for the row checks, which store
  // only E.164) no number_type for a valid number, which spares a costly lookup.
  enum class Detail { full, e164 };
  // The same verdict written into `out`, reusing its buffers (the row checks
  // call this once per phone cell).
  void check(std::string_view raw, PhoneVerdict& out, Detail detail = Detail::full) const;

  // True for a region libphonenumber knows ("US", "GB", ...).
  static bool is_known_region(const std::string& region);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadimport
