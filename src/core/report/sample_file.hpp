// The CSV template a campaign expects: its assistant's variables in position
// order, the secondary contact columns, and example rows that import cleanly.
#pragma once

#include <string>
#include <vector>

#include "core/check/variables.hpp"

namespace leadimport {

std::string sample_file(const std::vector<VariableSpec>& vars, int secondary_contacts);

}  // namespace leadimport
