// libphonenumber's prefix -> time zones map, compiled in (the text of
// data/phone-time-zones/map_data.txt, see its README), parsed once per
// process on first use, and looked up as the Java mapper does.
#include "core/check/time_zones.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace leadimport {

namespace {

constexpr char kMapText[] =
#include "core/check/time_zones_map.inc"
    ;

// Aliases the map uses that tzdata keeps only in its 'backward' file, with
// the names tzdata 2026 links them to (data/phone-time-zones/README.md).
constexpr std::pair<std::string_view, std::string_view> kCurrentNames[] = {
    {"Africa/Asmera", "Africa/Asmara"},
    {"America/Buenos_Aires", "America/Argentina/Buenos_Aires"},
    {"America/Godthab", "America/Nuuk"},
    {"Asia/Calcutta", "Asia/Kolkata"},
    {"Asia/Choibalsan", "Asia/Ulaanbaatar"},
    {"Asia/Katmandu", "Asia/Kathmandu"},
    {"Asia/Rangoon", "Asia/Yangon"},
    {"Atlantic/Faeroe", "Atlantic/Faroe"},
    {"Pacific/Enderbury", "Pacific/Kanton"},
    {"Pacific/Ponape", "Pacific/Pohnpei"},
    {"Pacific/Truk", "Pacific/Chuuk"},
};

// A prefix of up to 15 digits (all of E.164) and its length, as one key ("1" and "01" differ).
constexpr std::size_t kMaxPrefixDigits = 15;
uint64_t key_of(uint64_t value, std::size_t length) { return value * 32 + length; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Map {
 public:
  static const Map& instance() {
    static const Map map;
    return map;
  }

  const TimeZoneList& longest_prefix(std::string_view digits) const {
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    std::size_t n = 0;
    uint64_t values[kMaxPrefixDigits + 1] = {0};
    while (n < digits.size() && n < max_length_ && is_digit(digits[n])) {
      values[n + 1] = values[n] * 10 + static_cast<uint64_t>(digits[n] - '0');
      ++n;
    }
    for (std::size_t length = n; length > 0; --length) {
      auto it = index_.find(key_of(values[length], length));
      if (it != index_.end()) return lists_[it->second];
    }
    return unknown_;
  }

  const TimeZoneList& unknown() const { return unknown_; }
  std::size_t size() const { return index_.size(); }
  const std::vector<TimeZoneList>& lists() const { return lists_; }

 private:
  Map() : unknown_{kUnknownTimeZone} {
    std::unordered_map<std::string_view, uint32_t> list_of_text;
    std::string_view text(kMapText, sizeof(kMapText) - 1);
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t bar = line.find('|');
      if (line.empty() || line.front() == '#' || bar == 0 || bar == std::string_view::npos ||
          bar > kMaxPrefixDigits)
        continue;
      std::string_view prefix = line.substr(0, bar);
      std::string_view zones = line.substr(bar + 1);
      if (!std::all_of(prefix.begin(), prefix.end(), is_digit) || zones.empty()) continue;
      uint64_t value = 0;
      for (char c : prefix) value = value * 10 + static_cast<uint64_t>(c - '0');
      auto found = list_of_text.find(zones);
      uint32_t list = 0;
      if (found != list_of_text.end()) {
        list = found->second;
      } else {
        list = static_cast<uint32_t>(lists_.size());
        lists_.push_back(split(zones));
        list_of_text.emplace(zones, list);
      }
      index_[key_of(value, prefix.size())] = list;
      max_length_ = std::max(max_length_, prefix.size());
    }
  }

  // "a&b&c" as current names, sorted, without duplicates.
  static TimeZoneList split(std::string_view zones) {
    TimeZoneList out;
    while (!zones.empty()) {
      std::size_t amp = zones.find('&');
      std::string_view zone = zones.substr(0, amp);
      zones.remove_prefix(amp == std::string_view::npos ? zones.size() : amp + 1);
      if (!zone.empty()) out.push_back(current_time_zone_name(zone));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<TimeZoneList> lists_;
  TimeZoneList unknown_;
  std::size_t max_length_ = 0;
};

// Whether the type says where the callee is (the Java mapper's canBeGeocoded).
bool can_be_geocoded(std::string_view number_type) {
  return number_type == "fixed_line" || number_type == "mobile" ||
         number_type == "fixed_line_or_mobile";
}

// The calling code at the start of E.164 digits (calling codes are
// prefix-free: at most one of the first 1, 2, 3 digits is one).
std::string_view calling_code(std::string_view digits) {
  const auto& util = *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  for (std::size_t length = 1; length <= 3 && length <= digits.size(); ++length) {
    std::string_view code = digits.substr(0, length);
    if (!std::all_of(code.begin(), code.end(), is_digit) || code.front() == '0') return {};
    std::string region;
    util.GetRegionCodeForCountryCode(std::stoi(std::string(code)), &region);
    if (!region.empty() && region != "ZZ") return code;
  }
  return {};
}

}  // namespace

const TimeZoneList& time_zones_for_prefix(std::string_view digits) {
  return Map::instance().longest_prefix(digits);
}

const TimeZoneList& time_zones_for_number(std::string_view e164, std::string_view number_type) {
  const Map& map = Map::instance();
  if (number_type.empty() || number_type == "unknown") return map.unknown();
  if (can_be_geocoded(number_type)) return map.longest_prefix(e164);
  if (!e164.empty() && e164.front() == '+') e164.remove_prefix(1);
  std::string_view code = calling_code(e164);
  if (code.empty()) return map.unknown();
  return map.longest_prefix(code);
}

bool is_unknown_time_zone(const TimeZoneList& zones) {
  return zones.size() == 1 && zones.front() == kUnknownTimeZone;
}

std::string_view current_time_zone_name(std::string_view zone) {
  for (const auto& [old_name, name] : kCurrentNames)
    if (zone == old_name) return name;
  return zone;
}

std::size_t time_zone_prefix_count() { return Map::instance().size(); }

TimeZoneList all_time_zones() {
  TimeZoneList out;
  for (const TimeZoneList& list : Map::instance().lists())
    out.insert(out.end(), list.begin(), list.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string_view time_zone_map_text() { return std::string_view(kMapText, sizeof(kMapText) - 1); }

}  // namespace leadimport
