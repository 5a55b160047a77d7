// Header detection and mapping: the bytes are a header row, one cell per line
// (the first byte is the number of secondary contacts asked for). The headers
// are made unique, mapped against a fixed campaign's variables, resolved to
// columns, and the detected mapping, as JSON, must be accepted back as an
// explicit mapping with the same result (detect_mapping's output may be
// passed back as it is).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/map/header_names.hpp"
#include "core/map/mapping.hpp"
#include "fuzz_common.hpp"

namespace {

using namespace leadimport;

VariableSpec var(const char* name, VarType type, bool required, int position) {
  VariableSpec v;
  v.name = name;
  v.type = type;
  v.required = required;
  v.position = position;
  return v;
}

const std::vector<VariableSpec>& campaign() {
  static const std::vector<VariableSpec> vars = [] {
    std::vector<VariableSpec> v{
        var("customer_name", VarType::text, true, 1), var("age", VarType::number, false, 2),
        var("vip", VarType::boolean, false, 3), var("company", VarType::text, false, 4),
        var("email", VarType::text, false, 5)};
    v[0].max_length = 40;
    v[2].default_value = "false";
    return v;
  }();
  return vars;
}

// Every reader hands out UTF-8 (and PostgreSQL's text[] is UTF-8 in a UTF8
// database), so only such header rows are mapped.
bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int secondary = data[0] % 11;
  std::vector<std::string> headers;
  std::string cell;
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == '\n') {
      headers.push_back(cell);
      cell.clear();
    } else {
      cell += static_cast<char>(data[i]);
    }
  }
  headers.push_back(cell);
  for (const auto& h : headers)
    if (!valid_utf8(h)) return 0;

  fuzz::expect_clean_refusal([&] {
    std::vector<std::string> unique = unique_headers(headers);
    if (unique.size() != headers.size()) __builtin_trap();
    for (const auto& h : headers) (void)is_phone_header(normalize_header(h));
    Mapping m = detect_mapping(unique, campaign(), secondary);
    std::string json = mapping_to_json(m);
    Mapping back;
    try {
      back = parse_mapping(json, unique);
    } catch (const UsageError& e) {
      std::fprintf(stderr, "detect_mapping's output refused by parse_mapping: %s\n%s\n", e.what(),
                   json.c_str());
      __builtin_trap();
    }
    if (mapping_to_json(back) != json) {
      std::fprintf(stderr, "round trip differs:\n%s\n%s\n", json.c_str(),
                   mapping_to_json(back).c_str());
      __builtin_trap();
    }
    ResolvedMapping r = resolve_mapping(m, unique, campaign());
    (void)r;
  });
  return 0;
}
