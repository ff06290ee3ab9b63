// Fine-tuning (`sild train --init`): a model trained on two families of molecules (chlorinated
// benzenes and chlorine-free chains, made here from substituent lists) is fine-tuned on the first
// family alone; its samples must move toward that focused set. Also: the --init model's networks
// and vocabulary are kept, molecules it cannot spell are skipped and counted, and a bad --init is a
// clear error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "chem/fingerprint.h"
#include "chem/similarity.h"
#include "common/errors.h"
#include "src/molecules/molecule_model.h"
#include "test_support.h"

namespace sild::core {
namespace {

namespace fs = std::filesystem;

/// The focused family: 168 chlorobenzenes with two more substituents.
std::vector<std::string> chlorobenzenes() {
  const std::vector<std::string> x = {"C",   "CC",  "O", "N",  "OC",       "C(=O)O",
                                      "C#N", "CCO", "S", "CN", "C(F)(F)F", "N(C)C"};
  const std::vector<std::string> y = {"", "C", "O", "N", "F", "Br", "OC"};
  std::vector<std::string> out;
  for (const auto& a : x) {
    for (const auto& b : y) {
      out.push_back("Clc1ccc(" + a + ")cc1" + b);
      out.push_back("Clc1cc(" + a + ")ccc1" + b);
    }
  }
  return out;
}

/// The other family: 245 chlorine-free chains X-(C)n-Y.
std::vector<std::string> chains() {
  const std::vector<std::string> ends = {"O", "N", "C(=O)O", "C#N", "S", "OC", "N(C)C"};
  std::vector<std::string> out;
  for (const auto& a : ends) {
    for (const auto& b : ends) {
      for (int n = 1; n <= 5; ++n) out.push_back(a + std::string(static_cast<size_t>(n), 'C') + b);
    }
  }
  return out;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const auto& line : lines) out << line << '\n';
}

TrainOptions small_options(const std::string& data, const fs::path& out) {
  TrainOptions options;
  options.data = data;
  options.out = out.string();
  options.device = "cpu";
  options.threads = 1;
  auto& c = options.config;
  c.ambient_dim = 32;
  c.model_dim = 64;
  c.heads = 2;
  c.encoder_layers = 1;
  c.decoder_layers = 1;
  c.latent_channels = 16;
  c.max_length = 32;
  c.stage1_steps = 400;
  c.stage1_batch = 64;
  c.stage1_lr = 1e-3;
  c.stage2_steps = 300;
  c.stage2_batch = 128;
  c.denoiser_hidden = 128;
  c.denoiser_layers = 2;
  c.warmup_steps = 20;
  c.log_interval = 1000;
  c.eval_interval = 0;
  c.checkpoint_interval = 0;
  c.sampler_steps = 20;
  return options;
}

struct Focus {
  double share_with_chlorine = 0;  ///< of the valid samples
  double mean_nearest_tanimoto = 0;
};

Focus focus_of(MoleculeModel& model, const chem::FingerprintMatrix& focused) {
  SampleOptions sample;
  sample.count = 400;
  sample.seed = 3;
  std::vector<std::string> valid;
  for (const auto& smiles : model.sample(sample)) {
    if (!smiles.empty()) valid.push_back(smiles);
  }
  std::vector<size_t> invalid;
  auto fingerprints = chem::morgan_fingerprints(valid, {}, 1, &invalid);
  auto nearest = chem::max_similarity(fingerprints, focused, 1);
  Focus focus;
  for (size_t i = 0; i < valid.size(); ++i) {
    focus.share_with_chlorine += valid[i].find("Cl") != std::string::npos ? 1 : 0;
    focus.mean_nearest_tanimoto += nearest[i];
  }
  focus.share_with_chlorine /= static_cast<double>(valid.size());
  focus.mean_nearest_tanimoto /= static_cast<double>(valid.size());
  return focus;
}

class FineTuneTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::temp_dir("finetune");
    auto both = chlorobenzenes();
    const auto other = chains();
    both.insert(both.end(), other.begin(), other.end());
    write_lines(dir_ / "both.smi", both);
    write_lines(dir_ / "focused.smi", chlorobenzenes());
    auto base = small_options((dir_ / "both.smi").string(), dir_ / "base");
    train_molecule_model(base);
  }
  static fs::path dir_;
};
fs::path FineTuneTest::dir_;

TEST_F(FineTuneTest, Stage2FineTuningMovesSamplesTowardTheFocusedSet) {
  const auto focused_smiles = test::read_lines(dir_ / "focused.smi");
  const auto focused = chem::morgan_fingerprints(focused_smiles, {}, 1);
  auto base_model = MoleculeModel::load((dir_ / "base").string(), "cpu");
  const Focus before = focus_of(base_model, focused);

  auto options = small_options((dir_ / "focused.smi").string(), dir_ / "tuned");
  options.init = (dir_ / "base").string();
  options.config.model_dim = 999;  // a network key: the --init model's value wins
  options.config.stage2_steps = 300;
  options.config.stage2_lr = 5e-4;
  auto summary = train_molecule_model(options);
  EXPECT_TRUE(summary.fine_tuned);
  EXPECT_EQ(summary.stage1.steps_done, 0);  // Stage 1 kept as it is
  EXPECT_EQ(summary.stage2.steps_done, 300);
  EXPECT_TRUE(fs::exists(dir_ / "tuned" / "init.txt"));

  auto tuned = MoleculeModel::load((dir_ / "tuned").string(), "cpu");
  EXPECT_EQ(tuned.config().model_dim, 64);
  const Focus after = focus_of(tuned, focused);
  std::cout << "share with Cl " << before.share_with_chlorine << " -> " << after.share_with_chlorine
            << ", mean nearest Tanimoto to the focused set " << before.mean_nearest_tanimoto << " -> "
            << after.mean_nearest_tanimoto << "\n";
  EXPECT_GT(after.share_with_chlorine, before.share_with_chlorine + 0.25);
  EXPECT_GT(after.mean_nearest_tanimoto, before.mean_nearest_tanimoto + 0.03);
}

TEST_F(FineTuneTest, MoleculesOutsideTheVocabularyAreSkippedAndCounted) {
  auto focused = test::read_lines(dir_ / "focused.smi");
  focused.resize(40);
  focused.push_back("Cl[Ge](C)(C)CCCl");  // germanium and tellurium: not in the base vocabulary
  focused.push_back("ClC1=CC=C(C=C1)[Te]C");
  write_lines(dir_ / "with_unknown.smi", focused);
  auto options = small_options((dir_ / "with_unknown.smi").string(), dir_ / "unknown");
  options.init = (dir_ / "base").string();
  options.finetune = "all";
  options.config.stage1_steps = 5;
  options.config.stage2_steps = 5;
  options.config.validation_fraction = 0.1;
  auto summary = train_molecule_model(options);
  EXPECT_EQ(summary.skipped.unknown_token, 2);
  EXPECT_EQ(summary.train_molecules + summary.validation_molecules, 40);
  EXPECT_EQ(summary.stage1.steps_done, 5);  // Stage 1 continued on request
}

TEST_F(FineTuneTest, BadInitIsAClearError) {
  auto options = small_options((dir_ / "focused.smi").string(), dir_ / "bad");
  options.init = (dir_ / "no-such-model").string();
  EXPECT_THROW(train_molecule_model(options), IoError);
  fs::create_directories(dir_ / "half");
  fs::copy_file(dir_ / "base" / "config.ini", dir_ / "half" / "config.ini");
  options.init = (dir_ / "half").string();
  try {
    train_molecule_model(options);
    FAIL() << "a model directory without weights was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("finished model"), std::string::npos) << error.what();
  }
  options.init = (dir_ / "base").string();
  options.finetune = "3";
  EXPECT_THROW(train_molecule_model(options), ConfigError);
  EXPECT_FALSE(fs::exists(dir_ / "bad"));  // a run that fails before training leaves no folder
}

}  // namespace
}  // namespace sild::core
