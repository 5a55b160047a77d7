// Which file column feeds which system field: detected from header names or
// given explicitly in options.mapping; then resolved to column indexes.
#pragma once

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

// Proposes a mapping from the headers (see README, "Mapping").
Mapping detect_mapping(const std::vector<std::string>& headers,
                       const std::vector<VariableSpec>& vars, int secondary_contacts);

// Reads an explicit mapping (the JSON text of options.mapping) and lists the
// headers it leaves unused. Throws UsageError when its shape is wrong.
Mapping parse_mapping(const std::string& json, const std::vector<std::string>& headers);

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
