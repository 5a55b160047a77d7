// The numbers of one file and the row that had each first, as 64-bit keys
// (E.164 has at most 15 digits). Kept only by imports that may insert nothing
// (all or nothing, validate): see import/duplicates.hpp for the others.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace leadimport {

// "+14155551234" -> 14155551234; 0 for anything that is not + and 1-15 digits.
uint64_t e164_key(std::string_view e164);

class SeenPhones {
 public:
  // 0 when the number is new (and now remembered for `row`), else the row
  // that had it first.
  int64_t first_row(std::string_view e164, int64_t row);

 private:
  std::unordered_map<uint64_t, int64_t> rows_;
};

}  // namespace leadimport
