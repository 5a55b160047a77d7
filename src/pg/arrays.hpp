// One-dimensional arrays built from C++ data, for unnest()-based batch
// statements: one round trip per batch instead of one per row.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "pg/spi.hpp"

namespace leadimport::pg {

// An empty string_view with a null data pointer becomes NULL.
Param text_array(const std::vector<std::string_view>& items);
Param int8_array(const std::vector<int64_t>& items);
Param int2_array(const std::vector<int16_t>& items);

// A memory context for one batch's parameters, reset between batches.
class BatchMemory {
 public:
  BatchMemory();
  ~BatchMemory();
  BatchMemory(const BatchMemory&) = delete;
  BatchMemory& operator=(const BatchMemory&) = delete;
  // Makes it current (remembering the context it replaces). Every SPI call
  // switches back to the SPI procedure context when it returns, so enter()
  // again before building the next statement's parameters.
  void enter();
  void leave();  // back to the previous one, and reset
 private:
  MemoryContext cxt_ = nullptr;
  MemoryContext prev_ = nullptr;
};

}  // namespace leadimport::pg
