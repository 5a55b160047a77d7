// Writes valid rows as leads and contacts, one batch per statement, and finds
// the rows whose phone number the campaign already has.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/check/row_check.hpp"

namespace leadimport::pipeline {

struct PendingLead {
  int64_t row = 0;
  std::string e164;
  std::string variables_json;
  std::vector<CheckedContact> contacts;
  std::string row_data;  // the raw row as JSON, should it be rejected after all
};

// A batch row that was not inserted because the campaign has its phone.
struct Rejected {
  size_t index = 0;          // into the batch
  int64_t existing_lead = 0;  // the lead that holds the number; 0 if a concurrent import took it
};

class LeadWriter {
 public:
  LeadWriter(int64_t campaign_id, int64_t import_id);
  ~LeadWriter();

  // Appends to `out` the batch rows whose phone is already a lead of the campaign.
  void probe(const std::vector<PendingLead>& batch, std::vector<Rejected>& out);

  // Inserts the batch rows not listed in `skip` (sorted by index) with their
  // contacts; rows that lose a race with a concurrent import are appended to
  // `lost`. Returns the number of leads inserted.
  int64_t insert(const std::vector<PendingLead>& batch, const std::vector<Rejected>& skip,
                 std::vector<Rejected>& lost);

  // Deletes every lead (and contact) this import inserted.
  void discard();

  // The phones (and source rows) this import has inserted so far: a resumed
  // import rebuilds its in-file duplicate set from them.
  std::vector<std::pair<std::string, int64_t>> imported_phones();

 private:
  struct Statements;
  int64_t campaign_id_;
  int64_t import_id_;
  std::unique_ptr<Statements> st_;
};

}  // namespace leadimport::pipeline
