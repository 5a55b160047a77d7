#include "core/dedupe/phone_filter.hpp"

#include <gtest/gtest.h>

#include "core/dedupe/seen_phones.hpp"

using leadimport::e164_key;
using leadimport::PhoneFilter;

TEST(PhoneFilter, NeverForgetsANumber) {
  PhoneFilter f(20);
  for (uint64_t i = 0; i < 100000; i++) f.add(14150000000ull + i * 7);
  for (uint64_t i = 0; i < 100000; i++) EXPECT_TRUE(f.maybe(14150000000ull + i * 7)) << i;
}

TEST(PhoneFilter, SaysSurelyNotForMostNewNumbers) {
  PhoneFilter f(24);  // 16 Mbit for 200k numbers
  for (uint64_t i = 0; i < 200000; i++) f.add(e164_key("+1201" + std::to_string(2000000 + i)));
  int maybes = 0;
  for (uint64_t i = 0; i < 200000; i++)
    maybes += f.maybe(e164_key("+1202" + std::to_string(2000000 + i)));
  EXPECT_LT(maybes, 200000 / 100);  // under 1% false "maybe"
}

TEST(PhoneFilter, EmptyFilterKnowsNothing) {
  PhoneFilter f(16);
  EXPECT_FALSE(f.maybe(e164_key("+14155552671")));
  f.add(e164_key("+14155552671"));
  EXPECT_TRUE(f.maybe(e164_key("+14155552671")));
}
