// The allocator settings every sild program (the `sild` executable and the benchmarks) compiles
// in, so that a user gets the measured speed without exporting an environment variable. Linked
// through the `sild_process_defaults` CMake target (cmake/Dependencies.cmake), together with
// openmp_defaults.cpp; BENCHMARKS.md ("Allocator and thread policy") has the measurements.

extern "C" {

// jemalloc reads this string at its first allocation. With its default decay, jemalloc hands
// the pages of LibTorch's large freed tensors back to the kernel within milliseconds and faults
// them in again on the next training step: a fifth of the process time was spent in the kernel
// and Stage 1 ran at half speed. Never purging keeps those pages for reuse; the process's peak
// memory grows by about 7% in bench_training. MALLOC_CONF still overrides it.
__attribute__((used)) const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

}  // extern "C"
