// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long loops poll, so they stop
// between records and unwind normally (temp files removed, transactions rolled back). Work that
// cannot poll (one long RDKit call, a metric over a million molecules) is covered by a deadline:
// a command that has not ended kInterruptGraceSeconds after the first signal has its registered
// temporary files removed and exits with 130. A second signal ends the process at once, the same way.
#pragma once

#include "common/errors.h"

namespace sild::core {

using sild::Interrupted;  ///< common/errors.h; check_interrupted() throws it

/// Seconds a command has to stop on its own after the first signal.
inline constexpr unsigned kInterruptGraceSeconds = 1;

/// Installs the handlers; called once by main().
void install_interrupt_handlers();
/// For commands that stop at a step boundary and then write a checkpoint (training): the first
/// signal only sets the flag, with no deadline, so the checkpoint is never cut short.
void wait_for_cooperative_stop();
/// True once a SIGINT or SIGTERM arrived.
bool interrupted();
/// Throws Interrupted when a signal arrived.
void check_interrupted();

}  // namespace sild::core
