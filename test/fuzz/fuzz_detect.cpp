// Format detection, then the detected reader on the first rows, as an import
// does. The first byte picks the requested format and the file name's
// extension; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/read/input.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leadimport;
  if (size == 0) return 0;
  static const char* const requested[] = {"", "", "csv", "xlsx", "xls", ""};
  static const char* const names[] = {"leads.csv", "leads.xlsx", "leads.xls",
                                      "leads",     "LEADS.XLSX", "leads.txt"};
  const uint8_t pick = data[0];
  leadimport::Input in;
  in.data = reinterpret_cast<const char*>(data + 1);
  in.size = size - 1;
  in.file_name = names[(pick >> 4) % 6];
  fuzz::expect_clean_refusal([&] {
    Format f = detect_format(in, requested[pick % 6]);
    ReadOptions opts;
    auto rows = open_rows(in, f, opts);
    Row row;
    for (int i = 0; i < 100 && rows->next(row); ++i) {
    }
  });
  return 0;
}
