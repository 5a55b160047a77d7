// The options jsonb of the import functions, as fuzzed JSON text; a mapping it
// carries is parsed too, against a fixed header row.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/map/mapping.hpp"
#include "core/options.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leadimport;
  std::string json(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_refusal([&] {
    ImportOptions o = parse_options(json);
    if (o.secondary_contacts < 0 || o.secondary_contacts > 10) __builtin_trap();
    if (o.mapping_json) {
      static const std::vector<std::string> headers{"Phone", "Name", "Age", "Secondary Phone"};
      Mapping m = parse_mapping(*o.mapping_json, headers);
      (void)mapping_to_json(m);
    }
  });
  return 0;
}
