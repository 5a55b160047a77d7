// "Surely not seen" or "maybe seen" for E.164 numbers, in fixed memory: a
// Bloom filter over the 64-bit keys of seen_phones.hpp. The import asks the
// database about a number only when the filter says "maybe", so a file of
// millions of rows costs a few probes instead of one per row, and memory
// does not grow with the file.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace leadimport {

class PhoneFilter {
 public:
  // 2^log2_bits bits (the default, 2^28, is 32 MiB: about 0.5% false
  // "maybe" at 10M numbers, and no false "surely not" ever).
  explicit PhoneFilter(int log2_bits = 28);
  void add(uint64_t key);
  bool maybe(uint64_t key) const;

 private:
  // calloc'd: the kernel maps zero pages lazily, so a small import touches
  // little of the 32 MiB.
  std::unique_ptr<uint64_t[], decltype(&std::free)> words_;
  uint64_t mask_;
};

}  // namespace leadimport
