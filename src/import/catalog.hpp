// What the pipeline needs to know about a campaign before reading a file.
#pragma once

#include <cstdint>
#include <vector>

#include "core/check/variables.hpp"
#include "pg/sql_error.hpp"

namespace leadimport::pipeline {

struct Campaign {
  int64_t id = 0;
  int64_t assistant_id = 0;
  std::vector<VariableSpec> variables;  // in position order
};

// Throws pg::SqlError (undefined_object) when the campaign does not exist.
Campaign load_campaign(int64_t campaign_id);

}  // namespace leadimport::pipeline
