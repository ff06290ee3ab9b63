// Signal flag for cooperative cancellation, with a deadline (see interrupt.h).
#include "src/util/interrupt.h"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "common/temp_files.h"

namespace sild::core {
namespace {

volatile std::sig_atomic_t g_signal_count = 0;
volatile std::sig_atomic_t g_deadline = 1;  ///< 0 after wait_for_cooperative_stop()

/// Ends the process from a signal handler: only async-signal-safe calls.
[[noreturn]] void exit_now() {
  remove_registered_temp_files();  // unlink only
  static constexpr char kMessage[] = "[error] interrupted; partial output was discarded\n";
  [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  std::_Exit(130);
}

extern "C" void on_signal(int) {
  if (++g_signal_count > 1) exit_now();
  if (g_deadline != 0) ::alarm(kInterruptGraceSeconds);
}

extern "C" void on_deadline(int) { exit_now(); }

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGALRM, on_deadline);
}

void wait_for_cooperative_stop() { g_deadline = 0; }

bool interrupted() { return g_signal_count > 0; }

void check_interrupted() {
  if (interrupted()) throw Interrupted();
}

}  // namespace sild::core
