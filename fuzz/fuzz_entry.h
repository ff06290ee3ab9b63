// One macro lets each fuzz target be both a libFuzzer entry point (SILD_FUZZ builds with clang)
// and an ordinary function that the test suite's smoke run calls (tests/chem/fuzz_smoke_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef SILD_LIBFUZZER
#define SILD_FUZZ_ENTRY(name) extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
#else
#define SILD_FUZZ_ENTRY(name) int sild_fuzz_##name(const uint8_t* data, size_t size)
#endif
