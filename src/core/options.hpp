// The `options` jsonb of the import functions, parsed and checked.
#pragma once

#include <optional>
#include <string>

#include "core/check/phone.hpp"

namespace leadimport {

enum class Background { automatic, yes, no };

struct ImportOptions {
  // 0..10; nullopt: as many as the header has (up to 10).
  std::optional<int> secondary_contacts;
  // national when given, or when a country is given alone.
  PhoneMode phone_format = PhoneMode::international;
  std::string country;  // ISO region, required for national
  bool ignore_errors = true;
  std::optional<std::string> mapping_json;  // explicit mapping, as JSON text
  Background background = Background::automatic;
  std::string format;    // "", "csv", "xlsx", "xls"
  char delimiter = 0;    // 0 = detect
  std::string encoding;  // "" = UTF-8
  std::string sheet;     // "" = first
};

// Throws UsageError for unknown keys and bad values, with a hint.
ImportOptions parse_options(const std::string& json);

}  // namespace leadimport
