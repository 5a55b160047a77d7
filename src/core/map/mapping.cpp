// Column mapping: detection from header names, the explicit options.mapping,
// its JSON form, and resolution to column indexes.
//
// Vocabulary: a "header" is a column name as it appears in the file (already
// made unique by unique_headers); its "norm" is normalize_header(header); a
// "slot" is secondary contact N (1..10) while detecting, before empty slots
// are dropped.
#include "core/map/mapping.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/map/header_names.hpp"
#include "core/text.hpp"

namespace leadimport {

namespace {

using ordered_json = nlohmann::ordered_json;

constexpr int kMaxSecondary = 10;

// ---------------------------------------------------------------------------
// Detection helpers

struct Header {
  std::string name;
  std::string norm;     // the detection key: the norm, "<word> N - Value" read as "<word> N"
  std::string exact;    // the norm itself: a variable's own name matches either
  bool report = false;  // an error report column: neither mapped nor unmapped
  bool used = false;
};

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "phone12" -> {"phone", 12}. Nothing when there is no trailing number, or
// when it is 0 or absurdly long (no spreadsheet has contact 1000000).
std::optional<std::pair<std::string, int>> split_trailing_number(const std::string& norm) {
  size_t start = norm.size();
  while (start > 0 && is_digit(norm[start - 1])) --start;
  size_t digits = norm.size() - start;
  if (digits == 0 || digits > 6) return std::nullopt;
  int n = std::stoi(norm.substr(start));
  if (n == 0) return std::nullopt;
  return std::make_pair(norm.substr(0, start), n);
}

// Google Contacts' export splits each numbered field into a label and a value
// ("Phone 1 - Type", "Phone 1 - Value", "E-mail 2 - Value"): the value column
// is the field itself, so "phone1value" is read as "phone1". Only for phone
// and e-mail words: a variable may well be called "Score 1 Value".
std::string detection_key(const std::string& norm) {
  static const std::string kValue = "value";
  if (!ends_with(norm, kValue)) return norm;
  std::string base = norm.substr(0, norm.size() - kValue.size());
  auto split = split_trailing_number(base);
  if (!split) return norm;
  if (is_phone_header(split->first) || split->first == "email") return base;
  return norm;
}

// A phone word as it may appear in a secondary column: "secondary_phone_1",
// "Secondary 1 Mobile", or no word at all ("secondary_1").
bool is_secondary_phone_word(const std::string& word) {
  return word.empty() || (is_phone_header(word) && !is_digit(word.back()));
}

// Phone words that count as a numbered generic phone ("Phone 2", "Mobile 3").
// "number" alone and the "primary" words are too vague or say the opposite.
bool is_generic_phone_word(const std::string& word) {
  static const std::set<std::string> excluded = {"number", "primaryphone", "primarynumber",
                                                 "primaryphonenumber", "e164"};
  return !word.empty() && !is_digit(word.back()) && is_phone_header(word) &&
         excluded.count(word) == 0;
}

struct SecondaryColumn {
  int n = 0;              // contact number, 1-based
  bool phone = false;     // its phone column; otherwise one of its variables
  std::string tail;       // normalised variable name (when !phone)
  size_t prefix_len = 0;  // normalised characters before the variable name
};

// Recognises the secondary columns:
//   phone:    secondary[contact]<phoneword><N>   "secondary_phone_1", "Secondary Mobile 2"
//             secondary[contact]<N>[<phoneword>] "secondary_1", "secondary_1_phone_number"
//             secondary[contact]<phoneword>      "Secondary Phone" (contact 1)
//   variable: secondary[contact]<N><name>        "secondary_1_name", "Secondary Contact 2 Role"
std::optional<SecondaryColumn> parse_secondary(const std::string& norm) {
  for (const std::string prefix : {"secondarycontact", "secondary"}) {
    if (!starts_with(norm, prefix)) continue;
    const std::string rest = norm.substr(prefix.size());
    if (!rest.empty() && is_digit(rest[0])) {
      size_t digits = 0;
      while (digits < rest.size() && is_digit(rest[digits])) ++digits;
      if (digits > 2) return std::nullopt;
      SecondaryColumn sc;
      sc.n = std::stoi(rest.substr(0, digits));
      sc.tail = rest.substr(digits);
      sc.phone = is_secondary_phone_word(sc.tail);
      if (sc.phone) sc.tail.clear();
      sc.prefix_len = prefix.size() + digits;
      return sc;
    }
    if (auto numbered = split_trailing_number(rest)) {
      if (!is_secondary_phone_word(numbered->first)) return std::nullopt;
      return SecondaryColumn{numbered->second, true, {}, 0};
    }
    if (!rest.empty() && is_secondary_phone_word(rest)) return SecondaryColumn{1, true, {}, 0};
    return std::nullopt;
  }
  return std::nullopt;
}

// The bytes of `raw` after its first `kept` normalised characters, i.e. what
// the user wrote after "secondary_1_" (separators included, trimmed later).
std::string raw_after_normalized(const std::string& raw, size_t kept) {
  size_t count = 0;
  size_t i = 0;
  while (i < raw.size() && count < kept) {
    unsigned char c = raw[i];
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      i += 2;  // a no-break space is dropped by normalize_header too
      continue;
    }
    if (!normalize_header(raw.substr(i, 1)).empty()) ++count;
    ++i;
  }
  return raw.substr(i);
}

// A secondary variable name that is not an assistant variable, kept as the
// user wrote it: "Job Title" -> "job_title", "-role" -> "role".
std::string secondary_name_as_written(const std::string& raw) {
  std::string out;
  for (unsigned char c : raw) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c == ' ' || c == '-' || c == '_' || c == '\t') c = '_';
    if (c == '_' && (out.empty() || out.back() == '_')) continue;
    out.push_back(static_cast<char>(c));
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  // Leading punctuation such as ": " or "." left over from the prefix.
  size_t start = 0;
  while (start < out.size() && normalize_header(out.substr(start, 1)).empty() &&
         static_cast<unsigned char>(out[start]) < 0x80) {
    ++start;
  }
  return out.substr(start);
}

// The assistant's variables in position order (stable for equal positions).
std::vector<size_t> position_order(const std::vector<VariableSpec>& vars) {
  std::vector<size_t> order(vars.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return vars[a].position < vars[b].position; });
  return order;
}

// Synonym families: a variable whose normalised name is in `variables` takes a
// header whose normalised name is in `headers`, earlier entries preferred.
// The headers include what CRM and address-book exports write: Google
// Contacts ("Given Name", "Family Name", "E-mail 1 - Value", "Organization 1 -
// Name", "Organization Name"), Outlook ("E-mail Address"), HubSpot ("Company
// Name"), Salesforce ("Account Name").
struct SynonymFamily {
  std::vector<std::string> variables;
  std::vector<std::string> headers;
};

const std::vector<SynonymFamily>& synonym_families() {
  static const std::vector<SynonymFamily> families = {
      {{"customername", "fullname", "name", "contactname", "clientname", "leadname"},
       {"name", "fullname", "customername", "contactname", "customer", "clientname", "client",
        "leadname"}},
      {{"firstname", "givenname", "forename"}, {"firstname", "givenname", "forename"}},
      {{"lastname", "surname", "familyname"}, {"lastname", "surname", "familyname"}},
      {{"email", "emailaddress", "mail"},
       {"email", "emailaddress", "mail", "emailid", "email1", "emailaddress1", "primaryemail"}},
      {{"company", "companyname", "organization", "organisation", "business", "account",
        "accountname"},
       {"company", "companyname", "organization", "organisation", "business", "account",
        "accountname", "businessname", "organizationname", "organisationname",
        "organization1name"}},
  };
  return families;
}

const SynonymFamily* family_of(const std::string& variable_norm) {
  for (const auto& f : synonym_families()) {
    if (std::find(f.variables.begin(), f.variables.end(), variable_norm) != f.variables.end()) {
      return &f;
    }
  }
  return nullptr;
}

// The headers by name and by normalised name, so that finding "the first
// unused header called X" costs a hash lookup, not a scan of every column
// (detection stays linear in the number of columns, SPEC "Limits").
class HeaderIndex {
 public:
  explicit HeaderIndex(const std::vector<Header>& hs) : hs_(hs) {
    for (size_t i = 0; i < hs.size(); ++i) {
      interruption_point();
      const int index = static_cast<int>(i);
      by_name_.try_emplace(hs[i].name, index);
      if (hs[i].report) continue;
      by_norm_[hs[i].norm].push_back(index);
      if (hs[i].exact != hs[i].norm) by_exact_[hs[i].exact].push_back(index);
    }
  }

  // The header called exactly `name`, or -1.
  int named(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? -1 : it->second;
  }

  // The first unused header (in file order) whose detection key is `norm`, or -1.
  int first_unused(const std::string& norm) const { return first_in(by_norm_, norm); }

  // The same, also taking a header whose norm before the Google reading is
  // `norm` (a variable's own name, whatever the header looks like).
  int first_unused_exact(const std::string& norm) const {
    int a = first_in(by_norm_, norm);
    int b = first_in(by_exact_, norm);
    if (a < 0) return b;
    if (b < 0) return a;
    return std::min(a, b);
  }

 private:
  using Lists = std::unordered_map<std::string, std::vector<int>>;
  int first_in(const Lists& lists, const std::string& norm) const {
    auto it = lists.find(norm);
    if (it == lists.end()) return -1;
    for (int i : it->second) {
      interruption_point();
      if (!hs_[i].used) return i;
    }
    return -1;
  }

  const std::vector<Header>& hs_;
  std::unordered_map<std::string, int> by_name_;
  Lists by_norm_;
  Lists by_exact_;
};

// First unused header (in file order) satisfying `pred`, or -1.
template <typename Pred>
int find_header(const std::vector<Header>& hs, Pred pred) {
  for (size_t i = 0; i < hs.size(); ++i) {
    interruption_point();
    if (!hs[i].used && !hs[i].report && pred(hs[i])) return static_cast<int>(i);
  }
  return -1;
}

// Primary phone, in tiers: the system field's own name ("phone_number",
// "Phone Number"), then any phone synonym, then the vague "number"; each tier
// prefers a header that is not also some variable's exact name (a variable
// named "mobile" keeps its column when "Phone" is there too).
int pick_primary_phone(const std::vector<Header>& hs, const std::set<std::string>& variable_norms) {
  auto strong = [](const Header& h) {
    if (h.norm != "number" && is_phone_header(h.norm)) return true;
    auto split = split_trailing_number(h.norm);  // "Telephone 1", "Cell Phone 1"
    return split && split->second == 1 && is_generic_phone_word(split->first);
  };
  auto weak = [](const Header& h) { return h.norm == "number"; };
  auto not_variable = [&](const Header& h) { return variable_norms.count(h.exact) == 0; };
  int i = find_header(hs, [](const Header& h) { return h.norm == "phonenumber"; });
  if (i < 0) i = find_header(hs, [&](const Header& h) { return strong(h) && not_variable(h); });
  if (i < 0) i = find_header(hs, [&](const Header& h) { return weak(h) && not_variable(h); });
  if (i < 0) i = find_header(hs, strong);
  if (i < 0) i = find_header(hs, weak);
  return i;
}

// Last resort when no synonym matched: a header ending in a phone word
// ("Work Phone", "Business Phone Number"), unless it is a secondary column.
int pick_phone_by_suffix(const std::vector<Header>& hs) {
  return find_header(hs, [](const Header& h) {
    if (starts_with(h.norm, "secondary")) return false;
    for (const char* suffix : {"phone", "phonenumber", "phoneno", "mobilenumber", "telephone"}) {
      if (ends_with(h.norm, suffix)) return true;
    }
    return false;
  });
}

constexpr int kGiven = -2;  // a slot's phone that options.mapping names (or nulls)

struct Slot {
  int phone = -1;                                      // header index, -1 free, kGiven
  std::vector<std::pair<std::string, int>> variables;  // name -> header index
  std::unordered_set<std::string> taken;               // normalised names of `variables` and
                                                       // of those options.mapping names
  bool dropped = false;  // null in options.mapping: detected, then left unmapped
};

// Explicit secondary columns take their own slot; the first column wins.
// `variable_by_norm`: an assistant variable's name by its normalised name.
void detect_explicit_secondary(std::vector<Header>& hs,
                               const std::unordered_map<std::string, std::string>& variable_by_norm,
                               std::vector<Slot>& slots) {
  for (auto& h : hs) {
    interruption_point();
    if (h.used || h.report) continue;
    auto sc = parse_secondary(h.norm);
    if (!sc || sc->n < 1 || sc->n > static_cast<int>(slots.size())) continue;
    Slot& slot = slots[sc->n - 1];
    const int index = static_cast<int>(&h - hs.data());
    if (sc->phone) {
      if (slot.phone != -1) continue;
      slot.phone = index;
      h.used = true;
      continue;
    }
    auto known = variable_by_norm.find(sc->tail);
    std::string name =
        known != variable_by_norm.end()
            ? known->second
            : secondary_name_as_written(raw_after_normalized(h.name, sc->prefix_len));
    if (name.empty()) continue;
    if (!slot.taken.insert(normalize_header(name)).second) continue;
    slot.variables.emplace_back(name, index);
    h.used = true;
  }
}

// Numbered generic phones ("Phone 2", "Mobile 3") other than the primary fill
// the slots that still have no phone, lowest slot first, in the order of
// their numbers (file order for equal numbers). So with "Phone 1" as the
// primary, "Phone 2" is secondary 1 and "Phone 3" secondary 2; with "Phone"
// as the primary, "Phone 2" is secondary 1 as well.
void detect_numbered_phones(std::vector<Header>& hs, std::vector<Slot>& slots) {
  std::vector<std::pair<int, int>> numbered;  // number, header index
  for (size_t i = 0; i < hs.size(); ++i) {
    interruption_point();
    if (hs[i].used || hs[i].report) continue;
    auto split = split_trailing_number(hs[i].norm);
    if (split && is_generic_phone_word(split->first)) {
      numbered.emplace_back(split->second, static_cast<int>(i));
    }
  }
  std::stable_sort(numbered.begin(), numbered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto next = numbered.begin();
  for (Slot& slot : slots) {
    if (next == numbered.end()) break;
    if (slot.phone != -1) continue;
    slot.phone = next->second;
    hs[next->second].used = true;
    ++next;
  }
}

// ---------------------------------------------------------------------------
// Explicit mapping helpers

const char* const kMappingShapeHint =
    "A mapping looks like {\"phone_number\": \"Phone\", \"variables\": {\"customer_name\": "
    "\"Name\"}, \"secondary\": [{\"phone_number\": \"Phone 2\", \"variables\": {\"name\": "
    "\"Name 2\"}}]}, where the values are the file's header names (null leaves a field "
    "unmapped; the fields left out are detected).";

[[noreturn]] void shape_error(const std::string& message) {
  throw UsageError(message, kMappingShapeHint);
}

// Finds the file's header for a name given in the mapping: the exact name, or
// else the only header with the same normalised name ("phone" finds "Phone").
// A name that matches nothing is kept as given; resolve_mapping reports it.
// Built once per mapping, so a mapping that names many columns of a wide
// file costs one lookup per name, not a scan of every header.
class HeaderLookup {
 public:
  explicit HeaderLookup(const std::vector<std::string>& headers) {
    for (const auto& h : headers) {
      interruption_point();
      exact_.insert(h);
      auto [it, fresh] = by_norm_.try_emplace(normalize_header(h), &h);
      if (!fresh) it->second = nullptr;  // ambiguous: only the exact name decides
    }
  }

  std::string match(const std::string& given) const {
    if (exact_.count(given)) return given;
    const std::string norm = normalize_header(given);
    if (norm.empty()) return given;
    auto it = by_norm_.find(norm);
    return it != by_norm_.end() && it->second != nullptr ? *it->second : given;
  }

 private:
  std::unordered_set<std::string> exact_;
  std::unordered_map<std::string, const std::string*> by_norm_;
};

// One field of options.mapping: left out (detected), null (left unmapped) or
// a header name (matched to the file's header when it can be).
struct Given {
  enum class State { absent, null, header };
  State state = State::absent;
  std::string header;
  bool absent() const { return state == State::absent; }
  bool is_header() const { return state == State::header; }
};

using GivenVariables = std::vector<std::pair<std::string, Given>>;  // name -> null or header

struct GivenContact {
  bool null = false;  // the whole entry is null
  Given phone;
  bool variables_null = false;  // "variables": null
  GivenVariables variables;
};

// options.mapping as given, field by field.
struct Overrides {
  Given phone;
  bool variables_null = false;
  GivenVariables variables;
  bool secondary_null = false;  // "secondary": null
  std::vector<GivenContact> secondary;
  // "unmapped" (detect_mapping's own output passed back): these columns stay
  // unmapped, so a complete mapping passed back is used exactly as it is.
  std::vector<std::string> unmapped;
};

std::string header_value(const ordered_json& v, const std::string& path,
                         const HeaderLookup& headers) {
  if (!v.is_string())
    shape_error(path + " must be a header name (a JSON string), or null to leave it unmapped");
  const std::string given = v.get<std::string>();
  if (given.find_first_not_of(" \t") == std::string::npos) shape_error(path + " is empty");
  return headers.match(given);
}

Given given_value(const ordered_json& v, const std::string& path, const HeaderLookup& headers) {
  Given g;
  if (v.is_null()) {
    g.state = Given::State::null;
  } else {
    g.state = Given::State::header;
    g.header = header_value(v, path, headers);
  }
  return g;
}

// `null_out`: set when the whole object is null.
GivenVariables read_variables(const ordered_json& v, const std::string& path,
                              const HeaderLookup& headers, bool& null_out) {
  GivenVariables out;
  null_out = v.is_null();
  if (null_out) return out;
  if (!v.is_object()) shape_error(path + " must be a JSON object of variable name to header name");
  for (const auto& item : v.items()) {
    interruption_point();
    if (item.key().empty()) shape_error(path + " has an empty variable name");
    out.emplace_back(item.key(), given_value(item.value(), path + "." + item.key(), headers));
  }
  return out;
}

GivenContact read_contact(const ordered_json& v, const std::string& path,
                          const HeaderLookup& headers) {
  GivenContact c;
  if (v.is_null()) {
    c.null = true;
    return c;
  }
  if (!v.is_object()) shape_error(path + " must be a JSON object, or null to leave it unmapped");
  for (const auto& item : v.items()) {
    if (item.key() == "phone_number") {
      c.phone = given_value(item.value(), path + ".phone_number", headers);
    } else if (item.key() == "variables") {
      c.variables = read_variables(item.value(), path + ".variables", headers, c.variables_null);
    } else {
      shape_error(path + " has unknown key \"" + item.key() +
                  "\" (expected \"phone_number\" and \"variables\")");
    }
  }
  return c;
}

Overrides read_overrides(const std::string& json, const HeaderLookup& lookup) {
  ordered_json j;
  try {
    j = ordered_json::parse(json);
  } catch (const nlohmann::json::exception&) {
    // parse_error, or out_of_range.406 for a number no double holds (1e999)
    shape_error("mapping is not valid JSON");
  }
  if (!j.is_object()) shape_error("mapping must be a JSON object");
  Overrides o;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    const ordered_json& v = item.value();
    if (key == "phone_number") {
      o.phone = given_value(v, "mapping.phone_number", lookup);
    } else if (key == "variables") {
      o.variables = read_variables(v, "mapping.variables", lookup, o.variables_null);
    } else if (key == "secondary") {
      if (v.is_null()) {
        o.secondary_null = true;
        continue;
      }
      if (!v.is_array())
        shape_error("mapping.secondary must be a JSON array of contacts, or null for none");
      if (v.size() > static_cast<size_t>(kMaxSecondary)) {
        shape_error("mapping.secondary has " + std::to_string(v.size()) +
                    " contacts, more than the maximum of 10");
      }
      for (size_t i = 0; i < v.size(); ++i) {
        o.secondary.push_back(
            read_contact(v[i], "mapping.secondary[" + std::to_string(i + 1) + "]", lookup));
      }
    } else if (key == "unmapped") {
      // detect_mapping's own output may be passed back as it is.
      if (!v.is_array()) shape_error("mapping.unmapped must be a JSON array");
      for (const auto& name : v) {
        interruption_point();
        if (name.is_string()) o.unmapped.push_back(lookup.match(name.get<std::string>()));
      }
    } else {
      shape_error("mapping has unknown key \"" + key +
                  "\" (expected \"phone_number\", \"variables\" and \"secondary\")");
    }
  }
  return o;
}

std::vector<std::string> unmapped_headers(const Mapping& m,
                                          const std::vector<std::string>& headers) {
  std::unordered_set<std::string> used;
  used.insert(m.phone_column);
  for (const auto& v : m.variables) used.insert(v.second);
  for (const auto& c : m.secondary) {
    used.insert(c.phone_column);
    for (const auto& v : c.variables) used.insert(v.second);
  }
  std::vector<std::string> out;
  for (const auto& h : headers) {
    if (used.count(h) == 0 && !is_report_column(h)) out.push_back(h);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Resolution helpers

// `"A", "B", "C"`, shortened for files with very many columns.
std::string quoted_list(const std::vector<std::string>& names) {
  constexpr size_t kShown = 20;
  if (names.empty()) return "(none)";
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += quote_value(names[i], 60);  // a 1 MiB header must not make a 1 MiB message
  }
  if (names.size() > kShown) out += " and " + std::to_string(names.size() - kShown) + " more";
  return out;
}

class ColumnIndex {
 public:
  explicit ColumnIndex(const std::vector<std::string>& headers) : headers_(headers) {
    for (size_t i = 0; i < headers.size(); ++i) index_.emplace(headers[i], static_cast<int>(i));
  }

  // -1 for "", the column's index, or a FileError naming the missing column.
  int find(const std::string& header, const std::string& field) const {
    if (header.empty()) return -1;
    auto it = index_.find(header);
    if (it != index_.end()) return it->second;
    throw FileError(codes::mapping_column_missing.code,
                    "the mapping names column " + quote_value(header, 60) + " for " + field +
                        ", but the file has no such column; its columns are " +
                        quoted_list(headers_),
                    codes::mapping_column_missing.hint);
  }

 private:
  const std::vector<std::string>& headers_;
  std::unordered_map<std::string, int> index_;
};

// The assistant variable a mapping key names: the exact name, or else the
// only variable with the same normalised name. nullptr when none.
const VariableSpec* find_variable(const std::string& key, const std::vector<VariableSpec>& vars) {
  for (const auto& v : vars) {
    if (v.name == key) return &v;
  }
  const std::string norm = normalize_header(key);
  const VariableSpec* found = nullptr;
  for (const auto& v : vars) {
    if (normalize_header(v.name) != norm) continue;
    if (found != nullptr) return nullptr;
    found = &v;
  }
  return found;
}

bool has_default(const VariableSpec& v) {
  return v.default_value.has_value() && !v.default_value->empty();
}

void check_required(const std::vector<ResolvedField>& fields,
                    const std::vector<std::string>& headers) {
  std::vector<std::string> missing;
  for (const auto& f : fields) {
    if (f.spec != nullptr && f.column < 0 && f.spec->required && !has_default(*f.spec)) {
      missing.push_back(f.name);
    }
  }
  if (missing.empty()) return;
  const bool one = missing.size() == 1;
  const std::string example = missing.front();
  throw FileError(codes::required_column_missing.code,
                  std::string(one ? "required variable " : "required variables ") +
                      quoted_list(missing) + (one ? " has" : " have") +
                      " no column in the file; its columns are " + quoted_list(headers),
                  "Add a \"" + example +
                      "\" column to the file, map a column to it with {\"mapping\": " +
                      "{\"phone_number\": \"<header>\", \"variables\": {\"" + example +
                      "\": \"<header>\"}}}, or give the variable a default value.");
}

// ---------------------------------------------------------------------------
// Detection with options.mapping over it

// The assistant variable each options.mapping variable entry names (exact
// names first, so a normalised match never takes a variable that is also
// named exactly, as resolve_mapping does); -1 for a name that is not an
// assistant variable.
std::vector<int> given_targets(const GivenVariables& given, const std::vector<VariableSpec>& vars) {
  std::vector<int> target(given.size(), -1);
  std::vector<bool> claimed(vars.size(), false);
  std::unordered_map<std::string, int> by_name;
  for (size_t i = 0; i < vars.size(); ++i) by_name.try_emplace(vars[i].name, static_cast<int>(i));
  for (size_t i = 0; i < given.size(); ++i) {
    auto it = by_name.find(given[i].first);
    if (it != by_name.end() && !claimed[it->second]) {
      target[i] = it->second;
      claimed[it->second] = true;
    }
  }
  for (size_t i = 0; i < given.size(); ++i) {
    if (target[i] >= 0) continue;
    const VariableSpec* v = find_variable(given[i].first, vars);
    if (v == nullptr) continue;
    const int vi = static_cast<int>(v - vars.data());
    if (claimed[vi]) continue;
    target[i] = vi;
    claimed[vi] = true;
  }
  return target;
}

// The mapping: detection (rules below) with `ov` over it. Each header feeds
// at most one detected field, and a header options.mapping names (or lists
// as unmapped) is never detected for another field. A field options.mapping
// nulls is detected like the others and then dropped, so the column it would
// have taken stays unmapped rather than moving to another field.
//
// Detection rules, in the order they claim headers (the error report's own
// columns are skipped and never unmapped):
//  1. Primary phone: a header named "phone_number" (normalised); else the
//     first phone synonym (is_phone_header, or "<phone word> 1" such as
//     "Telephone 1" or Google's "Phone 1 - Value"); else "Number". A header
//     that is also a variable's exact name is taken only when no other
//     candidate exists.
//  2. Each assistant variable (in position order) takes the first header with
//     its normalised name.
//  3. No phone yet: the first header ending in "phone", "phonenumber",
//     "phoneno", "mobilenumber" or "telephone" ("Work Phone"), unless it
//     starts with "secondary".
//  4. Secondary contacts 1..slot_count (columns for a higher N stay
//     unmapped): see parse_secondary for the explicit columns, then
//     detect_numbered_phones for "Phone 2", "Mobile 3", "Phone 2 - Value"...
//  5. Variables still without a column take a synonym (synonym_families).
// Everything left is unmapped, in header order.
Mapping build_mapping(const std::vector<std::string>& headers,
                      const std::vector<VariableSpec>& vars, int slot_count, const Overrides& ov) {
  std::vector<Header> hs;
  hs.reserve(headers.size());
  for (const auto& name : headers) {
    interruption_point();
    std::string exact = normalize_header(name);
    std::string norm = detection_key(exact);
    hs.push_back(Header{name, std::move(norm), std::move(exact), is_report_column(name), false});
  }
  const HeaderIndex index(hs);
  const std::vector<size_t> order = position_order(vars);
  std::set<std::string> variable_norms;
  std::unordered_map<std::string, std::string> variable_by_norm;
  for (const auto& v : vars) {
    const std::string norm = normalize_header(v.name);
    variable_norms.insert(norm);
    variable_by_norm.try_emplace(norm, v.name);
  }

  // What options.mapping names is taken before detection starts.
  auto claim = [&](const Given& g) {
    if (!g.is_header()) return;
    int i = index.named(g.header);
    if (i >= 0) hs[i].used = true;
  };
  claim(ov.phone);
  for (const auto& v : ov.variables) claim(v.second);
  for (const auto& c : ov.secondary) {
    claim(c.phone);
    for (const auto& v : c.variables) claim(v.second);
  }
  for (const auto& name : ov.unmapped) claim(Given{Given::State::header, name});

  // Which assistant variables options.mapping names, and how.
  const std::vector<int> target = given_targets(ov.variables, vars);
  std::vector<const Given*> variable_given(vars.size(), nullptr);
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] >= 0) variable_given[target[i]] = &ov.variables[i].second;
  }
  auto variable_fixed = [&](size_t vi) {
    return variable_given[vi] != nullptr && variable_given[vi]->is_header();
  };

  // 1. The primary phone, before variables: it is the one column every row needs.
  int phone = -1;
  if (!ov.phone.is_header()) {
    phone = pick_primary_phone(hs, variable_norms);
    if (phone >= 0) hs[phone].used = true;
  }

  // 2. Variables by their own name, so a synonym never takes another
  //    variable's exact column.
  std::vector<int> variable_column(vars.size(), -1);
  for (size_t vi : order) {
    if (variable_fixed(vi)) continue;
    const std::string norm = normalize_header(vars[vi].name);
    if (norm.empty()) continue;
    int i = index.first_unused_exact(norm);
    if (i >= 0) {
      variable_column[vi] = i;
      hs[i].used = true;
    }
  }
  if (phone < 0 && !ov.phone.is_header()) {
    phone = pick_phone_by_suffix(hs);
    if (phone >= 0) hs[phone].used = true;
  }

  // 3. Secondary contacts: what options.mapping gives first, then explicit
  //    columns, then numbered phones.
  std::vector<Slot> slots(std::clamp(slot_count, 0, kMaxSecondary));
  for (size_t s = 0; s < slots.size(); ++s) {
    if (ov.secondary_null) slots[s].dropped = true;
    if (s >= ov.secondary.size()) continue;
    const GivenContact& c = ov.secondary[s];
    if (c.null) {
      slots[s].dropped = true;
      continue;
    }
    if (!c.phone.absent()) slots[s].phone = kGiven;
    for (const auto& v : c.variables) slots[s].taken.insert(normalize_header(v.first));
  }
  detect_explicit_secondary(hs, variable_by_norm, slots);
  detect_numbered_phones(hs, slots);

  // 4. Variables still without a column, by synonym.
  for (size_t vi : order) {
    if (variable_column[vi] >= 0 || variable_fixed(vi)) continue;
    const SynonymFamily* family = family_of(normalize_header(vars[vi].name));
    if (family == nullptr) continue;
    for (const auto& synonym : family->headers) {
      int i = index.first_unused(synonym);
      if (i < 0) continue;
      variable_column[vi] = i;
      hs[i].used = true;
      break;
    }
  }

  // The result: options.mapping's fields, detection for the others.
  Mapping m;
  if (ov.phone.is_header()) {
    m.phone_column = ov.phone.header;
  } else if (ov.phone.absent() && phone >= 0) {
    m.phone_column = hs[phone].name;
  }
  for (size_t vi : order) {
    const Given* g = variable_given[vi];
    if (g != nullptr && g->is_header()) {
      m.variables.emplace_back(vars[vi].name, g->header);
    } else if (g == nullptr && !ov.variables_null && variable_column[vi] >= 0) {
      m.variables.emplace_back(vars[vi].name, hs[variable_column[vi]].name);
    }
  }
  for (size_t i = 0; i < ov.variables.size(); ++i) {  // names that are not assistant variables
    if (target[i] < 0 && ov.variables[i].second.is_header())
      m.variables.emplace_back(ov.variables[i].first, ov.variables[i].second.header);
  }
  // Empty slots are dropped, so contacts stay numbered 1, 2, ... in column
  // order. A slot with variables but no phone is kept: its cells then become
  // row errors instead of being dropped unseen.
  for (size_t s = 0; s < slots.size(); ++s) {
    const Slot& slot = slots[s];
    if (slot.dropped) continue;
    const GivenContact* g = s < ov.secondary.size() ? &ov.secondary[s] : nullptr;
    ContactMapping c;
    if (g != nullptr && g->phone.is_header()) {
      c.phone_column = g->phone.header;
    } else if (slot.phone >= 0) {
      c.phone_column = hs[slot.phone].name;
    }
    if (g != nullptr) {
      for (const auto& v : g->variables) {
        if (!v.second.is_header()) continue;
        const VariableSpec* spec = find_variable(v.first, vars);
        c.variables.emplace_back(spec != nullptr ? spec->name : v.first, v.second.header);
      }
    }
    if (g == nullptr || !g->variables_null) {
      for (const auto& v : slot.variables) c.variables.emplace_back(v.first, hs[v.second].name);
    }
    if (c.phone_column.empty() && c.variables.empty()) continue;
    m.secondary.push_back(std::move(c));
  }
  m.unmapped = unmapped_headers(m, headers);
  return m;
}

// The columns of the contacts past the first `keep`, for a message.
std::vector<std::string> contact_columns(const Mapping& m, size_t keep) {
  std::vector<std::string> out;
  for (size_t i = keep; i < m.secondary.size(); ++i) {
    if (!m.secondary[i].phone_column.empty()) out.push_back(m.secondary[i].phone_column);
    for (const auto& v : m.secondary[i].variables) out.push_back(v.second);
  }
  return out;
}

[[noreturn]] void secondary_columns_unused(const Mapping& m, int allowed) {
  const size_t found = m.secondary.size();
  const std::string columns = quoted_list(contact_columns(m, static_cast<size_t>(allowed)));
  // The options that import the file as the user may mean it: all contacts,
  // or only the first `allowed` (the others nulled in the mapping).
  std::string only_first = "{\"mapping\": {\"secondary\": null}}";
  if (allowed > 0) {
    only_first = "{\"mapping\": {\"secondary\": [";
    for (size_t i = 0; i < found; ++i) {
      if (i > 0) only_first += ", ";
      only_first += i < static_cast<size_t>(allowed) ? "{}" : "null";
    }
    only_first += "]}}";
  }
  throw FileError(codes::secondary_columns_unused.code,
                  "the header has " + std::to_string(found) +
                      (found == 1 ? " secondary contact" : " secondary contacts") +
                      " but secondary_contacts is " + std::to_string(allowed) +
                      ", so these columns would not be imported: " + columns,
                  "Leave \"secondary_contacts\" out to import every secondary contact the header "
                  "has, set it to " +
                      std::to_string(found) + ", or leave the other contacts unmapped with " +
                      only_first + ".");
}

}  // namespace

// ---------------------------------------------------------------------------

Mapping choose_mapping(const std::vector<std::string>& headers,
                       const std::vector<VariableSpec>& vars, std::optional<int> secondary_contacts,
                       const std::optional<std::string>& mapping_json) {
  Overrides ov;
  if (mapping_json) ov = read_overrides(*mapping_json, HeaderLookup(headers));
  Mapping m = build_mapping(headers, vars, kMaxSecondary, ov);
  if (secondary_contacts && static_cast<int>(m.secondary.size()) > *secondary_contacts)
    secondary_columns_unused(m, *secondary_contacts);
  return m;
}

Mapping detect_mapping(const std::vector<std::string>& headers,
                       const std::vector<VariableSpec>& vars, int secondary_contacts) {
  return build_mapping(headers, vars, secondary_contacts, Overrides{});
}

Mapping parse_mapping(const std::string& json, const std::vector<std::string>& headers) {
  const Overrides ov = read_overrides(json, HeaderLookup(headers));
  Mapping m;
  if (ov.phone.is_header()) m.phone_column = ov.phone.header;
  for (const auto& v : ov.variables) {
    if (v.second.is_header()) m.variables.emplace_back(v.first, v.second.header);
  }
  for (const auto& g : ov.secondary) {
    if (g.null) continue;
    ContactMapping c;
    if (g.phone.is_header()) c.phone_column = g.phone.header;
    for (const auto& v : g.variables) {
      if (v.second.is_header()) c.variables.emplace_back(v.first, v.second.header);
    }
    m.secondary.push_back(std::move(c));
  }
  m.unmapped = unmapped_headers(m, headers);
  return m;
}

int mapped_secondary_count(const std::string& json) {
  const Overrides ov = read_overrides(json, HeaderLookup({}));
  if (ov.secondary_null) return 0;
  return static_cast<int>(std::count_if(ov.secondary.begin(), ov.secondary.end(),
                                        [](const GivenContact& c) { return !c.null; }));
}

std::string mapping_to_json(const Mapping& m) {
  auto variables_json = [](const std::vector<std::pair<std::string, std::string>>& vars) {
    ordered_json out = ordered_json::object();
    for (const auto& v : vars) out[v.first] = v.second;
    return out;
  };
  ordered_json j = ordered_json::object();
  if (!m.phone_column.empty()) j["phone_number"] = m.phone_column;
  j["variables"] = variables_json(m.variables);
  j["secondary"] = ordered_json::array();
  for (const auto& c : m.secondary) {
    ordered_json contact = ordered_json::object();
    if (!c.phone_column.empty()) contact["phone_number"] = c.phone_column;
    contact["variables"] = variables_json(c.variables);
    j["secondary"].push_back(std::move(contact));
  }
  j["unmapped"] = m.unmapped;
  // Header names come from files: never let one bad byte abort the dump.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The fields' `spec` pointers point into `vars`, which must outlive the result.
ResolvedMapping resolve_mapping(const Mapping& m, const std::vector<std::string>& headers,
                                const std::vector<VariableSpec>& vars) {
  if (m.phone_column.empty()) {
    throw FileError(codes::no_phone_column.code,
                    "no phone number column found; the file's columns are " + quoted_list(headers),
                    codes::no_phone_column.hint);
  }
  const ColumnIndex index(headers);
  ResolvedMapping r;
  r.headers = headers;
  r.phone_column = index.find(m.phone_column, "phone_number");

  // Which assistant variable each mapping entry feeds: exact names first, so
  // a normalised match never takes a variable that is also named exactly.
  std::vector<const VariableSpec*> target(m.variables.size(), nullptr);
  std::set<const VariableSpec*> claimed;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < m.variables.size(); ++i) {
      if (target[i] != nullptr) continue;
      const VariableSpec* v = nullptr;
      if (pass == 0) {
        for (const auto& spec : vars) {
          if (spec.name == m.variables[i].first) v = &spec;
        }
      } else {
        v = find_variable(m.variables[i].first, vars);
      }
      if (v != nullptr && claimed.insert(v).second) target[i] = v;
    }
  }

  for (size_t vi : position_order(vars)) {
    ResolvedField f{vars[vi].name, -1, &vars[vi]};
    for (size_t i = 0; i < m.variables.size(); ++i) {
      if (target[i] == &vars[vi]) f.column = index.find(m.variables[i].second, f.name);
    }
    r.fields.push_back(std::move(f));
  }
  for (size_t i = 0; i < m.variables.size(); ++i) {
    if (target[i] != nullptr) continue;
    const auto& entry = m.variables[i];
    r.fields.push_back(ResolvedField{entry.first, index.find(entry.second, entry.first), nullptr});
  }

  for (size_t ci = 0; ci < m.secondary.size(); ++ci) {
    const ContactMapping& c = m.secondary[ci];
    const std::string label = "secondary contact " + std::to_string(ci + 1);
    ResolvedContact rc;
    rc.phone_column = index.find(c.phone_column, label + "'s phone_number");
    for (const auto& entry : c.variables) {
      const VariableSpec* spec = find_variable(entry.first, vars);
      rc.fields.push_back(ResolvedField{spec != nullptr ? spec->name : entry.first,
                                        index.find(entry.second, label + "'s " + entry.first),
                                        spec});
    }
    r.secondary.push_back(std::move(rc));
  }

  check_required(r.fields, headers);
  return r;
}

}  // namespace leadimport
