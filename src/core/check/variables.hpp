// Campaign variables: their specification and the checks of one cell.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadimport {

enum class VarType { text, number, boolean };

struct VariableSpec {
  std::string name;
  VarType type = VarType::text;
  bool required = false;
  std::optional<int> max_length;  // in characters
  std::optional<std::string> default_value;
  int position = 0;
};

// Parses "text"/"number"/"boolean"; throws UsageError otherwise.
VarType parse_var_type(const std::string& s);

struct CellProblem {
  std::string code;     // stable error code, e.g. "invalid_number"
  std::string message;  // a sentence naming the value
  std::string hint;     // how to fix it
};

// Checks one non-empty cell against `spec` (type and max_length; `required`
// and defaults are the caller's). On success sets `json` to the value as JSON
// text (a string, number or true/false) and returns nothing.
std::optional<CellProblem> check_value(const VariableSpec& spec, std::string_view cell,
                                       std::string& json);

// As check_value, but appends the JSON text to `out` (left untouched on a
// problem), so a caller building a JSON object needs no buffer per cell.
// `label` is what the hint calls the cell (default: the variable's name); a
// secondary contact's cell is named by its column, secondary_1_age, since
// "age" is the primary contact's column.
std::optional<CellProblem> append_value(const VariableSpec& spec, std::string_view cell,
                                        std::string& out, std::string_view label = {});

}  // namespace leadimport
