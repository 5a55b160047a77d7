#include "import/duplicates.hpp"

#include "core/error_codes.hpp"

namespace leadimport::pipeline {

Holder Duplicates::holder(const Rejected& r, int64_t row) const {
  Holder h;
  // A lead of this import at another source row is an earlier row of the file.
  if (r.lead_import == import_id_ && r.lead_row > 0 && r.lead_row != row) {
    h.row = r.lead_row;
  } else {
    h.lead = r.lead;
  }
  return h;
}

Problem Duplicates::problem(const std::string& column, const std::string& e164, const Holder& h) {
  if (h.row > 0)
    return {column, codes::duplicate_in_file.code,
            "phone number " + e164 + " already appears in row " + std::to_string(h.row),
            codes::duplicate_in_file.hint};
  std::string who =
      h.lead ? "lead " + std::to_string(h.lead) : "a lead added by another import at the same time";
  return {column, codes::duplicate_in_campaign.code,
          "phone number " + e164 + " is already in the campaign (" + who + ")",
          codes::duplicate_in_campaign.hint};
}

}  // namespace leadimport::pipeline
