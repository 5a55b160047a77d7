// .xls reader: the bytes are a workbook; every row of the first sheet is read.
#include <cstddef>
#include <cstdint>

#include "core/read/input.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leadimport;
  leadimport::Input in;
  in.data = reinterpret_cast<const char*>(data);
  in.size = size;
  in.file_name = "fuzz.xls";
  ReadOptions opts;
  fuzz::expect_clean_refusal([&] {
    auto rows = open_rows(in, Format::xls, opts);
    Row row;
    while (rows->next(row)) {
    }
  });
  return 0;
}
