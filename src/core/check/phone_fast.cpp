// FastPhone: libphonenumber's Parse + GetRegionCodeForNumber + IsValidNumber
// + GetNumberType + Format(E164) + IsPossibleNumberWithReason, replayed for
// "+digits" input from the library's own metadata (and Parse's refusal of
// '+'-less digits when there is no default region).
//
// Each step below mirrors one function of libphonenumber's phonenumberutil.cc
// (named in its comment), including its quirks, because an answer that is
// "more correct" than the library's is still a difference. Where the library
// would do something this file does not reproduce, the check says unsure.
#include "core/check/phone_fast.hpp"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

// Exported by libphonenumber.so, declared in no installed header: the
// serialized PhoneMetadataCollection the library itself loads.
namespace i18n {
namespace phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace phonenumbers
}  // namespace i18n

namespace leadimport {

namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;

// The header's enums are libphonenumber's, so callers may static_cast.
static_assert(static_cast<int>(FastParse::ok) == PhoneNumberUtil::NO_PARSING_ERROR);
static_assert(static_cast<int>(FastParse::invalid_country_code) ==
              PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR);
static_assert(static_cast<int>(FastParse::not_a_number) == PhoneNumberUtil::NOT_A_NUMBER);
static_assert(static_cast<int>(FastParse::too_short_nsn) == PhoneNumberUtil::TOO_SHORT_NSN);
static_assert(static_cast<int>(FastParse::too_long_nsn) == PhoneNumberUtil::TOO_LONG_NSN);
static_assert(static_cast<int>(FastLength::is_possible) == PhoneNumberUtil::IS_POSSIBLE);
static_assert(static_cast<int>(FastLength::is_possible_local_only) ==
              PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY);
static_assert(static_cast<int>(FastLength::too_short) == PhoneNumberUtil::TOO_SHORT);
static_assert(static_cast<int>(FastLength::invalid_length) == PhoneNumberUtil::INVALID_LENGTH);
static_assert(static_cast<int>(FastLength::too_long) == PhoneNumberUtil::TOO_LONG);

// PhoneNumberUtil::kMinLengthForNsn / kMaxLengthForNsn / kMaxLengthCountryCode.
constexpr size_t kMinLengthForNsn = 2;
constexpr size_t kMaxLengthForNsn = 17;
constexpr size_t kMaxLengthCountryCode = 3;
// Longer cells go to libphonenumber (which has its own input limit); no lead
// file's phone number comes near this.
constexpr size_t kMaxInput = 64;
// What check_international makes of each byte of its input.
constexpr uint8_t kDigit = 1, kSeparator = 0, kOther = 2;
constexpr std::array<uint8_t, 256> kCharKind = [] {
  std::array<uint8_t, 256> kinds{};
  for (auto& k : kinds) k = kOther;
  for (char c = '0'; c <= '9'; ++c) kinds[static_cast<unsigned char>(c)] = kDigit;
  for (char c : {' ', '-', '.', '(', ')'}) kinds[static_cast<unsigned char>(c)] = kSeparator;
  return kinds;
}();
// Room for a national number after a transform rule rewrote it.
constexpr size_t kMaxRewritten = kMaxInput * 2 + 16;

// ---------------------------------------------------------------------------
// Regular expressions: PCRE2 with JIT, anchored at the start. libphonenumber's
// FullMatch (ICU matches()) becomes "(?:p)\z"; its Consume (ICU lookingAt())
// is the pattern alone. Both engines backtrack in the same (Perl) order, so a
// prefix match ends where ICU's ends and captures the same groups.

struct CodeFree {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

class Regex {
 public:
  enum class Kind { full, prefix };

  Regex(const std::string& source, Kind kind) {
    std::string pattern = kind == Kind::full ? "(?:" + source + ")\\z" : source;
    // Full matches never read groups: without capturing they run faster.
    uint32_t options = PCRE2_ANCHORED | (kind == Kind::full ? PCRE2_NO_AUTO_CAPTURE : 0);
    int error = 0;
    PCRE2_SIZE offset = 0;
    code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                              &error, &offset, nullptr));
    if (code_) pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &captures_);
  }

  bool ok() const { return code_ != nullptr; }
  uint32_t captures() const { return captures_; }

  // Anchored match of `s`; the groups are left in `data`.
  bool match(std::string_view s, pcre2_match_data* data) const {
    // JIT on first use: compiling all ~1,200 patterns up front would cost
    // tens of milliseconds in every backend, most of them never used.
    if (!jit_tried_) {
      jit_tried_ = true;
      jit_ = pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE) == 0;
    }
    auto subject = reinterpret_cast<PCRE2_SPTR>(s.data());
    int rc = jit_ ? pcre2_jit_match(code_.get(), subject, s.size(), 0, 0, data, nullptr)
                  : pcre2_match(code_.get(), subject, s.size(), 0, 0, data, nullptr);
    return rc >= 0;
  }

 private:
  std::unique_ptr<pcre2_code, CodeFree> code_;
  uint32_t captures_ = 0;
  mutable bool jit_tried_ = false;
  mutable bool jit_ = false;
};

// ---------------------------------------------------------------------------
// The metadata, in the shape the checks need.

// A PhoneNumberDesc for IsNumberMatchingDesc.
struct Desc {
  const Regex* pattern = nullptr;  // null: empty pattern, which never matches
  bool any_length = true;          // no possible_length list: pattern only
  uint32_t lengths = 0;            // bit n: length n is listed ([-1] sets none)
};

// The general desc's lengths for TestNumberLength (type UNKNOWN).
struct LengthRule {
  int first = -1;  // the list's first and last entries, not its min and max:
  int last = -1;   // that is what libphonenumber compares with
  uint32_t lengths = 0;
  uint32_t local_only = 0;
};

bool has_bit(uint32_t mask, size_t n) { return n < 32 && (mask >> n & 1u); }

// GetNumberType's answers, by libphonenumber's own values (phone_type_name
// takes them).
enum Type {
  kFixedLine = PhoneNumberUtil::FIXED_LINE,
  kMobile = PhoneNumberUtil::MOBILE,
  kFixedLineOrMobile = PhoneNumberUtil::FIXED_LINE_OR_MOBILE,
  kTollFree = PhoneNumberUtil::TOLL_FREE,
  kPremiumRate = PhoneNumberUtil::PREMIUM_RATE,
  kSharedCost = PhoneNumberUtil::SHARED_COST,
  kVoip = PhoneNumberUtil::VOIP,
  kPersonalNumber = PhoneNumberUtil::PERSONAL_NUMBER,
  kPager = PhoneNumberUtil::PAGER,
  kUan = PhoneNumberUtil::UAN,
  kVoicemail = PhoneNumberUtil::VOICEMAIL,
  kUnknown = PhoneNumberUtil::UNKNOWN,
};

// The types GetNumberTypeHelper tries before fixed line and mobile, in its order.
constexpr std::array<Type, 8> kSpecialTypes = {kPremiumRate,    kTollFree, kSharedCost, kVoip,
                                               kPersonalNumber, kPager,    kUan,        kVoicemail};

struct Meta {
  std::string id;  // region code, or "001" for a non-geographical entity
  Desc general;
  std::array<Desc, kSpecialTypes.size()> special;
  Desc fixed_line;
  Desc mobile;
  bool same_mobile_and_fixed_line = false;
  LengthRule lengths;
  const Regex* national_prefix = nullptr;  // national_prefix_for_parsing; null when empty
  std::string transform;                   // national_prefix_transform_rule; may be empty
  const Regex* leading_digits = nullptr;   // null when the region has none
  bool usable = true;                      // false: something here is not mirrored
};

// One calling code: its regions in libphonenumber's order (main country
// first, then metadata order) and the metadata Parse uses for it.
struct Code {
  std::string digits;
  int country_code = 0;
  std::vector<const Meta*> regions;
  const Meta* main = nullptr;
  bool usable = true;
};

}  // namespace

struct FastPhone::Impl {
  bool ready = false;
  std::unordered_map<std::string, std::unique_ptr<Regex>> full_regexes;
  std::unordered_map<std::string, std::unique_ptr<Regex>> prefix_regexes;
  std::vector<std::unique_ptr<Meta>> metas;
  std::vector<Code> codes;
  std::array<int16_t, 1000> code_index;  // calling code -> codes[], -1 if unknown
  std::unique_ptr<pcre2_match_data, MatchDataFree> match_data;

  Impl();

  const Regex* regex(const std::string& source, Regex::Kind kind, bool& usable);
  Desc desc(const PhoneNumberDesc& d, bool& usable);
  std::unique_ptr<Meta> meta(const PhoneMetadata& m);

  bool matches(const Desc& d, std::string_view nsn) const;
  Type number_type(const Meta& m, std::string_view nsn) const;
  bool strip_national_prefix(const Meta& m, std::string_view nsn, char* out, size_t& out_len) const;
  void check(const Code& code, std::string_view nsn, FastVerdict& out) const;
};

namespace {

FastLength test_number_length(const LengthRule& rule, size_t length) {
  // TestNumberLength(number, metadata, UNKNOWN).
  if (rule.first == -1) return FastLength::invalid_length;
  if (has_bit(rule.local_only, length)) return FastLength::is_possible_local_only;
  int n = static_cast<int>(length);
  if (rule.first == n) return FastLength::is_possible;
  if (rule.first > n) return FastLength::too_short;
  if (rule.last < n) return FastLength::too_long;
  return has_bit(rule.lengths, length) ? FastLength::is_possible : FastLength::invalid_length;
}

// Lengths as a bit mask; false if one does not fit (never in the metadata).
bool length_mask(const google::protobuf::RepeatedField<int>& list, uint32_t& mask) {
  mask = 0;
  for (int length : list) {
    if (length == -1) continue;
    if (length < 0 || length >= 32) return false;
    mask |= 1u << length;
  }
  return true;
}

}  // namespace

const Regex* FastPhone::Impl::regex(const std::string& source, Regex::Kind kind, bool& usable) {
  auto& pool = kind == Regex::Kind::full ? full_regexes : prefix_regexes;
  auto found = pool.find(source);
  if (found == pool.end())
    found = pool.emplace(source, std::make_unique<Regex>(source, kind)).first;
  if (!found->second->ok()) usable = false;
  return found->second.get();
}

Desc FastPhone::Impl::desc(const PhoneNumberDesc& d, bool& usable) {
  Desc out;
  // RegexBasedMatcher::MatchNationalNumber: an empty pattern matches nothing.
  if (!d.national_number_pattern().empty())
    out.pattern = regex(d.national_number_pattern(), Regex::Kind::full, usable);
  out.any_length = d.possible_length_size() == 0;
  if (!length_mask(d.possible_length(), out.lengths)) usable = false;
  return out;
}

std::unique_ptr<Meta> FastPhone::Impl::meta(const PhoneMetadata& m) {
  auto out = std::make_unique<Meta>();
  bool& usable = out->usable;
  out->id = m.id();
  out->general = desc(m.general_desc(), usable);
  const PhoneNumberDesc* special[] = {&m.premium_rate(), &m.toll_free(),       &m.shared_cost(),
                                      &m.voip(),         &m.personal_number(), &m.pager(),
                                      &m.uan(),          &m.voicemail()};
  static_assert(std::size(special) == kSpecialTypes.size());
  for (size_t i = 0; i < kSpecialTypes.size(); ++i) out->special[i] = desc(*special[i], usable);
  out->fixed_line = desc(m.fixed_line(), usable);
  out->mobile = desc(m.mobile(), usable);
  out->same_mobile_and_fixed_line = m.same_mobile_and_fixed_line_pattern();

  const auto& general_lengths = m.general_desc().possible_length();
  // libphonenumber reads the first entry unchecked; an empty list is not mirrored.
  if (general_lengths.empty()) {
    usable = false;
  } else {
    out->lengths.first = general_lengths.Get(0);
    out->lengths.last = general_lengths.Get(general_lengths.size() - 1);
  }
  if (!length_mask(general_lengths, out->lengths.lengths) ||
      !length_mask(m.general_desc().possible_length_local_only(), out->lengths.local_only))
    usable = false;

  if (!m.national_prefix_for_parsing().empty()) {
    out->national_prefix = regex(m.national_prefix_for_parsing(), Regex::Kind::prefix, usable);
    out->transform = m.national_prefix_transform_rule();
    // Only "$<one digit>" references to existing groups are mirrored: ICU
    // reads longer group numbers and backslash escapes its own way.
    size_t references = 0;
    for (size_t i = 0; i < out->transform.size(); ++i) {
      char c = out->transform[i];
      if (c == '\\') usable = false;
      if (c != '$') continue;
      bool digit = i + 1 < out->transform.size() && out->transform[i + 1] >= '1' &&
                   out->transform[i + 1] <= '9';
      if (!digit || (i + 2 < out->transform.size() && out->transform[i + 2] >= '0' &&
                     out->transform[i + 2] <= '9')) {
        usable = false;
        break;
      }
      if (out->national_prefix->ok() &&
          static_cast<uint32_t>(out->transform[i + 1] - '0') > out->national_prefix->captures())
        usable = false;
      ++references;
      ++i;
    }
    // The rewritten number must fit the check's buffer.
    if (out->transform.size() + (references + 1) * kMaxInput > kMaxRewritten) usable = false;
  }
  if (m.has_leading_digits())
    out->leading_digits = regex(m.leading_digits(), Regex::Kind::prefix, usable);
  return out;
}

FastPhone::Impl::Impl() {
  code_index.fill(-1);
  match_data.reset(pcre2_match_data_create(16, nullptr));
  PhoneMetadataCollection collection;
  if (!match_data || !collection.ParseFromArray(i18n::phonenumbers::metadata_get(),
                                                i18n::phonenumbers::metadata_size()))
    return;

  // PhoneNumberUtil's constructor: region metadata by id (the first entry
  // wins), non-geographical metadata by calling code, and per calling code
  // the list of regions, the main country pushed to the front.
  std::unordered_map<std::string, const Meta*> by_region;
  std::unordered_map<int, const Meta*> non_geo;
  std::vector<std::vector<std::string>> region_lists;
  for (const PhoneMetadata& m : collection.metadata()) {
    if (m.id() == "ZZ") continue;
    int cc = m.country_code();
    if (cc <= 0 || cc >= 1000) continue;
    metas.push_back(meta(m));
    const Meta* stored = metas.back().get();
    if (m.id() == "001")
      non_geo.emplace(cc, stored);
    else
      by_region.emplace(m.id(), stored);
    if (code_index[cc] < 0) {
      code_index[cc] = static_cast<int16_t>(codes.size());
      codes.emplace_back();
      codes.back().digits = std::to_string(cc);
      codes.back().country_code = cc;
      region_lists.emplace_back();
    }
    auto& list = region_lists[code_index[cc]];
    if (m.main_country_for_code())
      list.insert(list.begin(), m.id());
    else
      list.push_back(m.id());
  }

  for (size_t i = 0; i < codes.size(); ++i) {
    Code& code = codes[i];
    const auto& list = region_lists[i];
    int cc = code.country_code;
    // GetRegionCodeForCountryCode + GetMetadataForRegionOrCallingCode.
    auto found = list.front() == "001" ? non_geo.find(cc) : non_geo.end();
    code.main = list.front() == "001" ? (found == non_geo.end() ? nullptr : found->second)
                                      : by_region[list.front()];
    for (const std::string& id : list) {
      // A shared code's region list never holds "001" (libphonenumber would
      // find no metadata for it); if it ever did, leave the code alone.
      if (list.size() > 1 && id == "001") code.usable = false;
      code.regions.push_back(id == "001" ? code.main : by_region[id]);
    }
    for (const Meta* m : code.regions)
      if (!m || !m->usable) code.usable = false;
    if (!code.main || !code.main->usable) code.usable = false;
  }
  ready = true;
}

bool FastPhone::Impl::matches(const Desc& d, std::string_view nsn) const {
  // IsNumberMatchingDesc: the length list first, then the full pattern.
  if (!d.any_length && !has_bit(d.lengths, nsn.size())) return false;
  return d.pattern && d.pattern->match(nsn, match_data.get());
}

Type FastPhone::Impl::number_type(const Meta& m, std::string_view nsn) const {
  // GetNumberTypeHelper.
  if (!matches(m.general, nsn)) return kUnknown;
  for (size_t i = 0; i < kSpecialTypes.size(); ++i)
    if (matches(m.special[i], nsn)) return kSpecialTypes[i];
  if (matches(m.fixed_line, nsn)) {
    if (m.same_mobile_and_fixed_line || matches(m.mobile, nsn)) return kFixedLineOrMobile;
    return kFixedLine;
  }
  if (!m.same_mobile_and_fixed_line && matches(m.mobile, nsn)) return kMobile;
  return kUnknown;
}

bool FastPhone::Impl::strip_national_prefix(const Meta& m, std::string_view nsn, char* out,
                                            size_t& out_len) const {
  // MaybeStripNationalPrefixAndCarrierCode: true and the stripped (perhaps
  // rewritten) number in `out` when it strips.
  if (!m.national_prefix || nsn.empty()) return false;
  const Regex& prefix = *m.national_prefix;
  if (!prefix.match(nsn, match_data.get())) return false;
  // The groups, copied: the general pattern's match below reuses match_data.
  constexpr uint32_t kGroups = 10;
  std::array<std::string_view, kGroups> groups{};
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match_data.get());
  size_t end = ovector[1];
  for (uint32_t i = 1; i < kGroups && i <= prefix.captures(); ++i)
    if (ovector[2 * i] != PCRE2_UNSET)
      groups[i] = nsn.substr(ovector[2 * i], ovector[2 * i + 1] - ovector[2 * i]);
  // IsMatch against the general pattern: the pattern only, no lengths.
  bool viable_original = m.general.pattern && m.general.pattern->match(nsn, match_data.get());

  out_len = 0;
  // With a transform rule, the capture of the second group (of the first
  // when there is only one) rewrites the number; an empty or absent capture
  // means plain stripping, as does a pattern without groups. ICU's Consume
  // fails when asked for more groups than the pattern has, hence the count.
  std::string_view captured = prefix.captures() >= 2 ? groups[2] : groups[1];
  if (!m.transform.empty() && prefix.captures() >= 1 && !captured.empty()) {
    // Replace() on the first match, which is the one just found at the start
    // (find() tries position 0 first): the rule with its groups substituted.
    for (size_t i = 0; i < m.transform.size(); ++i) {
      std::string_view piece = std::string_view(&m.transform[i], 1);
      if (m.transform[i] == '$') piece = groups[static_cast<uint32_t>(m.transform[++i] - '0')];
      std::memcpy(out + out_len, piece.data(), piece.size());
      out_len += piece.size();
    }
  }
  // Both branches keep what follows the prefix.
  std::memcpy(out + out_len, nsn.data() + end, nsn.size() - end);
  out_len += nsn.size() - end;
  // Undone when the original matched the general pattern and the result does not.
  if (viable_original &&
      !m.general.pattern->match(std::string_view(out, out_len), match_data.get()))
    return false;
  return true;
}

void FastPhone::Impl::check(const Code& code, std::string_view nsn, FastVerdict& out) const {
  const Meta& main = *code.main;
  // ParseHelper: strip the national prefix if what is left has a possible
  // length (or is too long).
  char stripped[kMaxRewritten];
  size_t stripped_len = 0;
  if (strip_national_prefix(main, nsn, stripped, stripped_len)) {
    FastLength length = test_number_length(main.lengths, stripped_len);
    if (length != FastLength::too_short && length != FastLength::is_possible_local_only &&
        length != FastLength::invalid_length)
      nsn = std::string_view(stripped, stripped_len);
  }
  if (nsn.size() < kMinLengthForNsn) {
    out.parse = FastParse::too_short_nsn;
    return;
  }
  if (nsn.size() > kMaxLengthForNsn) {
    out.parse = FastParse::too_long_nsn;
    return;
  }
  out.parse = FastParse::ok;
  out.country_code = code.country_code;
  // Format(E164): leading zeros round-trip through italian_leading_zero and
  // number_of_leading_zeros, so the national number comes back as written.
  out.e164.assign(1, '+');
  out.e164.append(code.digits);
  out.e164.append(nsn.data(), nsn.size());

  // GetRegionCodeForNumber (GetRegionCodeForNumberFromRegionList when the
  // code is shared): a region with leading digits wins on a prefix match, even
  // when the number is invalid there; others must give a type.
  const Meta* region = nullptr;
  Type type = kUnknown;
  if (code.regions.size() == 1) {
    region = code.regions.front();
    type = number_type(*region, nsn);
  } else {
    for (const Meta* candidate : code.regions) {
      if (candidate->leading_digits) {
        if (candidate->leading_digits->match(nsn, match_data.get())) {
          region = candidate;
          type = number_type(*region, nsn);
          break;
        }
      } else if ((type = number_type(*candidate, nsn)) != kUnknown) {
        region = candidate;
        break;
      }
    }
  }
  // IsValidNumberForRegion / GetNumberType: "ZZ" has no metadata.
  out.region.assign(region ? region->id : std::string("ZZ"));
  out.valid = type != kUnknown;
  out.number_type.assign(phone_type_name(type));
  // IsPossibleNumberWithReason uses the main region's lengths.
  out.length = test_number_length(main.lengths, nsn.size());
}

namespace {

// Parse's verdict on digits and separators without a '+' when the default
// region is unknown (n digits). ExtractPossibleNumber keeps the first to the
// last digit; IsViablePhoneNumber takes three digits with any punctuation, or
// exactly two with none between them; a viable number without '+' and
// without a region to read it in is INVALID_COUNTRY_CODE_ERROR
// (CheckRegionForParsing).
bool no_plus(std::string_view raw, size_t n, FastVerdict& out) {
  bool viable = n >= 3;
  if (n == 2) {
    size_t first = raw.find_first_of("0123456789");
    viable = first + 1 < raw.size() && raw[first + 1] >= '0' && raw[first + 1] <= '9';
  }
  out.parse = viable ? FastParse::invalid_country_code : FastParse::not_a_number;
  return true;
}

}  // namespace

const char* phone_type_name(int type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    default:
      break;
  }
  return "unknown";
}

FastPhone::FastPhone() : impl_(std::make_unique<Impl>()) {}
FastPhone::~FastPhone() = default;

const FastPhone& FastPhone::instance() {
  static const FastPhone fast;
  return fast;
}

bool FastPhone::ready() const { return impl_->ready; }

bool FastPhone::check_international(std::string_view raw, FastVerdict& out,
                                    bool unknown_default_region) const {
  const Impl& im = *impl_;
  if (!im.ready || raw.empty() || raw.size() > kMaxInput) return false;
  bool plus = raw.front() == '+';
  if (!plus && !unknown_default_region) return false;
  // ExtractPossibleNumber, IsViablePhoneNumber, MaybeStripExtension and
  // Normalize reduce this shape to its digits: every separator here is in
  // kValidPunctuation, and none can start an extension.
  // Branch-free: separators come at random places, and mispredicted
  // branches were the largest cost of this loop.
  char digits[kMaxInput];
  size_t n = 0;
  uint8_t other = 0;
  for (size_t i = plus; i < raw.size(); ++i) {
    uint8_t kind = kCharKind[static_cast<unsigned char>(raw[i])];
    digits[n] = raw[i];
    n += kind & kDigit;
    other |= kind & kOther;
  }
  if (other) return false;
  out.valid = false;
  out.country_code = 0;
  out.e164.clear();
  out.region.clear();
  out.number_type.clear();
  out.length = FastLength::is_possible;
  if (!plus) return no_plus(raw, n, out);
  // IsViablePhoneNumber wants three digits after the '+'.
  if (n < 3) {
    out.parse = FastParse::not_a_number;
    return true;
  }
  // ExtractCountryCode: 1, 2, then 3 digits, never a leading 0.
  int cc = 0;
  const Code* code = nullptr;
  size_t cc_len = 0;
  while (digits[0] != '0' && cc_len < kMaxLengthCountryCode && !code) {
    cc = cc * 10 + (digits[cc_len++] - '0');
    if (im.code_index[cc] >= 0) code = &im.codes[im.code_index[cc]];
  }
  if (!code) {
    // ParseHelper then strips the '+' and tries the default region's
    // international prefix, which only a known region has; without one the
    // country code stays 0.
    if (!unknown_default_region) return false;
    out.parse = FastParse::invalid_country_code;
    return true;
  }
  if (!code->usable) return false;
  std::string_view nsn(digits + cc_len, n - cc_len);
  if (nsn.size() < kMinLengthForNsn) {
    out.parse = FastParse::too_short_nsn;
    return true;
  }
  im.check(*code, nsn, out);
  return true;
}

}  // namespace leadimport
