// Collects row problems and writes them to leadimport.import_errors a batch
// at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/check/row_check.hpp"

namespace leadimport::pipeline {

class ErrorSink {
 public:
  ErrorSink(int64_t campaign_id, int64_t import_id);
  ~ErrorSink();

  // `row_data` is the raw row as JSON (shared by the row's problems).
  void add(int64_t row, const std::string& row_data, const Problem& p);
  size_t pending() const { return rows_.size(); }
  void flush();
  // Deletes every error recorded for this import (a file that failed as a whole).
  void discard();

 private:
  struct Statements;
  struct Copy;
  void clear();
  int64_t campaign_id_;
  int64_t import_id_;
  std::unique_ptr<Statements> st_;
  std::unique_ptr<Copy> copy_;
  std::vector<int64_t> rows_;
  std::vector<std::string> columns_, codes_, messages_, hints_, data_;
};

}  // namespace leadimport::pipeline
