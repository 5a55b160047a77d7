// The row of leadimport.imports that describes one import: created first, so
// even a failed file leaves a trace, then kept current as rows are processed.
// Written as the bookkeeping tables' owner (pg/as_owner.hpp); created_by is
// the calling role.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leadimport::pipeline {

struct Counts {
  int64_t total = 0;      // data rows read (blank rows not counted)
  int64_t processed = 0;  // rows whose outcome is written
  int64_t imported = 0;
  int64_t failed = 0;
};

class ImportRecord {
 public:
  // Inserts the import as 'running' and returns it.
  static ImportRecord create(int64_t campaign_id, const std::string& file_name,
                             const std::string& format, const std::string& options_json);
  // Inserts the import as 'queued' for the background worker.
  static ImportRecord enqueue(int64_t campaign_id, const std::string& file_name,
                              const std::string& format, const std::string& options_json);
  // An existing import.
  static ImportRecord existing(int64_t campaign_id, int64_t id) { return {campaign_id, id}; }

  int64_t id() const { return id_; }
  int64_t campaign_id() const { return campaign_id_; }

  void set_format(const std::string& format) const;
  void set_mapping(const std::string& mapping_json, const std::vector<std::string>& headers) const;
  // NOTIFY leadimport with the import's summary and a row in the
  // notifications outbox, in the transaction that ends the import.
  void announce() const;
  // The end of an import: announce() and drop its queued file bytes.
  void end() const;
  // Counters plus the last source row they cover, committed together with the rows.
  void save_progress(const Counts& c, int64_t last_row) const;
  void set_total(int64_t total) const;
  // Locks the import's row if it is queued or running and no other
  // transaction holds it; false otherwise (never waits).
  bool lock_unfinished() const;
  // The launcher counts a worker's start before it starts it (by = -1 takes
  // back a start that did not happen).
  void count_attempt(int by = 1) const;
  void complete(const Counts& c) const;
  // status 'failed' with a reason and how to fix it; counts as given. False
  // when the import had already ended (nothing changed).
  bool fail(const Counts& c, const std::string& code, const std::string& message,
            const std::string& hint = {}) const;

 private:
  ImportRecord(int64_t campaign_id, int64_t id) : campaign_id_(campaign_id), id_(id) {}
  int64_t campaign_id_;
  int64_t id_;
};

}  // namespace leadimport::pipeline
