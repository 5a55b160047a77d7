#include <algorithm>
#include <string>
#include <vector>

#include "core/check/phone.hpp"
#include "core/check/row_check.hpp"
#include "core/check/seen_phones.hpp"
#include "core/errors.hpp"
#include "core/map/header_names.hpp"
#include "core/map/mapping.hpp"
#include "import/catalog.hpp"
#include "import/error_sink.hpp"
#include "import/import_record.hpp"
#include "import/import_run.hpp"
#include "import/lead_writer.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

int batch_size = 10000;

namespace {

std::string row_ref(int64_t row) { return "row " + std::to_string(row); }

class ImportRun {
 public:
  ImportRun(const ImportRequest& req, Campaign campaign, ImportRecord record)
      : req_(req),
        campaign_(std::move(campaign)),
        record_(record),
        phones_(req.options.phone_format, req.options.country),
        leads_(record.campaign_id(), record.id()),
        errors_(record.campaign_id(), record.id()) {}

  // Opens the source, reads the header and settles the mapping.
  void start() {
    std::string format;
    source_ = req_.open(format);
    record_.set_format(format);
    Row header;
    while (source_->next(header))
      if (!is_blank(header)) break;
    if (header.cells.empty() || is_blank(header))
      throw FileError("empty_file", "the file is empty",
                      "Export the sheet again; the first row must be the header.");
    headers_ = unique_headers(header.cells);
    Mapping m = req_.options.mapping_json
                    ? parse_mapping(*req_.options.mapping_json, headers_)
                    : detect_mapping(headers_, campaign_.variables,
                                     req_.options.secondary_contacts);
    if (static_cast<int>(m.secondary.size()) > req_.options.secondary_contacts && 
        req_.options.mapping_json)
      throw UsageError("the mapping has " + std::to_string(m.secondary.size()) +
                           " secondary contacts but secondary_contacts is " +
                           std::to_string(req_.options.secondary_contacts),
                       "Set the \"secondary_contacts\" option to the number of secondary "
                       "contacts in the mapping.");
    record_.set_mapping(mapping_to_json(m), headers_);
    resolved_ = resolve_mapping(m, headers_, campaign_.variables);
    checker_ = std::make_unique<RowChecker>(resolved_, phones_);
  }

  // Processes up to `max_rows` data rows; false once the source is exhausted.
  bool step(int64_t max_rows) {
    int64_t done = 0;
    while (done < max_rows) {
      if (!source_->next(row_)) {
        flush();
        return false;
      }
      if (is_blank(row_)) continue;
      done++;
      counts_.total++;
      take(row_);
      if (pending_.size() >= static_cast<size_t>(batch_size) ||
          errors_.pending() >= static_cast<size_t>(batch_size))
        flush();
    }
    flush();
    return true;
  }

  // Settles the outcome: completed, or failed when all-or-nothing was asked
  // for and some row is bad.
  Outcome finish() {
    Outcome out;
    out.import_id = record_.id();
    if (counts_.total == 0)
      throw FileError("no_data_rows", "the file has a header row but no data rows",
                      "Add the leads below the header row.");
    if (all_or_nothing() && counts_.failed > 0) {
      leads_.discard();
      counts_.imported = 0;
      out.failed = true;
      out.error_code = "rows_invalid";
      out.error = std::to_string(counts_.failed) + " of " + std::to_string(counts_.total) +
                  " rows have errors; nothing was imported because ignore_errors is false";
      out.hint =
          "See leadimport.error_report(" + std::to_string(record_.id()) +
          ") for the rows to fix, then import the file again, or set ignore_errors to true.";
      record_.fail(counts_, out.error_code, out.error);
      return out;
    }
    record_.complete(counts_);
    return out;
  }

  // A file problem: nothing of this import may stay.
  Outcome fail(const FileError& e) {
    leads_.discard();
    errors_.discard();
    counts_.imported = 0;
    Outcome out;
    out.import_id = record_.id();
    out.failed = true;
    out.error_code = e.code();
    out.error = e.what();
    out.hint = e.hint();
    record_.fail(counts_, e.code(), e.what());
    return out;
  }

 private:
  bool all_or_nothing() const { return !req_.options.ignore_errors; }

  void take(const Row& row) {
    checker_->check(row, checked_);
    if (!checked_.problems.empty()) {
      std::string data = row_to_json(row, headers_);
      for (const auto& p : checked_.problems) errors_.add(row.number, data, p);
      counts_.failed++;
      counts_.processed++;
      return;
    }
    if (int64_t first = seen_.first_row(checked_.e164, row.number)) {
      errors_.add(row.number, row_to_json(row, headers_),
                  {header(resolved_.phone_column), "duplicate_in_file",
                   "phone number " + checked_.e164 + " already appears in " + row_ref(first),
                   "Remove one of the two rows, or correct the number if it is a typo."});
      counts_.failed++;
      counts_.processed++;
      return;
    }
    PendingLead lead;
    lead.row = row.number;
    lead.e164 = checked_.e164;
    lead.variables_json = checked_.variables_json;
    lead.contacts = checked_.contacts;
    lead.row_data = row_to_json(row, headers_);
    pending_.push_back(std::move(lead));
  }

  // Writes the pending leads (or, once all-or-nothing has failed, only finds
  // their duplicates) and the pending errors.
  void flush() {
    rejected_.clear();
    leads_.probe(pending_, rejected_);
    bool write = !(all_or_nothing() && (counts_.failed > 0 || !rejected_.empty()));
    if (write) {
      lost_.clear();
      counts_.imported += leads_.insert(pending_, rejected_, lost_);
      rejected_.insert(rejected_.end(), lost_.begin(), lost_.end());
    }
    for (const auto& r : rejected_) {
      const PendingLead& lead = pending_[r.index];
      std::string who = r.existing_lead ? "lead " + std::to_string(r.existing_lead)
                                        : "a lead added by another import at the same time";
      errors_.add(lead.row, lead.row_data,
                  {header(resolved_.phone_column), "duplicate_in_campaign",
                   "phone number " + lead.e164 + " is already in the campaign (" + who + ")",
                   "Remove the row: the campaign already calls this number."});
    }
    counts_.failed += static_cast<int64_t>(rejected_.size());
    counts_.processed += static_cast<int64_t>(pending_.size());
    pending_.clear();
    errors_.flush();
    pg::check_interrupts();
  }

  std::string header(int column) const {
    return column >= 0 && column < static_cast<int>(headers_.size()) ? headers_[column] : "";
  }

  const ImportRequest& req_;
  Campaign campaign_;
  ImportRecord record_;
  PhoneChecker phones_;
  LeadWriter leads_;
  ErrorSink errors_;
  std::unique_ptr<RowSource> source_;
  std::vector<std::string> headers_;
  ResolvedMapping resolved_;
  std::unique_ptr<RowChecker> checker_;
  SeenPhones seen_;
  Counts counts_;
  Row row_;
  CheckedRow checked_;
  std::vector<PendingLead> pending_;
  std::vector<Rejected> rejected_, lost_;
};

void check_request(const ImportRequest& req) {
  const auto& o = req.options;
  if (o.phone_format == PhoneMode::national && !PhoneChecker::is_known_region(o.country))
    throw UsageError("unknown country \"" + o.country + "\"",
                     "Give an ISO 3166 region code such as US, GB or DE.");
  if (o.background == Background::yes)
    throw pg::SqlError(ERRCODE_FEATURE_NOT_SUPPORTED,
                       "background imports are not available in this version",
                       "Import with {\"background\": false} (the default runs in the foreground).");
}

}  // namespace

Outcome run_import(const ImportRequest& request) {
  check_request(request);
  Campaign campaign = load_campaign(request.campaign_id);
  ImportRecord record = ImportRecord::create(request.campaign_id, request.file_name,
                                             request.options.format, request.options_json);
  ImportRun run(request, std::move(campaign), record);
  try {
    run.start();
    while (run.step(batch_size)) {
    }
    return run.finish();
  } catch (const FileError& e) {
    return run.fail(e);
  }
}

}  // namespace leadimport::pipeline
