// Streaming CSV reader on libcsv: RFC 4180 quoting, CRLF/LF, a UTF-8 BOM,
// delimiter detection, encoding validation/conversion, spreadsheet row numbers.
#pragma once

#include <memory>

#include "core/read/byte_source.hpp"
#include "core/read/row_source.hpp"

namespace leadimport {

class CsvReader : public RowSource {
 public:
  CsvReader(std::unique_ptr<ByteSource> bytes, const ReadOptions& opts);
  ~CsvReader() override;
  bool next(Row& row) override;
  char delimiter() const;  // the one given or detected

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadimport
