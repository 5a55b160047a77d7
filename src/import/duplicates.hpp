// Duplicates: "is this number taken, and by which row or lead?" for every
// mode of an import, and the problem a duplicate row gets (built here once).
//
// Three things can hold a row's primary number before it:
//  - an earlier row of the same file. An import that inserts as it goes finds
//    those of earlier batches in the leads table (they are leads of this
//    import, at their source row) and those of its own batch when the writer
//    orders the batch (LeadWriter::insert). An import that may insert nothing
//    (all or nothing, a validate pass) remembers the file's accepted numbers
//    here instead (SeenPhones), rebuilt on resume.
//  - a lead of the campaign from another import, found by the writer.
//  - a lead another session inserted at the same moment (unknown id).
// The writer reports its findings as Rejected; `holder()` turns them, and
// this class's own memory, into one answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/check/row_check.hpp"
#include "core/dedupe/seen_phones.hpp"
#include "import/lead_writer.hpp"

namespace leadimport::pipeline {

// Who holds a number: a row of this file, or a lead of the campaign
// (lead 0: one a concurrent import added, its id not known).
struct Holder {
  int64_t row = 0;   // > 0: an earlier row of this file
  int64_t lead = 0;  // when row == 0: the campaign's lead
};

class Duplicates {
 public:
  // remember_file: the run keeps the file's numbers itself (it may insert
  // nothing, so the leads table can't tell).
  Duplicates(int64_t import_id, bool remember_file)
      : import_id_(import_id), remember_(remember_file) {}

  // For a run that remembers: the earlier row of the file with this number
  // (0 when new, and it is now remembered for `row`). Always 0 otherwise.
  int64_t earlier_row(std::string_view e164, int64_t row) {
    return remember_ ? seen_.first_row(e164, row) : 0;
  }
  bool remembers() const { return remember_; }
  // Only records the number (resume replays the rows before the resume point).
  void remember(std::string_view e164, int64_t row) {
    if (remember_) seen_.first_row(e164, row);
  }

  // What the writer found for the row `row`.
  Holder holder(const Rejected& r, int64_t row) const;

  // The row problem of a duplicate, in the phone column `column`.
  static Problem problem(const std::string& column, const std::string& e164, const Holder& h);

 private:
  int64_t import_id_;
  bool remember_;
  SeenPhones seen_;
};

}  // namespace leadimport::pipeline
