// Writes valid rows as leads and contacts and tells which rows lost their
// phone number to a lead the campaign already has, or to an earlier row of
// the same batch. A batch goes through PostgreSQL's COPY machinery
// (pg/copy_in) in a subtransaction; after a unique violation (another
// session took a number meanwhile), on tables under row-level security
// (COPY refuses them), or on Citus tables (pg/citus.hpp), it is written with
// INSERT ... ON CONFLICT DO NOTHING.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/dedupe/phone_filter.hpp"
#include "core/check/row_check.hpp"

namespace leadimport::pipeline {

struct PendingLead {
  int64_t row = 0;
  std::string e164;
  std::string variables_json;
  std::vector<CheckedContact> contacts;
  std::string row_data;  // the raw row as JSON, should it be rejected after all
};

// A batch row whose phone belongs to a lead already in the campaign.
struct Rejected {
  size_t index = 0;         // into the batch
  int64_t lead = 0;         // the lead that holds the number (0: unknown)
  int64_t lead_import = 0;  // that lead's import (0: none)
  int64_t lead_row = 0;     // that lead's source row
};

class LeadWriter {
 public:
  LeadWriter(int64_t campaign_id, int64_t import_id);
  ~LeadWriter();

  // Appends to `out` the batch rows whose phone is already a lead of the
  // campaign, without writing anything (all-or-nothing checks).
  void probe(const std::vector<PendingLead>& batch, std::vector<Rejected>& out);

  // Inserts the batch with its contacts. A row whose number is taken (earlier
  // in this file, earlier in the campaign, or by a concurrent import) is not
  // inserted and is appended to `lost` with the lead that holds it. Returns
  // the number of leads inserted.
  int64_t insert(const std::vector<PendingLead>& batch, std::vector<Rejected>& lost);

  // Deletes every lead (and contact) this import inserted.
  void discard();

 private:
  struct Statements;
  struct Copies;
  // COPYs batch[rows] (already in phone order) and their contacts in a
  // subtransaction; false, with nothing written, after a unique violation.
  bool copy_batch(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                  std::vector<int64_t>& lead_of, int64_t& n);
  int64_t copy(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
               std::vector<int64_t>& lead_of);
  // INSERT ... ON CONFLICT DO NOTHING of batch[rows] and their contacts;
  // lead_of[i] = the new lead's id, 0 where the number was taken.
  int64_t write(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                std::vector<int64_t>& lead_of);
  void find_owners(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                   std::vector<Rejected>& out);
  void load_filter();
  int64_t campaign_id_;
  int64_t import_id_;
  std::unique_ptr<Statements> st_;
  std::unique_ptr<Copies> copies_;
  // The campaign's numbers (loaded once, then every number inserted): only
  // rows it says "maybe" for are looked up in the leads table.
  PhoneFilter filter_;
  bool filter_loaded_ = false;
};

}  // namespace leadimport::pipeline
