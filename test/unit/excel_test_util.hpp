// Helpers shared by the .xlsx and .xls reader tests: fixtures read from a
// path or from memory, expected errors, time and heap budgets.
#pragma once

#include <gtest/gtest.h>
#include <malloc.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/read/input.hpp"

namespace leadimport::testing {

using Cells = std::vector<std::string>;

inline std::string excel_fixture(const std::string& name) {
  return std::string(FIXTURES_DIR) + "/excel/" + name;
}

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A fixture as an Input, from its path or from bytes in memory (`keep` holds them).
inline Input excel_input(const std::string& name, bool in_memory, std::string& keep) {
  Input in;
  in.file_name = name;
  if (in_memory) {
    keep = slurp(excel_fixture(name));
    in.data = keep.data();
    in.size = keep.size();
  } else {
    in.path = excel_fixture(name);
  }
  return in;
}

inline std::vector<Row> drain(RowSource& src) {
  std::vector<Row> rows;
  Row r;
  while (src.next(r)) rows.push_back(r);
  return rows;
}

// Runs `fn`, expects a FileError with `code`, returns it.
inline FileError expect_file_error(const std::function<void()>& fn, const std::string& code) {
  try {
    fn();
  } catch (const FileError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return e;
  }
  ADD_FAILURE() << "no FileError (expected " << code << ")";
  return FileError("none", "");
}

// Seconds `fn` takes. Budgets are for an optimised build; set
// LEADIMPORT_TEST_TIME_SCALE (e.g. 50 under valgrind) to stretch them.
inline double seconds(const std::function<void()>& fn) {
  auto t0 = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// These budgets catch work that grows out of bounds (minutes, not seconds);
// under AddressSanitizer the same code runs several times slower, and the
// test command runs two suites at once on a 2-core machine, so the budget
// grows there (a 3 s budget failed at 3.5 s in a sanitizer run).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr double kSanitizerSlowdown = 5.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr double kSanitizerSlowdown = 5.0;
#else
inline constexpr double kSanitizerSlowdown = 1.0;
#endif
#else
inline constexpr double kSanitizerSlowdown = 1.0;
#endif

inline double time_budget(double s) {
  const char* scale = std::getenv("LEADIMPORT_TEST_TIME_SCALE");
  return s * kSanitizerSlowdown * (scale ? std::atof(scale) : 1.0);
}

// Bytes of heap in use now (glibc).
inline size_t heap_in_use() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

}  // namespace leadimport::testing
