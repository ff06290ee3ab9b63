// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long loops poll, so they stop
// between records and unwind normally (temp files removed, transactions rolled back).
// A second signal ends the process at once.
#pragma once

#include "common/errors.h"

namespace sild::core {

using sild::Interrupted;  ///< common/errors.h; check_interrupted() throws it

/// Installs the handlers; called once by main().
void install_interrupt_handlers();
/// True once a SIGINT or SIGTERM arrived.
bool interrupted();
/// Throws Interrupted when a signal arrived.
void check_interrupted();

}  // namespace sild::core
