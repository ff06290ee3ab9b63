// The smoke run of fuzz/fuzz_molecule_reader.cpp (the CSV/SMILES/SDF record reader) inside the
// test suite; the coverage-guided run is `make fuzz` (see tests/chem/fuzz_smoke_test.cpp).
#include <gtest/gtest.h>

#include "test_support.h"

int sild_fuzz_molecule_reader(const uint8_t* data, size_t size);

namespace sild {
namespace {

TEST(FuzzSmokeTest, MoleculeReaderSurvivesMutatedFiles) {
  EXPECT_GT(test::fuzz_smoke("molecule_reader", sild_fuzz_molecule_reader, 3.0), 500u);
}

}  // namespace
}  // namespace sild
