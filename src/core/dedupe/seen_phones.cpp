#include "core/dedupe/seen_phones.hpp"

#include "core/interrupt.hpp"

namespace leadimport {

uint64_t e164_key(std::string_view e164) {
  if (e164.size() < 2 || e164.size() > 16 || e164[0] != '+') return 0;
  uint64_t key = 0;
  for (size_t i = 1; i < e164.size(); i++) {
    char c = e164[i];
    if (c < '0' || c > '9') return 0;
    key = key * 10 + static_cast<uint64_t>(c - '0');
  }
  return key;
}

size_t SeenPhones::slot_of(uint64_t key) const {
  // Fibonacci hashing spreads the (often sequential) numbers over the table.
  const size_t mask = keys_.size() - 1;
  size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
  while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask;
  return i;
}

void SeenPhones::grow() {
  std::vector<uint64_t> old_keys(keys_.empty() ? 1024 : keys_.size() * 2, 0);
  std::vector<uint32_t> old_rows(old_keys.size(), 0);
  old_keys.swap(keys_);
  old_rows.swap(rows_);
  for (size_t i = 0; i < old_keys.size(); i++) {
    if (old_keys[i] == 0) continue;
    if ((i & 0xFFFF) == 0) interruption_point();
    size_t s = slot_of(old_keys[i]);
    keys_[s] = old_keys[i];
    rows_[s] = old_rows[i];
  }
}

int64_t SeenPhones::first_row(std::string_view e164, int64_t row) {
  const uint64_t key = e164_key(e164);
  if (key == 0) {
    if (zero_row_) return zero_row_;
    zero_row_ = row;
    return 0;
  }
  if ((used_ + 1) * 4 > keys_.size() * 3) grow();
  size_t s = slot_of(key);
  if (keys_[s] == key) return rows_[s] == kBigRow ? big_rows_.at(key) : rows_[s];
  keys_[s] = key;
  used_++;
  if (row > 0 && row < static_cast<int64_t>(kBigRow)) {
    rows_[s] = static_cast<uint32_t>(row);
  } else {
    rows_[s] = kBigRow;
    big_rows_[key] = row;
  }
  return 0;
}

}  // namespace leadimport
