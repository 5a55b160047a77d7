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
    // Not given (nullopt) means as many as the header has.
    if (o.secondary_contacts && (*o.secondary_contacts < 0 || *o.secondary_contacts > 10))
      __builtin_trap();
    if (o.mapping_json) {
      static const std::vector<std::string> headers{"Phone", "Name", "Age", "Secondary Phone"};
      (void)mapping_to_json(parse_mapping(*o.mapping_json, headers));
      // As the import uses it: detection under the given fields.
      (void)mapping_to_json(choose_mapping(headers, {}, o.secondary_contacts, o.mapping_json));
    }
  });
  return 0;
}
