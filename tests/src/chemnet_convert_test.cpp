// The README's ChemNet install step as written: tools/chemnet_to_safetensors.py converts a
// weight file in fcd_torch's format (here a small one with random weights that Python builds
// the way fcd_torch's ChemNet_v0.13_pretrained.pt is laid out) and `sild eval --chemnet` then
// reports FCD. Needs Debian's python3-torch (scripts/install-deps.sh installs it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/metrics/chemnet.h"
#include "test_support.h"

namespace sild {
namespace {

constexpr const char* kMakeWeights = R"py(
import sys, torch
torch.manual_seed(1)
spec = [("Conv1d", dict(in_channels=35, out_channels=8, kernel_size=4, stride=2), dict(padding="same", activation="selu")),
        ("LSTM", dict(input_size=8, hidden_size=6, batch_first=True), dict(reverse=True, last=True))]
config = []
for kind, kwargs, info in spec:
    layer = torch.nn.Conv1d(**kwargs) if kind == "Conv1d" else torch.nn.LSTM(**kwargs)
    config.append((kind, (layer.state_dict(), kwargs, info)))
torch.save(config, sys.argv[1])
)py";

TEST(ChemNetConvertTest, TheReadmeConversionGivesWeightsThatEvalUses) {
  auto dir = test::temp_dir("chemnet-convert");
  std::ofstream(dir / "make.py") << kMakeWeights;
  const auto pt = dir / "ChemNet_v0.13_pretrained.pt";
  ASSERT_EQ(std::system(("/usr/bin/python3 " + (dir / "make.py").string() + " " + pt.string()).c_str()), 0)
      << "python3-torch is needed (scripts/install-deps.sh installs it)";
  const auto tool =
      std::filesystem::path(SILD_TEST_DATA_DIR) / ".." / ".." / "tools" / "chemnet_to_safetensors.py";
  const auto weights = dir / "chemnet.safetensors";
  ASSERT_EQ(
      std::system((tool.string() + " " + pt.string() + " " + weights.string() + " > /dev/null").c_str()), 0);
  auto net = models::load_chemnet(weights.string());
  ASSERT_EQ(net->layers().size(), 2u);
  EXPECT_EQ(net->layers()[0].kernel_size, 4);
  EXPECT_EQ(net->layers()[0].stride, 2);
  EXPECT_EQ(net->layers()[0].activation, "selu");
  EXPECT_TRUE(net->layers()[1].reverse);
  EXPECT_EQ(net->feature_size(), 6);

  {
    std::ofstream generated(dir / "gen.smi"), test_set(dir / "test.smi");
    for (const char* s : {"CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCl", "OCCO"}) generated << s << "\n";
    for (const char* s : {"CCCC", "c1ccncc1", "CC(C)O", "CBr", "C1CCCCC1", "NCC(=O)O"}) test_set << s << "\n";
  }
  const std::string eval = test::sild_binary().string() + " --log-level warn eval --generated " +
                           (dir / "gen.smi").string() + " --test " + (dir / "test.smi").string() +
                           " --chemnet " + weights.string() + " --store " + (dir / "sild.sqlite").string() +
                           " --json " + (dir / "m.json").string() + " > /dev/null";
  ASSERT_EQ(std::system(eval.c_str()), 0);
  std::ifstream in(dir / "m.json");
  std::stringstream json;
  json << in.rdbuf();
  const auto at = json.str().find("\"FCD/Test\": ");
  ASSERT_NE(at, std::string::npos) << json.str();
  const double fcd = std::stod(json.str().substr(at + 12));
  EXPECT_GT(fcd, 0.0);
}

}  // namespace
}  // namespace sild
