#include "core/dedupe/phone_filter.hpp"

#include <new>

namespace leadimport {

namespace {
// Two bit positions from one multiplicative hash (k = 2).
inline void positions(uint64_t key, uint64_t mask, uint64_t& a, uint64_t& b) {
  uint64_t h = key * 0x9E3779B97F4A7C15ull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  a = h & mask;
  b = (h >> 32 | h << 32) * 0x94D049BB133111EBull & mask;
}
}  // namespace

PhoneFilter::PhoneFilter(int log2_bits)
    : words_(static_cast<uint64_t*>(std::calloc((uint64_t(1) << log2_bits) / 64, sizeof(uint64_t))),
             &std::free),
      mask_((uint64_t(1) << log2_bits) - 1) {
  if (!words_) throw std::bad_alloc();
}

void PhoneFilter::add(uint64_t key) {
  uint64_t a, b;
  positions(key, mask_, a, b);
  words_[a >> 6] |= uint64_t(1) << (a & 63);
  words_[b >> 6] |= uint64_t(1) << (b & 63);
}

bool PhoneFilter::maybe(uint64_t key) const {
  uint64_t a, b;
  positions(key, mask_, a, b);
  return (words_[a >> 6] >> (a & 63) & 1) && (words_[b >> 6] >> (b & 63) & 1);
}

}  // namespace leadimport
