#include "core/interrupt.hpp"

namespace leadimport {

namespace detail {
InterruptHook interrupt_hook = nullptr;
}

void set_interrupt_hook(InterruptHook hook) { detail::interrupt_hook = hook; }

}  // namespace leadimport
