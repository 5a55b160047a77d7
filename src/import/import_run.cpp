#include <algorithm>
#include <string>
#include <vector>

#include "core/check/phone.hpp"
#include "core/check/row_check.hpp"
#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/map/header_names.hpp"
#include "core/map/mapping.hpp"
#include "import/duplicates.hpp"
#include "import/error_sink.hpp"
#include "import/import_run.hpp"
#include "import/lead_writer.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

int batch_size = 10000;

namespace {
// A batch is also cut once what it holds passes this many bytes: rows of
// 1 MiB cells must not pile up batch_size deep (issue 10). Real lead rows
// (~100 bytes) never reach it, so the batches of normal files are unchanged.
constexpr size_t kBatchBytes = size_t{8} << 20;
}  // namespace

struct Pipeline::Impl {
  Impl(const ImportRequest& req, Campaign campaign, ImportRecord record, RunMode mode)
      : req(req),
        campaign(std::move(campaign)),
        record(record),
        mode(mode),
        phones(req.options.phone_format, req.options.country),
        leads(record.campaign_id(), record.id()),
        errors(record.campaign_id(), record.id()),
        // The unique index finds duplicates of rows inserted; a run that may
        // insert nothing (all or nothing, validate) remembers the numbers.
        duplicates(record.id(), !req.options.ignore_errors || mode == RunMode::validate) {}

  const ImportRequest& req;
  Campaign campaign;
  ImportRecord record;
  RunMode mode;
  PhoneChecker phones;
  LeadWriter leads;
  ErrorSink errors;
  Duplicates duplicates;
  std::unique_ptr<RowSource> source;
  std::vector<std::string> headers;
  ResolvedMapping resolved;
  std::unique_ptr<RowChecker> checker;
  Counts counts;
  int64_t last_row = 0;
  Row row;
  CheckedRow checked;
  std::vector<PendingLead> pending;
  size_t pending_bytes = 0;  // of `pending`
  std::vector<Rejected> rejected;

  bool all_or_nothing() const { return !req.options.ignore_errors; }
  bool inserting() const {
    return mode == RunMode::import && !(all_or_nothing() && counts.failed > 0);
  }

  std::string header(int column) const {
    return column >= 0 && column < static_cast<int>(headers.size()) ? headers[column] : "";
  }

  void start(int64_t resume_after, const Counts& resumed) {
    std::string format;
    source = req.open(format);
    record.set_format(format);
    Row head;
    while (source->next(head))
      if (!is_blank_row(head)) break;
    if (head.cells.empty() || is_blank_row(head))
      throw FileError(codes::empty_file.code, "the file is empty",
                      "Export the sheet again; the first row must be the header.");
    headers = unique_headers(head.cells);
    last_row = head.number;
    Mapping m = choose_mapping(headers, campaign.variables, req.options.secondary_contacts,
                               req.options.mapping_json);
    record.set_mapping(mapping_to_json(m), headers);
    resolved = resolve_mapping(m, headers, campaign.variables);
    checker = std::make_unique<RowChecker>(resolved, phones);
    if (resume_after > 0) resume(resume_after, resumed);
  }

  // Skips the rows already done and restores the counters. Duplicates of
  // rows committed as leads are found in the leads table; a run that
  // remembers the file's numbers itself (all or nothing, validate) checks the
  // skipped rows again to rebuild that memory, or a number seen before the
  // resume point and again after it would go unreported (issue 16).
  void resume(int64_t after, const Counts& resumed) {
    counts = resumed;
    while (last_row < after && source->next(row)) {
      interruption_point();
      last_row = row.number;
      if (!duplicates.remembers() || checker->blank(row)) continue;
      checker->check(row, checked);
      if (checked.problems.empty()) duplicates.remember(checked.e164, row.number);
    }
  }

  bool step(int64_t max_rows) {
    int64_t done = 0;
    while (done < max_rows) {
      if (!source->next(row)) {
        flush();
        return false;
      }
      last_row = row.number;
      interruption_point();
      if (checker->blank(row)) continue;  // only spaces, or a report's file-error line
      done++;
      take();
      if (pending.size() >= static_cast<size_t>(batch_size) ||
          errors.pending() >= static_cast<size_t>(batch_size) ||
          pending_bytes + errors.pending_bytes() >= kBatchBytes)
        flush();
    }
    flush();
    return true;
  }

  void take() {
    checker->check(row, checked);
    if (!checked.problems.empty()) {
      errors.add(row.number, row_to_json(row), checked.problems);
      counts.failed++;
      counts.processed++;
      return;
    }
    if (int64_t first = duplicates.earlier_row(checked.e164, row.number)) {
      Holder h;
      h.row = first;
      errors.add(row.number, row_to_json(row),
                 {Duplicates::problem(header(resolved.phone_column), checked.e164, h)});
      counts.failed++;
      counts.processed++;
      return;
    }
    PendingLead lead;
    lead.row = row.number;
    lead.e164 = checked.e164;
    lead.variables_json = checked.variables_json;
    lead.contacts = checked.contacts;
    lead.row_data = row_to_json(row);
    pending_bytes += lead.row_data.size() + lead.variables_json.size() + sizeof(PendingLead);
    for (const auto& c : lead.contacts) pending_bytes += c.variables_json.size() + c.e164.size();
    pending.push_back(std::move(lead));
  }

  // Writes the pending leads (or, when not inserting, only finds their
  // duplicates) and the pending errors.
  void flush() {
    rejected.clear();
    if (inserting()) {
      counts.imported += leads.insert(pending, rejected);
    } else {
      leads.probe(pending, rejected);
    }
    const std::string column = header(resolved.phone_column);
    for (const auto& r : rejected) {
      const PendingLead& lead = pending[r.index];
      errors.add(lead.row, lead.row_data,
                 {Duplicates::problem(column, lead.e164, duplicates.holder(r, lead.row))});
    }
    counts.failed += static_cast<int64_t>(rejected.size());
    counts.processed += static_cast<int64_t>(pending.size());
    pending.clear();
    pending_bytes = 0;
    errors.flush();
    pg::check_interrupts();
  }

  Outcome finish() {
    Outcome out;
    out.import_id = record.id();
    if (counts.processed == 0)
      throw FileError(codes::no_data_rows.code, "the file has a header row but no data rows",
                      codes::no_data_rows.hint);
    counts.total = counts.processed;
    if (all_or_nothing() && counts.failed > 0) {
      leads.discard();
      counts.imported = 0;
      std::string msg = std::to_string(counts.failed) + " of " + std::to_string(counts.total) +
                        " rows have errors; nothing was imported because ignore_errors is false";
      std::string hint =
          "See leadimport.error_report(" + std::to_string(record.id()) +
          ") for the rows to fix, then import the file again, or set ignore_errors to true.";
      record.fail(counts, codes::rows_invalid.code, msg, hint);
      out.failed = true;
      out.status = "failed";
      out.error_code = codes::rows_invalid.code;
      out.error = msg;
      out.hint = hint;
      return out;
    }
    if (mode == RunMode::import) record.complete(counts);
    out.status = "completed";
    return out;
  }

  Outcome fail(const std::string& code, const std::string& message, const std::string& hint) {
    leads.discard();
    errors.discard();
    // Nothing is imported and no row is reported (the report is the file's
    // one line): failed_rows counts the rows the report lists, as ever, and
    // processed_rows the data rows read before the failure.
    counts.processed += static_cast<int64_t>(pending.size());
    pending.clear();
    counts.total = std::max(counts.total, counts.processed);
    counts.imported = 0;
    counts.failed = 0;
    record.fail(counts, code, message, hint);
    Outcome out;
    out.import_id = record.id();
    out.failed = true;
    out.status = "failed";
    out.error_code = code;
    out.error = message;
    out.hint = hint;
    return out;
  }
};

Pipeline::Pipeline(const ImportRequest& req, Campaign campaign, ImportRecord record, RunMode mode)
    : impl_(std::make_unique<Impl>(req, std::move(campaign), record, mode)) {}
Pipeline::~Pipeline() = default;
void Pipeline::start(int64_t resume_after, const Counts& resumed) {
  impl_->start(resume_after, resumed);
}
bool Pipeline::step(int64_t max_rows) { return impl_->step(max_rows); }
void Pipeline::save_progress() { impl_->record.save_progress(impl_->counts, impl_->last_row); }
Outcome Pipeline::finish() { return impl_->finish(); }
Outcome Pipeline::fail(const std::string& code, const std::string& message,
                       const std::string& hint) {
  return impl_->fail(code, message, hint);
}

int64_t count_data_rows(RowSource& rows) {
  Row r;
  int64_t n = -1;  // the header is not a data row
  while (rows.next(r)) {
    interruption_point();
    if (!is_blank_row(r)) n++;
  }
  return std::max<int64_t>(n, 0);
}

void check_request(const ImportRequest& req) {
  const auto& o = req.options;
  if (o.phone_format == PhoneMode::national && !PhoneChecker::is_known_region(o.country))
    throw UsageError("unknown country \"" + o.country + "\"",
                     "Give an ISO 3166 region code such as US, GB or DE.");
}

Outcome run_import(const ImportRequest& request) {
  check_request(request);
  Campaign campaign = load_campaign(request.campaign_id);
  ImportRecord record = ImportRecord::create(request.campaign_id, request.file_name,
                                             request.options.format, request.options_json);
  Pipeline run(request, std::move(campaign), record, RunMode::import);
  Outcome out;
  try {
    run.start();
    while (run.step(batch_size)) {
    }
    out = run.finish();
  } catch (const FileError& e) {
    out = run.fail(e.code(), e.what(), e.hint());
  }
  record.announce();
  return out;
}

}  // namespace leadimport::pipeline
