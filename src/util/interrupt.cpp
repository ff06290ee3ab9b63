// Signal flag for cooperative cancellation (see interrupt.h).
#include "src/util/interrupt.h"

#include <csignal>
#include <cstdlib>

namespace sild::core {
namespace {

volatile std::sig_atomic_t g_signal_count = 0;

extern "C" void on_signal(int signal_number) {
  if (++g_signal_count > 1) std::_Exit(128 + signal_number);
}

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_signal_count > 0; }

void check_interrupted() {
  if (interrupted()) throw Interrupted();
}

}  // namespace sild::core
