// The numbers of one file and the row that had each first, as 64-bit keys
// (E.164 has at most 15 digits). Kept only by imports that may insert nothing
// (all or nothing, validate): see import/duplicates.hpp for the others.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leadimport {

// "+14155551234" -> 14155551234; 0 for anything that is not + and 1-15 digits.
uint64_t e164_key(std::string_view e164);

// An open-addressing table of 12 bytes a slot (key, row as 32 bits), at most
// 3/4 full: 16-24 bytes a number, where a std::unordered_map node took ~56 —
// a 10-million-row all-or-nothing import holds ~200 MB instead of ~560 MB
// (SPEC "Limits").
class SeenPhones {
 public:
  // 0 when the number is new (and now remembered for `row`), else the row
  // that had it first.
  int64_t first_row(std::string_view e164, int64_t row);

 private:
  static constexpr uint32_t kBigRow = UINT32_MAX;  // the row is in big_rows_
  size_t slot_of(uint64_t key) const;
  void grow();
  std::vector<uint64_t> keys_;  // 0: an empty slot
  std::vector<uint32_t> rows_;
  size_t used_ = 0;
  int64_t zero_row_ = 0;  // key 0 (not a number) has no slot
  // Rows past 4,294,967,294: a file that long is not a lead list, but it
  // must not be wrong either.
  std::unordered_map<uint64_t, int64_t> big_rows_;
};

}  // namespace leadimport
