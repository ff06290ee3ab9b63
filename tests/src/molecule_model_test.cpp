// The molecule model directory end to end on a tiny configuration: train both stages, load,
// sample, reconstruct and encode; a finished stage is not redone; resume after an interruption
// continues to the same weights; bad model directories give clear errors.
#include "src/molecules/molecule_model.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>

#include "chem/mol_io.h"
#include "common/errors.h"
#include "src/molecules/model_export.h"
#include "src/molecules/novelty_reference.h"
#include "test_support.h"

namespace sild::core {
namespace {

std::string tiny_dataset(const std::filesystem::path& dir) {
  const std::vector<std::string> molecules = {"CCO",  "CCN",    "CCC",      "CCCl", "c1ccccc1", "CC(=O)O",
                                              "CCOC", "NCCO",   "OCCO",     "CC#N", "C1CC1",    "C1CCC1",
                                              "CCS",  "CC(C)C", "OC(=O)CN", "COC"};
  auto path = dir / "train.smi";
  std::ofstream out(path);
  for (int repeat = 0; repeat < 4; ++repeat) {
    for (const auto& m : molecules) out << m << "\n";
  }
  return path.string();
}

TrainOptions tiny_options(const std::filesystem::path& dir) {
  TrainOptions options;
  options.data = tiny_dataset(dir);
  options.out = (dir / "model").string();
  options.device = "cpu";
  options.threads = 1;
  auto& c = options.config;
  c.ambient_dim = 16;
  c.model_dim = 32;
  c.heads = 2;
  c.encoder_layers = 1;
  c.decoder_layers = 1;
  c.latent_channels = 8;
  c.stage1_steps = 30;
  c.stage1_batch = 16;
  c.stage2_steps = 30;
  c.stage2_batch = 16;
  c.denoiser_hidden = 32;
  c.denoiser_layers = 1;
  c.warmup_steps = 5;
  c.log_interval = 10;
  c.eval_interval = 0;
  c.checkpoint_interval = 10;
  c.sampler_steps = 8;
  c.validation_fraction = 0.1;
  return options;
}

TEST(MoleculeModelTest, TrainsLoadsSamplesReconstructsAndEncodes) {
  auto dir = test::temp_dir("model");
  auto options = tiny_options(dir);
  std::vector<std::string> stages;
  options.observer = [&](const models::TrainEvent& event) { stages.push_back(event.stage); };
  auto summary = train_molecule_model(options);
  EXPECT_EQ(summary.stage1.steps_done, 30);
  EXPECT_EQ(summary.stage2.steps_done, 30);
  EXPECT_GT(summary.train_molecules, 50);
  EXPECT_NE(std::find(stages.begin(), stages.end(), "stage2"), stages.end());
  for (const char* file : {"config.ini", "vocab.txt", "autoencoder.pt", "latent_stats.pt", "denoiser.pt"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "model" / file)) << file;
  }
  auto model = MoleculeModel::load(options.out, "cpu");
  SampleOptions sample;
  sample.count = 12;
  sample.batch_size = 5;
  sample.seed = 1;
  auto first = model.sample(sample);
  EXPECT_EQ(first.size(), 12u);
  EXPECT_EQ(model.sample(sample), first);  // same seed, same molecules
  int canonical_checked = 0;               // written as canonical SMILES, not the SELFIES decoder's spelling
  for (const auto& smiles : first) {
    if (auto canonical = chem::canonical_smiles(smiles)) {
      EXPECT_EQ(smiles, *canonical);
      ++canonical_checked;
    }
  }
  EXPECT_GT(canonical_checked, 0);
  // The sampled latents: the same molecules again, and G of them is those molecules.
  at::Tensor sampled;
  EXPECT_EQ(model.sample(sample, nullptr, &sampled), first);
  EXPECT_EQ(sampled.sizes(), (std::vector<int64_t>{12, 8}));
  EXPECT_EQ(model.decode(sampled), first);
  // CCBr: the vocabulary has no Br, so the model cannot spell it; it is not representable (never
  // encoded with Br replaced by <unk>).
  auto reconstructed = model.reconstruct({"CCO", "not_smiles!", "c1ccccc1", "CCBr"});
  ASSERT_EQ(reconstructed.size(), 4u);
  EXPECT_TRUE(reconstructed[0].has_value());
  EXPECT_FALSE(reconstructed[1].has_value());
  EXPECT_FALSE(reconstructed[3].has_value());
  auto latents = model.encode({"CCO", "not_smiles!", "CCBr"});
  EXPECT_EQ(latents.sizes(), (std::vector<int64_t>{3, 8}));
  EXPECT_TRUE(torch::isnan(latents[1]).all().item<bool>());
  EXPECT_TRUE(torch::isnan(latents[2]).all().item<bool>());
  EXPECT_FALSE(torch::isnan(latents[0]).any().item<bool>());
  // decode(encode(x)) is reconstruct(x); a latent of another width or with NaN is refused.
  auto both = model.encode({"CCO", "c1ccccc1"});
  auto decoded = model.decode(both);
  auto again_reconstructed = model.reconstruct({"CCO", "c1ccccc1"});
  ASSERT_EQ(decoded.size(), 2u);
  EXPECT_EQ(decoded[0], *again_reconstructed[0]);
  EXPECT_EQ(decoded[1], *again_reconstructed[1]);
  EXPECT_THROW(model.decode(torch::zeros({2, 7})), InputError);
  EXPECT_THROW(model.decode(latents), InputError);  // rows 1 and 2 are NaN

  // `sild export`: a copy without training state samples exactly the same; float16 weights move
  // the latents by rounding only and halve the network files; an existing directory is refused.
  model.save((dir / "copy").string(), /*half=*/false);
  EXPECT_FALSE(std::filesystem::exists(dir / "copy" / "stage1.ckpt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "copy" / "training_data.txt"));
  EXPECT_EQ(MoleculeModel::load((dir / "copy").string(), "cpu").sample(sample), first);
  EXPECT_THROW(model.save((dir / "copy").string(), true), IoError);
  model.save((dir / "half").string(), /*half=*/true);
  EXPECT_LT(std::filesystem::file_size(dir / "half" / "autoencoder.pt"),
            std::filesystem::file_size(dir / "copy" / "autoencoder.pt") * 3 / 4);
  auto half = MoleculeModel::load((dir / "half").string(), "cpu");
  auto full_latents = model.encode({"CCO", "c1ccccc1"});
  auto half_latents = half.encode({"CCO", "c1ccccc1"});
  const double moved = (half_latents - full_latents).abs().max().item<double>();
  EXPECT_GT(moved, 0.0) << "float16 weights are rounded";
  EXPECT_LT(moved, 0.02 * (full_latents.abs().max().item<double>() + 1.0));

  // export_model adds the novelty reference of the recorded training file, and an export of an
  // export carries it on (the training file is not recorded there).
  ExportOptions exported;
  exported.model = options.out;
  exported.out = (dir / "exported").string();
  exported.half = true;
  exported.threads = 1;
  auto summary_export = export_model(exported);
  EXPECT_EQ(summary_export.novelty_molecules, 16);
  EXPECT_EQ(novelty_source(exported.out), (dir / "exported" / kNoveltyFile).string());
  EXPECT_TRUE(NoveltyReference::load(novelty_source(exported.out)).contains("CCO"));
  exported.model = exported.out;
  exported.out = (dir / "exported-again").string();
  EXPECT_EQ(export_model(exported).novelty_molecules, 16);
  EXPECT_THROW(export_model(exported), IoError);  // exists now

  // A second run finds both stages done and trains nothing.
  auto again = train_molecule_model(options);
  EXPECT_TRUE(again.stage1_skipped);
  EXPECT_TRUE(again.stage2_skipped);
}

TEST(MoleculeModelTest, ADatasetsValidSmiIsTheValidationSet) {
  auto dir = test::temp_dir("model-valid");
  auto options = tiny_options(dir);
  options.data = dir.string();  // the directory: train.smi, and now valid.smi
  options.config.stage1_steps = 2;
  options.config.stage2_steps = 2;
  std::ofstream(dir / "valid.smi") << "CCO\nCCCO\nCCBr\nCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\n";
  const auto summary = train_molecule_model(options);
  EXPECT_EQ(summary.train_molecules, 64);  // all of train.smi: nothing is held out
  // CCBr's Br, which train.smi lacks, is <unk>; the long chain exceeds L and is skipped.
  EXPECT_EQ(summary.validation_molecules, 3);
}

TEST(MoleculeModelTest, AnInterruptedRunResumesToTheSameModel) {
  auto dir = test::temp_dir("model-resume");
  auto straight_options = tiny_options(dir / "a");
  std::filesystem::create_directories(dir / "a");
  straight_options.data = tiny_dataset(dir / "a");
  train_molecule_model(straight_options);

  std::filesystem::create_directories(dir / "b");
  auto options = tiny_options(dir / "b");
  int64_t seen = 0;
  options.observer = [&](const models::TrainEvent& event) { seen = event.step; };
  options.should_stop = [&] { return seen >= 20; };
  auto stopped = train_molecule_model(options);
  EXPECT_TRUE(stopped.stopped);
  options.should_stop = nullptr;
  options.resume = true;
  auto resumed = train_molecule_model(options);
  EXPECT_EQ(resumed.stage1.resumed_from, 20);
  auto a = MoleculeModel::load(straight_options.out, "cpu");
  auto b = MoleculeModel::load(options.out, "cpu");
  SampleOptions sample;
  sample.count = 6;
  EXPECT_EQ(a.sample(sample), b.sample(sample));
}

TEST(MoleculeModelTest, TheCharRnnBaselineTrainsAndSamplesInAModelDirectory) {
  auto dir = test::temp_dir("model-charrnn");
  auto options = tiny_options(dir);
  options.config.method = "charrnn";
  options.config.charrnn_hidden = 32;
  options.config.charrnn_layers = 2;
  options.config.charrnn_steps = 150;
  options.config.charrnn_batch = 16;
  options.config.charrnn_lr = 1e-2;
  options.config.eval_interval = 50;
  std::vector<double> validation_loss;
  options.observer = [&](const models::TrainEvent& event) {
    if (event.validation) validation_loss.push_back(event.values.at(0).second);
  };
  auto summary = train_molecule_model(options);
  EXPECT_EQ(summary.char_rnn.steps_done, 150);
  EXPECT_EQ(summary.stage1.steps_done, 0);
  ASSERT_GE(validation_loss.size(), 2u);
  EXPECT_LT(validation_loss.back(), validation_loss.front());
  EXPECT_TRUE(std::filesystem::exists(dir / "model" / "charrnn.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir / "model" / "autoencoder.pt"));

  auto model = MoleculeModel::load(options.out, "cpu");
  SampleOptions sample;
  sample.count = 60;
  sample.batch_size = 25;
  sample.seed = 4;
  auto molecules = model.sample(sample);
  ASSERT_EQ(molecules.size(), 60u);
  EXPECT_EQ(model.sample(sample), molecules);  // same seed, same molecules
  // The language is the 16 training molecules: a trained model mostly repeats them.
  const auto training = test::read_lines(options.data);
  int seen = 0;
  for (const auto& smiles : molecules) {
    seen += std::find(training.begin(), training.end(), smiles) != training.end() ? 1 : 0;
  }
  EXPECT_GT(seen, 30) << "of 60";
  EXPECT_THROW(model.reconstruct({"CCO"}), InputError);  // no latent space
  EXPECT_THROW(model.encode({"CCO"}), InputError);
  at::Tensor none;
  EXPECT_THROW(model.sample(SampleOptions{}, nullptr, &none), InputError);
  EXPECT_TRUE(train_molecule_model(options).char_rnn.steps_done == 0);  // done already: not trained again
}

TEST(MoleculeModelTest, BrokenModelDirectoriesGiveClearErrors) {
  auto dir = test::temp_dir("model-broken");
  EXPECT_THROW(MoleculeModel::load((dir / "nothing").string()), IoError);
  std::filesystem::create_directories(dir / "m");
  EXPECT_THROW(MoleculeModel::load((dir / "m").string()), InputError);
  auto options = tiny_options(dir);
  options.stage = "1";
  train_molecule_model(options);
  try {
    MoleculeModel::load(options.out);
    FAIL() << "a stage-1-only model loaded";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("stage 2"), std::string::npos) << error.what();
  }
  std::ofstream(std::filesystem::path(options.out) / "config.ini", std::ios::app) << "stage1-stpes = 3\n";
  options.stage = "2";
  EXPECT_THROW(train_molecule_model(options), ConfigError);  // the typo is named
}

}  // namespace
}  // namespace sild::core
