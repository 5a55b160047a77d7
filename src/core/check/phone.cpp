// Phone verdicts on libphonenumber. libphonenumber parses leniently (it skips
// "Tel:", reads vanity letters, drops extensions); this file adds the import's
// rules on top: the country code policy of each mode, the recovery of numbers
// that lost their '+', and one stable error code per kind of mistake.
#include "core/check/phone.hpp"
#include "core/check/phone_fast.hpp"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <set>

#include "core/check/variables.hpp"
#include "core/error_codes.hpp"
#include "core/text.hpp"

// libphonenumber's compiled-in metadata (exported, no installed header
// declares it; phone_fast.cpp reads it too).
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace leadimport {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber refuses longer input anyway (kMaxInputStringLength); checking
// first spares copying a huge cell.
constexpr size_t kMaxInputLength = 250;
// A '+'-less number is recovered only from this many digits: 10 digits are a
// US national number as often as a lost-'+' one, 11 are not.
constexpr size_t kMinRecoveredDigits = 11;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_ascii_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

// Digits and the punctuation people put between them; nothing else.
bool only_digits_and_separators(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_digit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
  });
}

size_t count_digits(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), is_digit));
}

// The extension at the end of a number, as libphonenumber reads one ("x858",
// " ext. 858", ";ext=858", "#858"): its length in `s`, or 0. Its letters are
// not words around the number, and libphonenumber drops it from E.164.
size_t extension_length(std::string_view s) {
  size_t i = s.size();
  while (i > 0 && is_digit(s[i - 1])) --i;
  size_t digits = s.size() - i;
  if (digits == 0 || digits > 20) return 0;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '.' || s[i - 1] == ':' || s[i - 1] == '=')) --i;
  std::string_view head = s.substr(0, i);
  for (std::string_view marker : {"extension", "extn", "xtn", "ext", "x", "#", "~"}) {
    if (head.size() < marker.size()) continue;
    std::string_view tail = head.substr(head.size() - marker.size());
    bool same = std::equal(tail.begin(), tail.end(), marker.begin(), [](char a, char b) {
      return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
    });
    if (!same) continue;
    size_t start = head.size() - marker.size();
    if (start > 0 && head[start - 1] == ';') --start;  // ";ext=858" (RFC 3966)
    // A word that ends in x ("fax858") is a word: the marker stands after
    // the number, a space or a separator.
    if (start > 0 && ((s[start - 1] >= 'a' && s[start - 1] <= 'z') ||
                      (s[start - 1] >= 'A' && s[start - 1] <= 'Z')))
      return 0;
    return s.size() - start;
  }
  return 0;
}

// "14155551234.0": a spreadsheet that stored the number as a float wrote it
// back with ".0". Only ".0" after plain digits is taken off: any other
// decimal ("....5", "....00") or a cell with separators or a '+' was not
// written that way by a spreadsheet, and stays as it is.
std::string_view without_float_zero(std::string_view s) {
  if (s.size() < 3 || s.back() != '0' || s[s.size() - 2] != '.') return s;
  std::string_view digits = s.substr(0, s.size() - 2);
  return std::all_of(digits.begin(), digits.end(), is_digit) ? digits : s;
}

// The fewest digits a complete number has with its country code: the
// calling code and the region's shortest national number (6 in
// libphonenumber 8.12 and 8.13: +49 and four digits). Fewer digits without a
// '+' are too short whatever country they are from, not a number missing
// its country code. Read once from the metadata; 3 (what Parse needs) if it
// can't be read.
size_t min_international_digits() {
  static const size_t min = [] {
    i18n::phonenumbers::PhoneMetadataCollection all;
    size_t best = 0;
    if (all.ParseFromArray(i18n::phonenumbers::metadata_get(),
                           i18n::phonenumbers::metadata_size())) {
      for (const auto& region : all.metadata()) {
        int shortest = 0;
        for (int n : region.general_desc().possible_length())
          if (n > 0 && (shortest == 0 || n < shortest)) shortest = n;
        if (shortest == 0 || region.country_code() <= 0) continue;
        size_t total = std::to_string(region.country_code()).size() + static_cast<size_t>(shortest);
        if (best == 0 || total < best) best = total;
      }
    }
    return best > 0 ? best : size_t{3};
  }();
  return min;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

enum class Mistake {
  missing,
  not_a_number,
  missing_country_code,
  invalid_country_code,
  too_short,
  too_long,
  invalid
};

}  // namespace

struct PhoneChecker::Impl {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneMode mode;
  std::string region;                // the region Parse reads numbers without country code as
  std::string country;               // the country option in either mode, named by the hints
  mutable std::string example_e164;  // a number of `country`, for the hints
  // Parse gives an unknown region no international prefix to retry with, and
  // the fast path must know that (see FastPhone::check_international).
  bool unknown_region = false;
  mutable FastVerdict fast;  // reused between calls
  // Reused between calls: Parse wants a std::string and a PhoneNumber to fill.
  mutable std::string input;
  mutable PhoneNumber number;

  Impl(PhoneMode m, std::string r)
      : mode(m), region(m == PhoneMode::international ? "ZZ" : upper(r)), country(upper(r)) {
    if (region.empty()) region = "ZZ";
    unknown_region = !PhoneChecker::is_known_region(region);
  }

  // Puts `text` into `input` for Parse. A plain number ('+', digits and
  // separators) goes in without its separators: libphonenumber skips them
  // anyway, and parses "+14155551234" twice as fast as "+1 (415) 555-1234".
  void load(std::string_view text) const {
    std::string_view rest = text.substr(text.front() == '+');
    if (only_digits_and_separators(rest)) {
      input.assign(text.front() == '+' ? 1 : 0, '+');
      std::copy_if(rest.begin(), rest.end(), std::back_inserter(input), is_digit);
    } else {
      input.assign(text.data(), text.size());
    }
    // "0044 ..." is the international prefix of most of the world; "ZZ"
    // parsing only knows '+'.
    if (mode == PhoneMode::international && input.size() >= 2 && input[0] == '0' && input[1] == '0')
      input.replace(0, 2, "+");
  }

  PhoneNumberUtil::ErrorType parse(const std::string& text) const {
    number.Clear();
    return util.Parse(text, region, &number);
  }

  // "14155551234" from a spreadsheet that dropped the '+': accepted when it can
  // only be that, i.e. plain digits, no trunk '0', long enough, and valid
  // with a '+'. Leaves the number in `number` when it returns true.
  // `in_fast`: the verdict is in `fast` (the fast path decided), not in `number`.
  bool recover_plus(std::string_view text, bool& in_fast) const {
    in_fast = false;
    if (!only_digits_and_separators(text) || count_digits(text) < kMinRecoveredDigits) return false;
    auto first_digit = std::find_if(text.begin(), text.end(), is_digit);
    if (*first_digit == '0') return false;
    input.assign(1, '+');
    std::copy_if(text.begin(), text.end(), std::back_inserter(input), is_digit);
    in_fast = FastPhone::instance().check_international(input, fast, unknown_region);
    if (in_fast) return fast.parse == FastParse::ok && fast.valid;
    return parse(input) == PhoneNumberUtil::NO_PARSING_ERROR && util.IsValidNumber(number);
  }

  // Fills e164, region and number_type of the parsed number; returns whether
  // it is valid. IsValidNumber and GetNumberType would each look the region
  // up again (the slow part for +1, shared by some 25 regions): it is looked
  // up once, and the type only when asked for.
  bool describe(PhoneVerdict& out, Detail detail) const {
    out.e164.clear();
    util.Format(number, PhoneNumberUtil::E164, &out.e164);
    out.region.clear();
    util.GetRegionCodeForNumber(number, &out.region);
    if (out.region.empty()) out.region = "ZZ";
    bool valid = util.IsValidNumberForRegion(number, out.region);
    if (!valid)
      out.number_type = "unknown";  // what GetNumberType says of an invalid number
    else if (detail == Detail::full)
      out.number_type = phone_type_name(util.GetNumberType(number));
    return valid;
  }

  // The region (or calling code) a message names for an invalid number.
  std::string where(int country_code) const {
    std::string code = "+" + std::to_string(country_code);
    std::string main_region;
    util.GetRegionCodeForCountryCode(country_code, &main_region);
    if (main_region.empty() || main_region == "ZZ" || main_region == "001") return code;
    return main_region + " (" + code + ")";
  }

  // The verdict the fast path decided, in PhoneChecker's terms.
  void from_fast(PhoneVerdict& out, Detail detail, std::string_view text) const;
  void verdict(std::string_view raw, PhoneVerdict& out, Detail detail) const;

  // Every hint names the country in use (SPEC "Options", issue 11: a GB
  // file's hint suggested "country": "US"). The registry's hints are the
  // ones without a country option.
  void name_country(PhoneVerdict& out) const {
    if (out.valid || country.empty() || !PhoneChecker::is_known_region(country)) return;
    if (out.error_code == codes::phone_missing_country_code.code) {
      if (example_e164.empty()) {  // once per checker: a file may have many such rows
        PhoneNumber example;
        example_e164 = "+14155551234";
        if (util.GetExampleNumberForType(country, PhoneNumberUtil::MOBILE, &example))
          util.Format(example, PhoneNumberUtil::E164, &example_e164);
      }
      out.hint = "Write it as +<country code> followed by the number (e.g. " + example_e164 +
                 "), or set {\"phone_format\": \"national\", \"country\": \"" + country +
                 "\"} to read numbers without a country code as " + country + " numbers.";
    } else if (mode == PhoneMode::national && (out.error_code == codes::phone_too_short.code ||
                                               out.error_code == codes::phone_too_long.code ||
                                               out.error_code == codes::phone_invalid.code)) {
      out.hint += " Numbers without a country code are read as " + country +
                  " numbers (the \"country\" option).";
    }
  }
};

namespace {

void fail(PhoneVerdict& out, Mistake mistake, std::string_view value, const std::string& where) {
  out.valid = false;
  std::string quoted = quote_value(value);
  switch (mistake) {
    case Mistake::missing:
      out.error_code = codes::phone_missing.code;
      out.message = "phone number is missing";
      out.hint = codes::phone_missing.hint;
      break;
    case Mistake::not_a_number:
      out.error_code = codes::phone_not_a_number.code;
      out.message = quoted + " is not a phone number";
      out.hint = codes::phone_not_a_number.hint;
      break;
    case Mistake::missing_country_code:
      out.error_code = codes::phone_missing_country_code.code;
      out.message = "phone number " + quoted + " has no country code";
      out.hint = codes::phone_missing_country_code.hint;
      break;
    case Mistake::invalid_country_code:
      out.error_code = codes::phone_invalid_country_code.code;
      out.message = "phone number " + quoted + " has an unknown country code";
      out.hint = codes::phone_invalid_country_code.hint;
      break;
    case Mistake::too_short:
      out.error_code = codes::phone_too_short.code;
      out.message = "phone number " + quoted + " is too short";
      out.hint = codes::phone_too_short.hint;
      break;
    case Mistake::too_long:
      out.error_code = codes::phone_too_long.code;
      out.message = "phone number " + quoted + " is too long";
      out.hint = codes::phone_too_long.hint;
      break;
    case Mistake::invalid:
      out.error_code = codes::phone_invalid.code;
      out.message = "phone number " + quoted + " is not a valid number for " + where;
      out.hint = codes::phone_invalid.hint;
      break;
  }
}

// `text` is the trimmed cell without an extension or a float's ".0";
// `has_plus`: it carries a '+' (a leading "00" became one).
Mistake from_parse_error(PhoneNumberUtil::ErrorType error, std::string_view text, bool has_plus) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      // Without a '+' the number had no country code at all, unless it is
      // too short to be a number even with one ("12345").
      if (has_plus) return Mistake::invalid_country_code;
      return count_digits(text) < min_international_digits() ? Mistake::too_short
                                                             : Mistake::missing_country_code;
    case PhoneNumberUtil::NOT_A_NUMBER:
      // libphonenumber calls "5" or "+1" not a number; for people it is too short.
      if (!text.empty() && text.front() == '+') text.remove_prefix(1);
      return count_digits(text) > 0 && only_digits_and_separators(text) ? Mistake::too_short
                                                                        : Mistake::not_a_number;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return Mistake::too_short;
    case PhoneNumberUtil::TOO_LONG_NSN:
      return Mistake::too_long;
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
  }
  return Mistake::invalid;
}

Mistake from_possibility(PhoneNumberUtil::ValidationResult reason) {
  switch (reason) {
    case PhoneNumberUtil::TOO_SHORT:
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:  // a local number without its area code
      return Mistake::too_short;
    case PhoneNumberUtil::TOO_LONG:
      return Mistake::too_long;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
      return Mistake::invalid_country_code;
    case PhoneNumberUtil::IS_POSSIBLE:
    case PhoneNumberUtil::INVALID_LENGTH:
      break;
  }
  return Mistake::invalid;
}

}  // namespace

void PhoneChecker::Impl::from_fast(PhoneVerdict& out, Detail detail, std::string_view text) const {
  out.e164 = fast.e164;
  out.region = fast.region;
  if (fast.valid) {
    if (detail == Detail::full) out.number_type = fast.number_type;
    out.valid = true;
    return;
  }
  out.number_type = "unknown";
  Mistake mistake = from_possibility(static_cast<PhoneNumberUtil::ValidationResult>(fast.length));
  fail(out, mistake, text, mistake == Mistake::invalid ? where(fast.country_code) : std::string());
}

PhoneChecker::PhoneChecker(PhoneMode mode, std::string region)
    : impl_(std::make_unique<Impl>(mode, std::move(region))) {}

PhoneChecker::~PhoneChecker() = default;

PhoneVerdict PhoneChecker::check(std::string_view raw) const {
  PhoneVerdict out;
  check(raw, out);
  return out;
}

void PhoneChecker::check(std::string_view raw, PhoneVerdict& out, Detail detail) const {
  impl_->verdict(raw, out, detail);
  impl_->name_country(out);
}

void PhoneChecker::Impl::verdict(std::string_view raw, PhoneVerdict& out, Detail detail) const {
  const Impl& im = *this;
  out.valid = false;
  out.e164.clear();
  out.region.clear();
  out.number_type.clear();
  out.error_code.clear();
  out.message.clear();
  out.hint.clear();

  std::string_view text = trim(raw);
  if (text.empty()) return fail(out, Mistake::missing, text, {});
  // Text around a number ("(mobile)", "call after 5") turns into digits in
  // libphonenumber's vanity conversion and gives odd verdicts ("too long"):
  // when a number with letters is not valid, the letters are the problem.
  // An extension's letters ("x858") are not: the number is judged as such.
  std::string_view number = text;
  bool letters = has_ascii_letter(text);
  if (letters) {
    number.remove_suffix(extension_length(text));
    letters = has_ascii_letter(number);
  }
  if (text.size() > kMaxInputLength)
    return fail(out, letters ? Mistake::not_a_number : Mistake::too_long, text, {});
  // Parsed without a float's ".0"; messages quote the cell as it is.
  std::string_view parsed = without_float_zero(text);
  if (parsed.size() != text.size()) number = parsed;

  im.load(parsed);
  bool has_plus = im.input.find('+') != std::string::npos;
  // The exact fast path decides most cells; libphonenumber the rest.
  PhoneNumberUtil::ErrorType error;
  if (FastPhone::instance().check_international(im.input, im.fast, im.unknown_region)) {
    if (im.fast.parse == FastParse::ok) return im.from_fast(out, detail, text);
    error = static_cast<PhoneNumberUtil::ErrorType>(im.fast.parse);
  } else {
    error = im.parse(im.input);
  }
  bool in_fast = false;
  if (error == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR && im.mode == PhoneMode::international &&
      !has_plus && im.recover_plus(parsed, in_fast)) {
    if (in_fast) return im.from_fast(out, detail, text);
    error = PhoneNumberUtil::NO_PARSING_ERROR;
  }
  if (error != PhoneNumberUtil::NO_PARSING_ERROR)
    return fail(out, letters ? Mistake::not_a_number : from_parse_error(error, number, has_plus),
                text, {});

  if (im.describe(out, detail)) {
    out.valid = true;
    return;
  }
  Mistake mistake = letters ? Mistake::not_a_number
                            : from_possibility(im.util.IsPossibleNumberWithReason(im.number));
  fail(out, mistake, text,
       mistake == Mistake::invalid ? im.where(im.number.country_code()) : std::string());
}

bool PhoneChecker::is_known_region(const std::string& region) {
  static const std::set<std::string> regions = [] {
    std::set<std::string> all;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&all);
    return all;
  }();
  return regions.count(upper(region)) > 0;
}

}  // namespace leadimport
