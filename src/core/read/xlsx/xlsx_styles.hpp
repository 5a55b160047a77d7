// xl/styles.xml: for each cell style index (the s="3" of a cell), how its
// number format shows numbers, which is how an .xlsx marks a date.
#pragma once

#include <string>
#include <vector>

#include "core/read/xls/xls_numbers.hpp"

namespace leadimport::xlsx {

class Archive;

class Styles {
 public:
  // An empty `part` means the workbook has no styles: every number is a number.
  Styles(Archive& archive, const std::string& part);
  excel::NumberKind kind(size_t style_index) const {
    return style_index < kinds_.size() ? kinds_[style_index] : excel::NumberKind::number;
  }

 private:
  std::vector<excel::NumberKind> kinds_;  // by cellXfs index
};

}  // namespace leadimport::xlsx
