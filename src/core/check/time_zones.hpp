// The time zones a phone number may be in: libphonenumber's own prefix map
// (data/phone-time-zones/, compiled in), read the way its Java
// PhoneNumberToTimeZonesMapper reads it. No libphonenumber header leaks out
// of here, so PostgreSQL code can include this file.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace leadimport {

// ICU's and libphonenumber's name for "no idea".
inline constexpr std::string_view kUnknownTimeZone = "Etc/Unknown";

// IANA names, sorted, without duplicates; they live as long as the process.
using TimeZoneList = std::vector<std::string_view>;

// Java's getTimeZonesForNumber: the zones of a number given as E.164 ("+"
// optional) and the number type PhoneVerdict gives it. An invalid number
// ("unknown", or "") has {Etc/Unknown}; a fixed-line or mobile one the zones
// of the longest prefix of its digits the map lists; any other type
// (toll-free, VoIP, ...) those of its calling code; nothing listed gives
// {Etc/Unknown}.
const TimeZoneList& time_zones_for_number(std::string_view e164, std::string_view number_type);

// Java's getTimeZonesForGeographicalNumber: the zones of the longest prefix
// of `digits` ("+" optional) that the map lists, {Etc/Unknown} when none.
const TimeZoneList& time_zones_for_prefix(std::string_view digits);

// True when the list is {Etc/Unknown}.
bool is_unknown_time_zone(const TimeZoneList& zones);

// The name leadimport gives a zone the map names: the map's own, except for
// old aliases that tzdata keeps only in its 'backward' file (Debian 13 moved
// them to tzdata-legacy, so PostgreSQL 17 there does not know them), which
// become the names tzdata links them to ("Asia/Calcutta" -> "Asia/Kolkata").
std::string_view current_time_zone_name(std::string_view zone);

// For tests: the number of prefixes, every zone name given (current names,
// sorted), and the map's text as compiled in.
std::size_t time_zone_prefix_count();
TimeZoneList all_time_zones();
std::string_view time_zone_map_text();

}  // namespace leadimport
