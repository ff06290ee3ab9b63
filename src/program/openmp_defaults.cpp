// OpenMP's wait policy for the sild programs that do tensor work.
//
// GNU OpenMP (LibTorch's and OpenBLAS's thread pool) busy-waits up to 300,000 spins for the next
// parallel region unless told otherwise. With busy processes beside it those spins take the core
// that the other worker thread needs: in bench_training Stage 2 kept 8-9% of its idle throughput
// and Stage 1 about 22%. With 1,000 spins (what libgomp itself uses when it knows it is
// oversubscribed) they keep about 25% and 33-41%, and an idle machine loses little (Stage 2 at
// about 51% of the GEMM rate instead of 55%). Not spinning at all kept more under load (about
// 40%) but cost Stage 2's small steps a third of their idle speed, and an idle machine is the
// common case (BENCHMARKS.md, "Allocator and thread policy").
//
// libgomp reads GOMP_SPINCOUNT once, in its own initialiser, which the dynamic loader runs before
// main() and before any initialiser of ours (libraries that others depend on go first; a small
// shared library listed anywhere in the executable still came after libgomp). So the program
// starts itself again with the variable added: this function sits in .preinit_array, which runs
// before every library initialiser, so the restart costs only the dynamic loader's work (about
// 0.2 s). Commands that do no tensor work (props, convert, data, runs, report, --help) skip it.
// A user's own GOMP_SPINCOUNT or OMP_WAIT_POLICY wins, and if the restart fails the program goes
// on with libgomp's default. Nothing but the C library is ready here, so nothing else is used.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace {

constexpr const char* kSpinCount = "GOMP_SPINCOUNT=1000";

bool has_variable(char** envp, const char* name) {
  const size_t length = strlen(name);
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    if (strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') return true;
  }
  return false;
}

/// Whether `sild <command>` runs no LibTorch parallel region, so a restart would be pure cost.
/// Programs other than `sild` (the benchmarks) always restart.
bool needs_no_tensors(int argc, char** argv) {
  const char* name = strrchr(argv[0], '/');
  name = name != nullptr ? name + 1 : argv[0];
  if (strcmp(name, "sild") != 0) return false;
  if (argc < 2) return true;
  static const char* const kTensorFree[] = {"props",  "convert", "data", "runs",
                                            "report", "--help",  "-h",   "--version"};
  for (const char* command : kTensorFree) {
    if (strcmp(argv[1], command) == 0) return true;
  }
  return false;
}

void restart_with_openmp_defaults(int argc, char** argv, char** envp) {
  if (argc < 1 || argv == nullptr || argv[0] == nullptr || needs_no_tensors(argc, argv)) return;
  if (has_variable(envp, "GOMP_SPINCOUNT") || has_variable(envp, "OMP_WAIT_POLICY")) return;
  size_t count = 0;
  while (envp != nullptr && envp[count] != nullptr) ++count;
  char** environment = static_cast<char**>(malloc((count + 2) * sizeof(char*)));
  if (environment == nullptr) return;
  for (size_t i = 0; i < count; ++i) environment[i] = envp[i];
  environment[count] = const_cast<char*>(kSpinCount);
  environment[count + 1] = nullptr;
  execve("/proc/self/exe", argv, environment);
  free(environment);  // reached only when execve failed
}

__attribute__((section(".preinit_array"),
               used)) void (*const kRestart)(int, char**, char**) = restart_with_openmp_defaults;

}  // namespace
