// SeenPhones: the file's numbers for all-or-nothing and validate imports,
// compared with a std::unordered_map that does the same job.
#include "core/dedupe/seen_phones.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace leadimport {
namespace {

std::string e164(uint64_t digits) { return "+" + std::to_string(digits); }

TEST(SeenPhones, FirstRowWins) {
  SeenPhones seen;
  EXPECT_EQ(seen.first_row("+14155552671", 2), 0);
  EXPECT_EQ(seen.first_row("+14155552672", 3), 0);
  EXPECT_EQ(seen.first_row("+14155552671", 7), 2);
  EXPECT_EQ(seen.first_row("+14155552671", 9), 2);
  EXPECT_EQ(seen.first_row("+14155552672", 10), 3);
}

TEST(SeenPhones, AgreesWithAMapThroughManyGrowths) {
  SeenPhones seen;
  std::unordered_map<uint64_t, int64_t> ref;
  std::mt19937_64 rng(7);
  int64_t row = 1;
  // Sequential numbers (lists often are) and random ones, each number asked
  // up to three times.
  for (int i = 0; i < 300000; i++) {
    uint64_t n = i % 2 ? 12012000000 + i / 2 : 10000000000 + rng() % 89999999999999ULL;
    for (int k = 0; k < 1 + (i % 3); k++) {
      row++;
      auto [it, fresh] = ref.try_emplace(n, row);
      ASSERT_EQ(seen.first_row(e164(n), row), fresh ? 0 : it->second) << n;
    }
  }
}

TEST(SeenPhones, RowsPastFourBillion) {
  SeenPhones seen;
  const int64_t far = int64_t{5} << 32;
  EXPECT_EQ(seen.first_row("+442079460000", far), 0);
  EXPECT_EQ(seen.first_row("+442079460000", far + 1), far);
  EXPECT_EQ(seen.first_row("+442079460001", 4294967295), 0);  // the sentinel itself
  EXPECT_EQ(seen.first_row("+442079460001", 5), 4294967295);
}

TEST(SeenPhones, NotANumberIsOneKey) {
  SeenPhones seen;
  EXPECT_EQ(seen.first_row("", 2), 0);
  EXPECT_EQ(seen.first_row("x", 3), 2);
}

}  // namespace
}  // namespace leadimport
