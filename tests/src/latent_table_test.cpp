// read_latent_table: the CSV `sild encode` writes comes back row by row with its line numbers
// (write_latent_table writes it, floats exactly); rows encode left empty are skipped and counted;
// a bad number or a header without z0 is an InputError naming the file and line.
#include "src/molecules/latent_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>

#include "common/errors.h"
#include "test_support.h"

namespace sild::core {
namespace {

std::string write(const std::string& name, const std::string& text) {
  const auto path = test::temp_dir("latent-table") / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(LatentTableTest, ReadsEncodesTableSkippingRowsWithoutALatent) {
  // Columns in any order; z2 before z0 and an extra column are fine.
  const auto path = write("latents.csv",
                          "line,smiles,z2,z0,z1,note\n"
                          "1,CCO,0.5,-1.25,3e-2,a\n"
                          "2,not_smiles!,,,,b\n"
                          "\n"
                          "4,\"C(=O)O\",1,2,3,c\n");
  const auto table = read_latent_table(path);
  EXPECT_EQ(table.width, 3);
  ASSERT_EQ(table.rows(), 2);
  EXPECT_EQ(table.skipped, 1);
  EXPECT_EQ(table.lines, (std::vector<long>{2, 5}));
  EXPECT_EQ(table.ids, (std::vector<std::string>{"CCO", "C(=O)O"}));
  EXPECT_EQ(table.values, (std::vector<float>{-1.25f, 0.03f, 0.5f, 2.0f, 3.0f, 1.0f}));
}

TEST(LatentTableTest, WhatIsWrittenReadsBackWithEmptyRowsSkipped) {
  const auto path = (test::temp_dir("latent-table") / "written.csv").string();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> values = {0.5f, -2.0f, nan, nan, 1e-7f, 3.25f};
  EXPECT_EQ(write_latent_table(path, {3, 4, 7}, {"CCO", "bad", "C,C"}, values.data(), 2), 2);
  const auto table = read_latent_table(path);
  EXPECT_EQ(table.width, 2);
  EXPECT_EQ(table.skipped, 1);
  EXPECT_EQ(table.ids, (std::vector<std::string>{"CCO", "C,C"}));  // quoted and back
  EXPECT_EQ(table.lines, (std::vector<long>{2, 4}));               // the file's lines
  EXPECT_EQ(table.values, (std::vector<float>{0.5f, -2.0f, 1e-7f, 3.25f}));
}

TEST(LatentTableTest, BadRecordsAndHeadersNameTheFileAndLine) {
  auto message = [](const std::string& text) {
    try {
      read_latent_table(write("bad.csv", text));
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("line,z0,z1\n1,0.5,abc\n").find("bad.csv:2: z1 is not a finite number: 'abc'"),
            std::string::npos);
  EXPECT_NE(message("line,z0,z1\n1,0.5,nan\n").find("bad.csv:2:"), std::string::npos);
  EXPECT_NE(message("line,z0,z1\n1,0.5,1\n2,0.5\n").find("bad.csv:3: missing field z1"), std::string::npos);
  EXPECT_NE(message("line,z0,z1\n1,0.5,\n").find("bad.csv:2:"), std::string::npos);  // half empty
  EXPECT_NE(message("line,smiles,x0\n1,C,1\n").find("bad.csv:1: no latent columns"), std::string::npos);
  EXPECT_NE(message("").find("bad.csv:1: empty file"), std::string::npos);
  EXPECT_THROW(read_latent_table("/nonexistent/latents.csv"), IoError);
}

}  // namespace
}  // namespace sild::core
