// Shared by the libFuzzer harnesses: what counts as a finding.
//
// The core may refuse any input, but only the way the extension reports to a
// person: FileError (a failed import) or UsageError (an ERROR with SQLSTATE
// 22023). Any other exception would reach PostgreSQL as an internal error
// (XX000) with a library's message, so a harness treats it as a crash, as it
// does sanitizer reports, hangs (-timeout) and memory blowups (-rss_limit_mb).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/errors.hpp"

namespace leadimport::fuzz {

template <typename F>
void expect_clean_refusal(F&& f) {
  try {
    f();
  } catch (const FileError&) {
  } catch (const UsageError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "unexpected exception (not FileError/UsageError): %s\n", e.what());
    __builtin_trap();
  } catch (...) {
    std::fprintf(stderr, "unexpected non-std exception\n");
    __builtin_trap();
  }
}

}  // namespace leadimport::fuzz
