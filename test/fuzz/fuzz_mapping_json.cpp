// An explicit mapping (options.mapping) as fuzzed JSON, against a fixed header
// row: parsed, written back and resolved to columns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/map/mapping.hpp"
#include "fuzz_common.hpp"

namespace {

using namespace leadimport;

const std::vector<std::string>& headers() {
  static const std::vector<std::string> h{
      "Phone",           "Customer Name",     "Age",   "VIP",       "Company",           "E-mail",
      "Secondary Phone", "secondary_phone_2", "Notes", "column_10", "Customer Name (2)", ""};
  return h;
}

const std::vector<VariableSpec>& campaign() {
  static const std::vector<VariableSpec> vars = [] {
    std::vector<VariableSpec> v(4);
    v[0].name = "customer_name";
    v[0].required = true;
    v[0].max_length = 40;
    v[0].position = 1;
    v[1].name = "age";
    v[1].type = VarType::number;
    v[1].position = 2;
    v[2].name = "vip";
    v[2].type = VarType::boolean;
    v[2].default_value = "false";
    v[2].position = 3;
    v[3].name = "company";
    v[3].position = 4;
    return v;
  }();
  return vars;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string json(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_refusal([&] {
    Mapping m = parse_mapping(json, headers());
    std::string text = mapping_to_json(m);
    Mapping again = parse_mapping(text, headers());
    if (mapping_to_json(again) != text) __builtin_trap();
    ResolvedMapping r = resolve_mapping(m, headers(), campaign());
    (void)r;
  });
  return 0;
}
