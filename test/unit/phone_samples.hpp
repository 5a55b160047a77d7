// Generated phone cells and libphonenumber's own verdicts on them, shared by
// the differential unit test (test/unit/phone_fast_test.cpp, a sample) and
// the benchmark tool (bench/phone_diff.cpp, a million).
//
// The generator aims at the places where a copy of libphonenumber's logic goes
// wrong: example numbers of every region and type, mutated; national prefixes
// written after the '+'; random digits after every calling code; too short and
// too long; and the shapes the fast path must refuse (national, "00", letters,
// extensions, odd characters). Deterministic for a seed.
#pragma once

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/check/phone_fast.hpp"

namespace i18n {
namespace phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace phonenumbers
}  // namespace i18n

namespace leadimport {
namespace phone_samples {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber's answer, field by field, as phone.cpp asks for it.
struct Reference {
  int parse = 0;  // PhoneNumberUtil::ErrorType
  bool valid = false;
  int country_code = 0;
  std::string e164, region, number_type;
  int length = 0;  // PhoneNumberUtil::ValidationResult
};

inline Reference reference(const std::string& raw, const std::string& default_region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  Reference ref;
  PhoneNumber number;
  ref.parse = util.Parse(raw, default_region, &number);
  if (ref.parse != PhoneNumberUtil::NO_PARSING_ERROR) return ref;
  ref.country_code = number.country_code();
  util.Format(number, PhoneNumberUtil::E164, &ref.e164);
  util.GetRegionCodeForNumber(number, &ref.region);
  ref.valid = util.IsValidNumber(number);
  ref.number_type = phone_type_name(util.GetNumberType(number));
  ref.length = util.IsPossibleNumberWithReason(number);
  return ref;
}

// "" when the fast verdict is libphonenumber's, else what differs.
inline std::string difference(const FastVerdict& fast, const Reference& ref) {
  std::string diff;
  auto field = [&](const char* name, const std::string& f, const std::string& r) {
    if (f != r) diff += std::string(name) + ": fast " + f + " lib " + r + "; ";
  };
  field("parse", std::to_string(static_cast<int>(fast.parse)), std::to_string(ref.parse));
  if (!diff.empty() || ref.parse != PhoneNumberUtil::NO_PARSING_ERROR) return diff;
  field("valid", fast.valid ? "true" : "false", ref.valid ? "true" : "false");
  field("country_code", std::to_string(fast.country_code), std::to_string(ref.country_code));
  field("e164", fast.e164, ref.e164);
  field("region", fast.region, ref.region);
  field("number_type", fast.number_type, ref.number_type);
  field("length", std::to_string(static_cast<int>(fast.length)), std::to_string(ref.length));
  return diff;
}

// The digits of `raw` (after its '+', if any) when it is digits and " -.()"
// only: what phone.cpp hands to Parse for such a cell. Else "".
inline std::string stripped(const std::string& raw) {
  bool plus = !raw.empty() && raw[0] == '+';
  std::string out = plus ? "+" : "";
  for (size_t i = plus; i < raw.size(); ++i) {
    char c = raw[i];
    if (c >= '0' && c <= '9')
      out += c;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
      return {};
  }
  return out;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    i18n::phonenumbers::PhoneMetadataCollection collection;
    collection.ParseFromArray(i18n::phonenumbers::metadata_get(),
                              i18n::phonenumbers::metadata_size());
    std::set<int> codes;
    for (const auto& m : collection.metadata()) {
      if (m.id() != "001") regions_.push_back(m.id());
      codes.insert(m.country_code());
      Region region;
      region.code = std::to_string(m.country_code());
      region.national_prefix = m.national_prefix();
      const i18n::phonenumbers::PhoneNumberDesc* descs[] = {
          &m.general_desc(), &m.fixed_line(),  &m.mobile(),   &m.toll_free(),
          &m.premium_rate(), &m.shared_cost(), &m.voip(),     &m.personal_number(),
          &m.pager(),        &m.uan(),         &m.voicemail()};
      for (const auto* d : descs)
        if (!d->example_number().empty()) region.examples.push_back(d->example_number());
      if (region.examples.empty()) region.examples.push_back("123456789");
      by_region_.push_back(std::move(region));
    }
    codes_.assign(codes.begin(), codes.end());
  }

  // A default region for Parse: mostly "ZZ" (international mode), sometimes a
  // real one (national mode), which must not change a '+' number's verdict.
  std::string default_region() {
    if (pick(10) < 7) return "ZZ";
    return regions_[pick(regions_.size())];
  }

  std::string next() {
    unsigned kind = static_cast<unsigned>(pick(100));
    if (kind < 22) {
      const Region& r = region();
      return plus(r.code, example(r));
    }
    if (kind < 42) {
      const Region& r = region();
      return plus(r.code, mutate(example(r)));
    }
    if (kind < 50) {
      const Region& r = region();
      return plus(r.code, national_prefix(r) + example(r));
    }
    if (kind < 68) return plus(codes_str(), digits(pick(19)));
    if (kind < 73) return format("+" + digits(1 + pick(20)), 1);
    if (kind < 77) return format("+" + digits(pick(5)), 1);
    if (kind < 80) return plus(codes_str(), digits(15 + pick(16)));
    return other();
  }

 private:
  struct Region {
    std::string code;
    std::string national_prefix;
    std::vector<std::string> examples;
  };

  uint64_t pick(uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  const Region& region() { return by_region_[pick(by_region_.size())]; }
  std::string example(const Region& r) { return r.examples[pick(r.examples.size())]; }
  std::string codes_str() { return std::to_string(codes_[pick(codes_.size())]); }

  std::string digits(uint64_t n) {
    std::string out;
    for (uint64_t i = 0; i < n; ++i) out += static_cast<char>('0' + pick(10));
    return out;
  }

  // One to three edits: replace, delete, insert, duplicate, cut the end, add digits.
  std::string mutate(std::string s) {
    int edits = 1 + static_cast<int>(pick(3));
    for (int e = 0; e < edits; ++e) {
      size_t at = s.empty() ? 0 : pick(s.size());
      switch (pick(6)) {
        case 0:
          if (!s.empty()) s[at] = static_cast<char>('0' + pick(10));
          break;
        case 1:
          if (!s.empty()) s.erase(at, 1);
          break;
        case 2:
          s.insert(at, 1, static_cast<char>('0' + pick(10)));
          break;
        case 3:
          if (!s.empty()) s.insert(at, 1, s[at]);
          break;
        case 4:
          if (s.size() > 2) s.resize(s.size() - 1 - pick(3));
          break;
        default:
          s += digits(1 + pick(3));
      }
    }
    return s;
  }

  // What people write between the calling code and the number: the trunk
  // prefix, other common prefixes, carrier codes (AR 15, BR 0xx, CO 4xx...).
  std::string national_prefix(const Region& r) {
    static const char* const common[] = {"0", "1", "8", "9", "06", "01", "00", "15", "90", "80"};
    switch (pick(5)) {
      case 0:
      case 1:
        return r.national_prefix.empty() ? "0" : r.national_prefix;
      case 2:
        return common[pick(std::size(common))];
      case 3:
        return (pick(2) ? "0" : "90") + digits(2);
      default:
        return "0" + digits(1 + pick(3));
    }
  }

  // "+" code number, with the separators people type.
  std::string plus(const std::string& code, const std::string& number) {
    return format("+" + code + number, code.size() + 1);
  }

  // Adds separators to "+digits" (the code is the first `code_end - 1`
  // digits): a space after the code, groups split by ' ', '-' or '.', a
  // parenthesised area code, or none at all.
  std::string format(const std::string& plain, size_t code_end) {
    if (pick(4) == 0) return plain;
    std::string out = plain.substr(0, code_end);
    std::string rest = plain.substr(code_end);
    static const char seps[] = {' ', '-', '.'};
    char sep = seps[pick(3)];
    if (pick(5) == 0) out = "+(" + out.substr(1) + ")";
    if (pick(4) != 0) out += ' ';
    size_t i = 0;
    if (pick(4) == 0 && rest.size() > 4) {
      size_t area = 1 + pick(4);
      out += "(" + rest.substr(0, area) + ") ";
      i = area;
    }
    while (i < rest.size()) {
      size_t group = 2 + pick(3);
      out += rest.substr(i, group);
      i += group;
      if (i < rest.size()) out += pick(8) == 0 ? seps[pick(3)] : sep;
    }
    if (pick(30) == 0) out += ' ';
    if (pick(30) == 0) out += ')';
    return out;
  }

  // Shapes the fast path must refuse (or decide as libphonenumber does).
  std::string other() {
    const Region& r = region();
    std::string number = pick(3) ? example(r) : mutate(example(r));
    switch (pick(15)) {
      case 0:  // national
        return format("+" + r.national_prefix + number, 1).substr(1);
      case 1:  // "00" international prefix
        return "00" + r.code + " " + number;
      case 2:  // US international prefix
        return "011 " + r.code + " " + number;
      case 3: {  // a letter somewhere
        std::string s = plus(r.code, number);
        s.insert(1 + pick(s.size()), 1, static_cast<char>('a' + pick(26)));
        return s;
      }
      case 4:  // vanity letters
        return "+" + r.code + " " + number.substr(0, number.size() / 2) + "FLOWERS";
      case 5:  // extension
        return plus(r.code, number) + (pick(2) ? " ext. " : " x") + digits(1 + pick(5));
      case 6:  // tel: URI
        return "tel:+" + r.code + number;
      case 7:  // leading or trailing junk
        return (pick(2) ? " " : "Tel: ") + plus(r.code, number);
      case 8:  // two pluses, a slash, a hash
        return std::string(pick(2) ? "++" : "+") + r.code + (pick(2) ? "/" : "#") + number;
      case 9:  // fullwidth plus, non-breaking space
        return std::string(pick(2) ? "\xEF\xBC\x8B" : "+\xC2\xA0") + r.code + number;
      case 10:  // a zero or unknown code after '+'
        return format("+0" + digits(pick(14)), 1);
      case 11:  // national prefix doubled after the code
        return plus(r.code, r.national_prefix + r.national_prefix + number);
      case 12:  // only separators
        return pick(2) ? "+ - ." : "+()";
      case 13: {  // a few digits, with or without separators and '+'
        static const char marks[] = {' ', '-', '.', '(', ')'};
        std::string s = pick(2) ? "+" : "";
        for (uint64_t i = 0, k = pick(5); i < k; ++i) {
          if (pick(2)) s += marks[pick(std::size(marks))];
          s += static_cast<char>('0' + pick(10));
        }
        return s.empty() ? "()" : s;
      }
      default:  // digits without '+'
        return r.code + number;
    }
  }

  std::mt19937_64 rng_;
  std::vector<Region> by_region_;
  std::vector<std::string> regions_;
  std::vector<int> codes_;
};

}  // namespace phone_samples
}  // namespace leadimport
