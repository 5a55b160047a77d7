// Collects row problems and writes them to leadimport.import_errors a batch
// at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/row_check.hpp"

namespace leadimport::pipeline {

class ErrorSink {
 public:
  ErrorSink(int64_t campaign_id, int64_t import_id);
  ~ErrorSink();

  // One rejected row: its raw cells as JSON (row_to_json), kept once, and
  // every problem found in it.
  void add(int64_t row, std::string row_data, const std::vector<Problem>& problems);
  void add(int64_t row, std::string row_data, const Problem& p) {
    add(row, std::move(row_data), std::vector<Problem>{p});
  }
  size_t pending() const { return rows_.size(); }
  // What the pending problems will take in the batch's COPY: each problem
  // row carries the row's cells again.
  size_t pending_bytes() const { return bytes_; }
  void flush();
  // Deletes every error recorded for this import (a file that failed as a whole).
  void discard();

 private:
  struct Statements;
  struct Copy;
  void clear();
  std::vector<std::string_view> row_data_views() const;  // per problem
  int64_t campaign_id_;
  int64_t import_id_;
  std::unique_ptr<Statements> st_;
  std::unique_ptr<Copy> copy_;
  std::vector<int64_t> rows_;
  std::vector<std::string> columns_, codes_, messages_, hints_;
  std::vector<std::string> data_;  // per rejected row
  std::vector<size_t> data_of_;    // per problem: its row's entry in data_
  size_t bytes_ = 0;
};

}  // namespace leadimport::pipeline
