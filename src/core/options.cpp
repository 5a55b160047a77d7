// The `options` jsonb of the import functions. Every key is checked here, at
// call time, so a typo or a bad value raises an ERROR before any file is read.
#include "core/options.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/map/mapping.hpp"
#include "core/text.hpp"

namespace leadimport {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// A string option's value without the blanks around it.
std::string trimmed(const ordered_json& v) {
  return std::string(trim(v.get_ref<const std::string&>(), Blanks::ascii));
}

// The value as shown in a message: strings quoted, others as JSON.
// Long values are cut (at a character boundary) so the message stays readable.
std::string shown(const ordered_json& v) {
  constexpr size_t kMax = 60;
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() <= kMax) return s;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

[[noreturn]] void bad_value(const std::string& key, const ordered_json& v,
                            const std::string& hint) {
  throw UsageError("invalid value for option \"" + key + "\": " + shown(v), hint);
}

// Edit distance, to suggest "ignore_errors" for "ignore_error".
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// A JSON integer, or a number with no fractional part (jsonb keeps "2.0").
std::optional<long long> as_integer(const ordered_json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
      return static_cast<long long>(d);
    }
  }
  return std::nullopt;
}

// true/false, or the strings "true"/"false" in any case.
std::optional<bool> as_boolean(const ordered_json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const std::string s = lower(trimmed(v));
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

void set_secondary_contacts(ImportOptions& o, const ordered_json& v) {
  auto n = as_integer(v);
  if (!n || *n < 0 || *n > 10) {
    bad_value("secondary_contacts", v,
              "Use a whole number from 0 to 10, e.g. {\"secondary_contacts\": 2}.");
  }
  o.secondary_contacts = static_cast<int>(*n);
}

void set_phone_format(ImportOptions& o, const ordered_json& v) {
  const std::string s = v.is_string() ? lower(trimmed(v)) : std::string();
  if (s == "international") {
    o.phone_format = PhoneMode::international;
  } else if (s == "national") {
    o.phone_format = PhoneMode::national;
  } else {
    bad_value("phone_format", v,
              "Use \"international\" (numbers carry their country code) or \"national\" "
              "(with \"country\").");
  }
}

void set_country(ImportOptions& o, const ordered_json& v) {
  std::string s = v.is_string() ? trimmed(v) : std::string();
  const bool letters = s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                       });
  if (!letters) {
    bad_value("country", v, "Use a two-letter ISO 3166 region code such as \"US\" or \"GB\".");
  }
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  o.country = s;
}

void set_ignore_errors(ImportOptions& o, const ordered_json& v) {
  auto b = as_boolean(v);
  if (!b) {
    bad_value("ignore_errors", v,
              "Use true (import the valid rows and report the others) or false (import "
              "nothing if any row is invalid).");
  }
  o.ignore_errors = *b;
}

void set_mapping(ImportOptions& o, const ordered_json& v) {
  if (!v.is_object()) {
    bad_value("mapping", v,
              "Give the mapping as a JSON object, e.g. {\"mapping\": {\"phone_number\": "
              "\"Phone\", \"variables\": {\"customer_name\": \"Name\"}}}.");
  }
  o.mapping_json = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  mapped_secondary_count(*o.mapping_json);  // its shape, now rather than after reading the file
}

void set_background(ImportOptions& o, const ordered_json& v) {
  if (v.is_string() && lower(trimmed(v)) == "auto") {
    o.background = Background::automatic;
    return;
  }
  auto b = as_boolean(v);
  if (!b) {
    bad_value("background", v,
              "Use \"auto\" (files over 1,000 rows go to the background worker), true or "
              "false.");
  }
  o.background = *b ? Background::yes : Background::no;
}

void set_format(ImportOptions& o, const ordered_json& v) {
  std::string s = v.is_string() ? lower(trimmed(v)) : std::string();
  if (!s.empty() && s[0] == '.') s.erase(0, 1);  // ".xlsx", as in a file name
  if (s != "csv" && s != "xlsx" && s != "xls") {
    bad_value("format", v,
              "Use \"csv\", \"xlsx\" or \"xls\", or leave it out to detect the format from the "
              "file.");
  }
  o.format = s;
}

void set_delimiter(ImportOptions& o, const ordered_json& v) {
  static const std::map<std::string, char> words = {
      {"tab", '\t'}, {"\\t", '\t'}, {"comma", ','}, {"semicolon", ';'}, {"pipe", '|'}};
  const std::string hint =
      "Use a single character such as \",\", \";\", \"|\" or \"\\t\" (or the words \"comma\", "
      "\"semicolon\", \"tab\", \"pipe\"), or leave it out to detect it.";
  if (!v.is_string()) bad_value("delimiter", v, hint);
  const std::string s = v.get<std::string>();
  char c = 0;
  auto word = words.find(lower(s));
  if (word != words.end()) {
    c = word->second;
  } else if (s.size() == 1) {
    c = s[0];
  } else {
    bad_value("delimiter", v, hint);
  }
  // These would make every record ambiguous.
  if (c == '"' || c == '\r' || c == '\n' || c == '\0') bad_value("delimiter", v, hint);
  o.delimiter = c;
}

void set_encoding(ImportOptions& o, const ordered_json& v) {
  if (!v.is_string() || trimmed(v).empty()) {
    bad_value("encoding", v,
              "Use a PostgreSQL encoding name such as \"WINDOWS1252\" or \"LATIN1\".");
  }
  o.encoding = v.get<std::string>();
}

void set_sheet(ImportOptions& o, const ordered_json& v) {
  const std::string hint =
      "Use the worksheet's name, e.g. \"Leads\", or its 1-based number, e.g. 2.";
  if (v.is_string()) {
    if (v.get<std::string>().empty()) bad_value("sheet", v, hint);
    o.sheet = v.get<std::string>();
    return;
  }
  auto n = as_integer(v);
  if (!n || *n < 1) bad_value("sheet", v, hint);
  o.sheet = std::to_string(*n);
}

// Every option, in the order the "unknown option" hint lists them.
struct Option {
  const char* key;
  void (*set)(ImportOptions&, const ordered_json&);
};
constexpr Option kOptions[] = {
    {"secondary_contacts", set_secondary_contacts},
    {"phone_format", set_phone_format},
    {"country", set_country},
    {"ignore_errors", set_ignore_errors},
    {"mapping", set_mapping},
    {"background", set_background},
    {"format", set_format},
    {"delimiter", set_delimiter},
    {"encoding", set_encoding},
    {"sheet", set_sheet},
};

[[noreturn]] void unknown_key(const std::string& key) {
  std::string valid;
  for (const Option& o : kOptions) valid += (valid.empty() ? "" : ", ") + std::string(o.key);
  std::string hint = "Valid options are " + valid + ".";
  const std::string wanted = lower(key);
  for (const Option& o : kOptions) {
    if (distance(wanted, o.key) <= 2) {
      hint = "Did you mean \"" + std::string(o.key) + "\"? " + hint;
      break;
    }
  }
  throw UsageError("unknown option \"" + key + "\"", hint);
}

}  // namespace

ImportOptions parse_options(const std::string& json) {
  ImportOptions o;
  if (trim(json, Blanks::ascii).empty()) return o;
  ordered_json j;
  try {
    j = ordered_json::parse(json);
  } catch (const nlohmann::json::exception&) {
    // parse_error, or out_of_range.406 for a number no double holds (1e999)
    throw UsageError("options are not valid JSON",
                     "Pass the options as a JSON object, e.g. '{\"secondary_contacts\": 2}'.");
  }
  if (j.is_null()) return o;
  if (!j.is_object()) {
    throw UsageError("options must be a JSON object, not " + shown(j),
                     "Pass the options as a JSON object, e.g. '{\"secondary_contacts\": 2}'.");
  }
  bool phone_format_given = false;
  for (const auto& item : j.items()) {
    const Option* option = nullptr;
    for (const Option& k : kOptions)
      if (item.key() == k.key) option = &k;
    if (!option) unknown_key(item.key());
    // null means "not given": the default stays.
    if (item.value().is_null()) continue;
    option->set(o, item.value());
    if (option->set == set_phone_format) phone_format_given = true;
  }
  // A country given alone says what numbers without a country code are
  // (SPEC "Options"); numbers with one are read as such in national mode too.
  if (!phone_format_given && !o.country.empty()) o.phone_format = PhoneMode::national;
  if (o.phone_format == PhoneMode::national && o.country.empty()) {
    throw UsageError("phone_format \"national\" requires a country",
                     "Add the country whose numbers the file holds, e.g. {\"phone_format\": "
                     "\"national\", \"country\": \"US\"}.");
  }
  if (o.secondary_contacts && o.mapping_json) {
    const int mapped = mapped_secondary_count(*o.mapping_json);
    if (mapped > *o.secondary_contacts)
      throw UsageError("the mapping has " + std::to_string(mapped) +
                           " secondary contacts but secondary_contacts is " +
                           std::to_string(*o.secondary_contacts),
                       "Set the \"secondary_contacts\" option to the number of secondary "
                       "contacts in the mapping, or leave it out.");
  }
  return o;
}

}  // namespace leadimport
