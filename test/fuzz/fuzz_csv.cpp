// CSV reader: the bytes are a file (UTF-8, delimiter detected); every row is
// read.
#include <cstddef>
#include <cstdint>

#include "core/read/input.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leadimport;
  leadimport::Input in;
  in.data = reinterpret_cast<const char*>(data);
  in.size = size;
  in.file_name = "fuzz.csv";
  ReadOptions opts;
  fuzz::expect_clean_refusal([&] {
    auto rows = open_rows(in, Format::csv, opts);
    Row row;
    int64_t last = 0;
    while (rows->next(row)) {
      if (row.number <= last) __builtin_trap();  // row numbers only go up
      last = row.number;
    }
  });
  return 0;
}
