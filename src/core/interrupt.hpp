// Cancel, statement_timeout and terminate reach the PostgreSQL-free core
// through one hook: every loop that reads, counts, maps or checks calls
// interruption_point(). The extension installs a hook that throws when the
// backend has an interrupt pending (src/pg/spi.cpp); unit tests and fuzzers
// leave it unset, so the core never depends on PostgreSQL.
#pragma once

namespace leadimport {

// Throws (whatever the hook throws) when the work must stop.
using InterruptHook = void (*)();

// Installs the hook (nullptr removes it). Not thread-safe: set once at load.
void set_interrupt_hook(InterruptHook hook);

namespace detail {
extern InterruptHook interrupt_hook;
}

// Cheap enough for every row and every cell: one load and a predictable branch
// when nothing is pending.
inline void interruption_point() {
  if (detail::interrupt_hook) detail::interrupt_hook();
}

}  // namespace leadimport
