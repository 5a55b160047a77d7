#include <string>

#include "core/errors.hpp"
#include "import/catalog.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"

namespace leadimport::pipeline {

Campaign load_campaign(int64_t campaign_id) {
  Campaign c;
  c.id = campaign_id;
  if (pg::exec("SELECT assistant_id FROM leadimport.campaigns WHERE id = $1",
               {pg::int8_param(campaign_id)}, true) == 0)
    throw pg::SqlError(ERRCODE_UNDEFINED_OBJECT,
                       "campaign " + std::to_string(campaign_id) + " does not exist",
                       "Create it in leadimport.campaigns first, or check the id.");
  c.assistant_id = pg::result_int8(0, 0).value_or(0);

  uint64_t n = pg::exec(
      "SELECT name, data_type, required, max_length, default_value, position"
      "  FROM leadimport.assistant_variables WHERE assistant_id = $1"
      " ORDER BY position, name",
      {pg::int8_param(c.assistant_id)}, true);
  for (uint64_t i = 0; i < n; i++) {
    VariableSpec v;
    v.name = pg::result_text(i, 0).value_or("");
    v.type = parse_var_type(pg::result_text(i, 1).value_or("text"));
    v.required = pg::result_bool(i, 2).value_or(false);
    if (auto m = pg::result_int4(i, 3)) v.max_length = *m;
    if (auto d = pg::result_text(i, 4)) v.default_value = *d;
    v.position = pg::result_int4(i, 5).value_or(0);
    c.variables.push_back(std::move(v));
  }
  return c;
}

}  // namespace leadimport::pipeline
