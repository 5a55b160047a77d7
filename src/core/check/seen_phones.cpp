#include "core/check/seen_phones.hpp"

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

int64_t SeenPhones::first_row(std::string_view e164, int64_t row) {
  auto [it, inserted] = rows_.try_emplace(e164_key(e164), row);
  return inserted ? 0 : it->second;
}

}  // namespace leadimport
