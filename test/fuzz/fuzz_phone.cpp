// Phone checking. libphonenumber is the oracle of the fast path: whenever
// FastPhone decides a cell, its verdict must be libphonenumber's, field by
// field (test/unit/phone_samples.hpp's reference() and difference(), as in
// bench/phone_diff.cpp); any difference is a crash. The cell is compared as
// written and in the digits-only form phone.cpp hands to Parse. PhoneChecker
// itself then checks the cell in both modes.
//
// The first byte picks the default region ("ZZ", i.e. none, or a real one);
// the rest is the cell.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/check/phone.hpp"
#include "core/check/phone_fast.hpp"
#include "../unit/phone_samples.hpp"

namespace {

using namespace leadimport;
namespace samples = leadimport::phone_samples;

void compare(const FastPhone& fast, const std::string& raw, const std::string& region) {
  FastVerdict v;
  if (!fast.check_international(raw, v, region == "ZZ")) return;
  std::string diff = samples::difference(v, samples::reference(raw, region));
  if (!diff.empty()) {
    std::fprintf(stderr, "FastPhone differs from libphonenumber on [%s] (default region %s): %s\n",
                 raw.c_str(), region.c_str(), diff.c_str());
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const regions[] = {"ZZ", "ZZ", "ZZ", "ZZ", "US", "GB", "DE", "FR",
                                        "BR", "AR", "IN", "RU", "IT", "CN", "MX", "SM"};
  const std::string region = regions[data[0] % 16];
  const std::string raw(reinterpret_cast<const char*>(data + 1), size - 1);

  const FastPhone& fast = FastPhone::instance();
  if (!fast.ready()) __builtin_trap();
  compare(fast, raw, region);
  std::string plain = samples::stripped(raw);
  if (!plain.empty() && plain != raw) compare(fast, plain, region);

  static const PhoneChecker international(PhoneMode::international, "");
  static const PhoneChecker national(PhoneMode::national, "GB");
  PhoneVerdict out;
  international.check(raw, out,
                      (data[0] & 0x80) ? PhoneChecker::Detail::e164 : PhoneChecker::Detail::full);
  if (out.valid && out.e164.empty()) __builtin_trap();
  national.check(raw, out);
  if (out.valid && out.e164.empty()) __builtin_trap();
  return 0;
}
