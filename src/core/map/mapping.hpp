// Which file column feeds which system field: detected from header names or
// given explicitly in options.mapping; then resolved to column indexes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/check/variables.hpp"

namespace leadimport {

struct ContactMapping {
  std::string phone_column;                                    // header name
  std::vector<std::pair<std::string, std::string>> variables;  // variable -> header
};

struct Mapping {
  std::string phone_column;
  std::vector<std::pair<std::string, std::string>> variables;  // variable -> header
  std::vector<ContactMapping> secondary;                       // contact 1, 2, ...
  std::vector<std::string> unmapped;                           // headers no field uses
};

// The mapping an import uses (SPEC "Mapping"; README "Mapping"): detection,
// with the fields options.mapping (`mapping_json`) names put over it — a
// header replaces what detection found, null leaves the field unmapped, the
// fields it does not name are still detected. `secondary_contacts` is the
// option: nullopt detects as many contacts as the header has (up to 10).
// Throws UsageError when the mapping's shape is wrong, and FileError
// "secondary_columns_unused" when the header has more secondary contacts
// than an explicit secondary_contacts allows (data is never dropped unseen).
Mapping choose_mapping(const std::vector<std::string>& headers,
                       const std::vector<VariableSpec>& vars, std::optional<int> secondary_contacts,
                       const std::optional<std::string>& mapping_json);

// Detection alone, for secondary contacts 1..secondary_contacts (the
// columns of higher contacts stay unmapped).
Mapping detect_mapping(const std::vector<std::string>& headers,
                       const std::vector<VariableSpec>& vars, int secondary_contacts);

// Reads an explicit mapping (the JSON text of options.mapping) alone: the
// fields it names (null ones empty), and the headers it leaves unused.
// Throws UsageError when its shape is wrong.
Mapping parse_mapping(const std::string& json, const std::vector<std::string>& headers);

// How many secondary contacts an options.mapping names (its non-null
// entries), for the check against an explicit secondary_contacts at call time.
// Throws UsageError when the mapping's shape is wrong.
int mapped_secondary_count(const std::string& json);

// The mapping as JSON text, in the SPEC's shape plus "unmapped".
std::string mapping_to_json(const Mapping& m);

// A mapping with column indexes, ready for row checks.
struct ResolvedField {
  std::string name;                    // variable name
  int column = -1;                     // -1: no column (default may apply)
  const VariableSpec* spec = nullptr;  // nullptr: not an assistant variable (kept as text)
};
struct ResolvedContact {
  int phone_column = -1;
  std::vector<ResolvedField> fields;
};
struct ResolvedMapping {
  int phone_column = -1;
  std::vector<ResolvedField> fields;  // every assistant variable, then extra mapped names
  std::vector<ResolvedContact> secondary;
  std::vector<std::string> headers;
};

// Throws FileError: "no_phone_column", "mapping_column_missing",
// "required_column_missing" (a required variable without column or default).
ResolvedMapping resolve_mapping(const Mapping& m, const std::vector<std::string>& headers,
                                const std::vector<VariableSpec>& vars);

}  // namespace leadimport
