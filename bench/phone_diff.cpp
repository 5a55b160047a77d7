// phone_diff: proves FastPhone's verdicts equal libphonenumber's and measures
// both.
//
//   phone_diff [N] [--seed S] [--show K] [--lib-sample M]
//
// Generates N cells (default 1,000,000; see test/unit/phone_samples.hpp for
// the mix), asks FastPhone and libphonenumber about each, and prints the
// number of differences (must be 0: exit status 1 otherwise), how many cells
// the fast path decided, and the time per number of each side. Each string is
// compared as written and in the digits-only form phone.cpp hands to Parse
// (fast path and libphonenumber both asked about that same string).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/check/phone_fast.hpp"
#include "../test/unit/phone_samples.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using leadimport::FastParse;
using leadimport::FastPhone;
using leadimport::FastVerdict;
namespace samples = leadimport::phone_samples;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double percent(size_t part, size_t whole) { return whole ? 100.0 * part / whole : 0.0; }

// What phone.cpp pays per number today: Parse, Format(E164),
// GetRegionCodeForNumber, IsValidNumberForRegion, GetNumberType.
size_t libphonenumber_pass(const std::vector<const std::string*>& inputs) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  size_t valid = 0;
  PhoneNumber number;
  std::string e164, region;
  for (const std::string* raw : inputs) {
    number.Clear();
    if (util.Parse(*raw, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
    e164.clear();
    util.Format(number, PhoneNumberUtil::E164, &e164);
    region.clear();
    util.GetRegionCodeForNumber(number, &region);
    if (util.IsValidNumberForRegion(number, region)) {
      ++valid;
      if (util.GetNumberType(number) == PhoneNumberUtil::UNKNOWN) --valid;
    }
  }
  return valid;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000000;
  uint64_t seed = 20240611;
  size_t show = 10;
  size_t lib_sample = 200000;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--show") && i + 1 < argc)
      show = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--lib-sample") && i + 1 < argc)
      lib_sample = std::strtoull(argv[++i], nullptr, 10);
    else if (argv[i][0] != '-')
      n = std::strtoull(argv[i], nullptr, 10);
    else {
      std::fprintf(stderr, "usage: %s [N] [--seed S] [--show K] [--lib-sample M]\n", argv[0]);
      return 2;
    }
  }

  auto start = Clock::now();
  const FastPhone& fast = FastPhone::instance();
  double build_ms = seconds_since(start) * 1e3;
  if (!fast.ready()) {
    std::fprintf(stderr, "FastPhone could not read libphonenumber's metadata\n");
    return 1;
  }

  samples::Generator generator(seed);
  std::vector<std::string> inputs;
  std::vector<std::string> regions;
  inputs.reserve(n);
  regions.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    inputs.push_back(generator.next());
    regions.push_back(generator.default_region());
  }

  // Correctness: every verdict the fast path gives, against the library, on
  // the cell as written and on the digits-only form phone.cpp parses.
  size_t decided = 0, plus_inputs = 0, plus_decided = 0;
  size_t parse_errors = 0, valid = 0, invalid = 0;
  size_t diff_raw = 0, diff_stripped = 0, stripped_checked = 0;
  std::vector<const std::string*> decided_inputs;
  FastVerdict verdict;
  auto report = [&](const std::string& raw, const std::string& region, const std::string& what) {
    if (diff_raw + diff_stripped <= show)
      std::printf("DIFF [%s] (default region %s): %s\n", raw.c_str(), region.c_str(), what.c_str());
  };
  start = Clock::now();
  for (size_t i = 0; i < n; ++i) {
    const std::string& raw = inputs[i];
    bool unknown_region = regions[i] == "ZZ";
    bool plus = !raw.empty() && raw[0] == '+';
    plus_inputs += plus;
    std::string plain = samples::stripped(raw);
    if (!plain.empty() && plain != raw &&
        fast.check_international(plain, verdict, unknown_region)) {
      ++stripped_checked;
      std::string diff = samples::difference(verdict, samples::reference(plain, regions[i]));
      if (!diff.empty()) {
        ++diff_stripped;
        report(plain, regions[i], diff);
      }
    }
    if (!fast.check_international(raw, verdict, unknown_region)) continue;
    ++decided;
    plus_decided += plus;
    decided_inputs.push_back(&raw);
    if (verdict.parse != FastParse::ok)
      ++parse_errors;
    else
      ++(verdict.valid ? valid : invalid);
    std::string diff = samples::difference(verdict, samples::reference(raw, regions[i]));
    if (!diff.empty()) {
      ++diff_raw;
      report(raw, regions[i], diff);
    }
  }
  double check_s = seconds_since(start);

  // Speed of the fast path: on the cells it decides, and per call over all
  // cells (refusals are cheap but not free). Best of three, the machine is
  // shared.
  auto best_of = [](int runs, auto&& pass) {
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
      auto t = Clock::now();
      pass();
      best = std::min(best, seconds_since(t));
    }
    return best;
  };
  size_t sink = 0;
  double fast_decided_s = best_of(3, [&] {
    for (const std::string* raw : decided_inputs)
      sink += fast.check_international(*raw, verdict, true);
  });
  double fast_all_s = best_of(3, [&] {
    for (const std::string& raw : inputs) sink += fast.check_international(raw, verdict, true);
  });
  std::vector<const std::string*> lib_inputs(
      decided_inputs.begin(), decided_inputs.begin() + std::min(lib_sample, decided_inputs.size()));
  double lib_s = best_of(1, [&] { sink += libphonenumber_pass(lib_inputs); });

  double fast_ns = fast_decided_s * 1e9 / std::max<size_t>(1, decided_inputs.size());
  double fast_all_ns = fast_all_s * 1e9 / std::max<size_t>(1, inputs.size());
  double lib_ns = lib_s * 1e9 / std::max<size_t>(1, lib_inputs.size());

  std::printf("phone_diff: %zu inputs, seed %llu (sink %zu)\n", n,
              static_cast<unsigned long long>(seed), sink % 10);
  std::printf("differences vs libphonenumber on the raw cell:          %zu\n", diff_raw);
  std::printf(
      "differences vs libphonenumber on the stripped cell:     %zu (of %zu with separators)\n",
      diff_stripped, stripped_checked);
  std::printf("fast path decided: %zu of %zu inputs (%.2f%%); %zu of %zu '+' inputs (%.2f%%)\n",
              decided, n, percent(decided, n), plus_decided, plus_inputs,
              percent(plus_decided, plus_inputs));
  std::printf("  of which valid %zu, invalid %zu, parse errors %zu; %zu without '+'\n", valid,
              invalid, parse_errors, decided - plus_decided);
  std::printf("fast path:      %8.0f ns/number on the inputs it decides; %.0f ns/call over all\n",
              fast_ns, fast_all_ns);
  std::printf("libphonenumber: %8.0f ns/number on the same inputs (%zu of them)\n", lib_ns,
              lib_inputs.size());
  std::printf("speed-up: x%.0f; FastPhone build %.1f ms; differential pass %.1f s\n",
              fast_ns > 0 ? lib_ns / fast_ns : 0.0, build_ms, check_s);
  return diff_raw + diff_stripped == 0 ? 0 : 1;
}
