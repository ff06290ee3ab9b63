// Training pipeline and inference for a molecule model directory (see molecule_model.h).
#include "src/molecules/molecule_model.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "chem/mol_io.h"
#include "chem/molecule_tokens.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/new_directory.h"
#include "common/parallel.h"
#include "models/char_rnn_trainer.h"
#include "models/checkpoint.h"
#include "models/latent_denoiser.h"
#include "models/latents.h"
#include "models/molecule_autoencoder.h"
#include "models/runtime.h"
#include "models/sampler.h"
#include "models/stage1_trainer.h"
#include "models/stage2_trainer.h"
#include "src/molecules/novelty_reference.h"
#include "src/util/two_stage.h"

namespace sild::core {
namespace fs = std::filesystem;
namespace {

/// Calls `body(chunk, offset)` on consecutive slices of `items` small enough (256) that polling
/// `should_stop` between them answers Ctrl-C within a fraction of a second.
/// Molecules (or latents) handled at a time by reconstruct, encode and decode: interrupts are
/// polled between chunks.
constexpr size_t kChunk = 256;

void for_each_chunk(const std::vector<std::string>& items, const std::function<bool()>& should_stop,
                    const std::function<void(const std::vector<std::string>&, size_t)>& body) {
  std::vector<std::string> chunk;
  for (size_t offset = 0; offset < items.size(); offset += kChunk) {
    if (should_stop && should_stop()) throw Interrupted();
    const size_t end = std::min(items.size(), offset + kChunk);
    chunk.assign(items.begin() + static_cast<std::ptrdiff_t>(offset),
                 items.begin() + static_cast<std::ptrdiff_t>(end));
    body(chunk, offset);
  }
}

/// Token sequences to SMILES ("" where a sequence is no molecule): RDKit's canonical SMILES where
/// RDKit reads the decoded string (the SELFIES decoder writes `[C@@H1]`, `[NH1+1]` and Kekulé
/// rings), else the decoded string as it is, so an invalid one stays visible as such. Per molecule
/// and independent: spread over the cores.
std::vector<std::string> sequences_to_smiles(const std::vector<std::vector<std::string>>& sequences,
                                             chem::Representation representation) {
  std::vector<std::string> out(sequences.size());
  parallel_for(sequences.size(), torch::get_num_threads(), [&](size_t i) {
    auto decoded = chem::tokens_to_smiles(sequences[i], representation);
    if (decoded) out[i] = chem::canonical_smiles(*decoded).value_or(*decoded);
  });
  return out;
}

constexpr const char* kAutoencoderKind = "autoencoder";
constexpr const char* kDenoiserKind = "stage2-ema";
constexpr const char* kCharRnnKind = "charrnn";

/// The molecule model directory: the shared files (src/util/two_stage.h) plus the vocabulary
/// and the training file's provenance.
struct Paths : ModelDirectory {
  std::string vocabulary() const { return file("vocab.txt"); }
  std::string training_data() const { return file("training_data.txt"); }
  std::string init_record() const { return file("init.txt"); }
  std::string char_rnn() const { return file("charrnn.pt"); }
  std::string char_rnn_checkpoint() const { return file("charrnn.ckpt"); }
};

/// The --init model of a fine-tuning run, checked to hold every file it must start from: where
/// its files are and its configuration.
struct InitModel {
  Paths paths;
  TrainConfig config;
};

InitModel init_model(const std::string& directory, const std::string& finetune) {
  if (finetune != "2" && finetune != "all") throw ConfigError("--finetune must be 2 or all");
  const Paths paths{{fs::path(directory)}};
  if (!fs::is_directory(directory)) throw IoError(located(directory, 0, "--init model directory not found"));
  std::vector<std::string> files{paths.config(), paths.vocabulary()};
  TrainConfig config;
  if (fs::exists(paths.config())) read_train_config(paths.config(), config);
  if (is_char_rnn(config)) {
    files.push_back(paths.char_rnn());
  } else {
    files.insert(files.end(), {paths.autoencoder(), paths.latent_stats(), paths.denoiser()});
  }
  for (const auto& required : files) {
    if (!fs::exists(required)) {
      throw InputError(located(required, 0, "missing: --init needs a finished model (both stages)",
                               "train it to the end first, or name another model directory"));
    }
  }
  return {paths, config};
}

void write_line(const std::string& path, const std::string& line) {
  AtomicFile record(path);
  record.stream() << line << '\n';
  record.commit();
}

std::string training_file(const std::string& data) {
  if (fs::is_directory(data)) {
    for (const char* name : {"train.smi", "train.smi.gz", "train.csv", "train.csv.gz"}) {
      if (fs::exists(fs::path(data) / name)) return (fs::path(data) / name).string();
    }
    throw InputError(
        located(data, 0, "no train.smi in this directory", "prepare a dataset with 'sild data prepare'"));
  }
  if (!fs::exists(data)) throw IoError(located(data, 0, "training data not found"));
  return data;
}

/// A prepared dataset's valid.smi when `data` is its directory (GuacaMol ships one), else "".
std::string validation_file(const std::string& data) {
  if (!fs::is_directory(data)) return {};
  const auto path = fs::path(data) / "valid.smi";
  return fs::exists(path) ? path.string() : std::string();
}

/// Deterministic shuffle-split of row indices into (train, validation).
std::pair<at::Tensor, at::Tensor> split_rows(int64_t n, double fraction, uint64_t seed) {
  auto order = torch::randperm(n, models::step_generator(seed, 0, models::RandomStream::kValidationSplit),
                               torch::kLong);
  int64_t held_out =
      n > 1 ? std::min<int64_t>(n - 1, static_cast<int64_t>(fraction * static_cast<double>(n))) : 0;
  return {order.slice(0, held_out), order.slice(0, 0, held_out)};
}

using PrepareLoop = std::function<void(models::TrainLoopOptions&, const std::string&)>;

/// The CharRNN baseline's model directory: one network, charrnn.pt, and its checkpoint. A
/// finished one is not trained again; `init_weights` (fine-tuning) starts it from another's.
models::TrainResult train_char_rnn_directory(const Paths& paths, const TrainConfig& config,
                                             const models::TokenData& train,
                                             const models::TokenData& validation, int64_t vocabulary_size,
                                             const std::string& init_weights, const c10::Device& device,
                                             const TrainOptions& options, const PrepareLoop& prepare_loop) {
  if (fs::exists(paths.char_rnn())) {
    spdlog::info("charrnn: done already ({})", paths.char_rnn());
    return {};
  }
  torch::manual_seed(config.seed);
  models::CharRnn model(char_rnn_options(config, vocabulary_size));
  if (!init_weights.empty()) models::load_module(*model, kCharRnnKind, init_weights);
  auto train_options = char_rnn_train_options(config);
  prepare_loop(train_options.loop, paths.char_rnn_checkpoint());
  auto result = models::train_char_rnn(model, train, validation, train_options, device, options.observer);
  if (!result.stopped && options.distributed.rank == 0)
    models::save_module(*model, kCharRnnKind, paths.char_rnn());
  return result;
}

}  // namespace

TrainSummary train_molecule_model(const TrainOptions& options) {
  const Paths paths{{fs::path(options.out)}};
  const bool is_main = options.distributed.rank == 0;
  check_stage(options.stage);
  // A run that fails before training starts (no data, bad device, bad config) leaves no folder.
  NewDirectory directory(paths.dir);
  if (!is_main) directory.keep();  // only rank 0 tidies up
  models::RuntimeOptions runtime{options.device, options.threads, options.config.seed};
  // One process per GPU under torchrun's convention: LOCAL_RANK picks the device, NCCL connects them.
  const c10::Device device = models::process_device(models::setup_runtime(runtime), options.distributed);
  models::check_precision(models::precision_from_string(options.config.precision), device);
  models::DistributedOptions distributed = options.distributed;
  distributed.cuda = device.is_cuda();
  models::ProcessGroup group(distributed);

  // Config and vocabulary: an existing model directory fixes both (resume, stage 2 only); a
  // fine-tuning run takes them from the --init model.
  TrainConfig config = options.config;
  const bool fine_tune = !options.init.empty();
  std::optional<Paths> init;
  if (fine_tune) {
    auto source = init_model(options.init, options.finetune);
    if (options.stage != "all") throw ConfigError("--init fine-tunes whole models: leave --stage at all");
    keep_network(source.config, config);
    init = source.paths;
  }
  const bool existing = fs::exists(paths.config()) && fs::exists(paths.vocabulary());
  if (options.resume && !existing) {
    throw ConfigError(located(paths.dir.string(), 0, "nothing to resume: no config.ini and vocabulary here",
                              "check --out, or train from scratch without --resume"));
  }
  const bool reuse_directory = existing && (options.resume || options.stage == "2");
  if (reuse_directory) read_train_config(paths.config(), config);
  validate(config);
  const auto representation = representation_of(config);

  MoleculeDatasetOptions dataset_options;
  dataset_options.path = training_file(options.data);
  dataset_options.smiles_column = options.smiles_column;
  dataset_options.representation = representation;
  dataset_options.limit = options.limit;
  dataset_options.threads = options.threads;
  auto molecules = read_tokenized(dataset_options);
  TrainSummary summary;
  summary.skipped = molecules.skipped;
  if (molecules.sequences.empty()) {
    throw InputError(
        located(dataset_options.path, 0, "no usable molecules", "check the file and --smiles-column"));
  }
  std::optional<chem::Vocabulary> vocabulary;
  if (reuse_directory || fine_tune) {
    const std::string path = reuse_directory ? paths.vocabulary() : init->vocabulary();
    vocabulary = chem::Vocabulary::load(path);
    if (vocabulary->representation() != representation) {
      throw ConfigError(located(path, 0, "vocabulary representation differs from the config"));
    }
    if (is_main && !reuse_directory) {
      vocabulary->save(paths.vocabulary());
      write_train_config(config, paths.config());
      write_line(paths.init_record(), fs::absolute(options.init).string());
    }
  } else {
    vocabulary = chem::Vocabulary::build(molecules.sequences, representation);
    if (config.max_length == 0) config.max_length = required_length(molecules.sequences);
    if (is_main) {
      vocabulary->save(paths.vocabulary());
      write_train_config(config, paths.config());
    }
  }
  if (options.on_config) options.on_config(config);  // resolved: max-length is known now
  if (is_main) {  // provenance: `sild generate --novel` compares against this file by default
    write_line(paths.training_data(), fs::absolute(dataset_options.path).string());
  }
  // A fine-tuned model keeps its vocabulary: a molecule it cannot spell is skipped, not changed.
  const UnknownTokens unknown = fine_tune ? UnknownTokens::kSkip : UnknownTokens::kAsUnk;
  auto data = encode_sequences(molecules.sequences, *vocabulary, config.max_length, summary.skipped, nullptr,
                               unknown);
  if (data.size() == 0) {
    throw InputError(located(
        dataset_options.path, 0, "no molecule fits the model (" + summary.skipped.describe() + ")",
        fine_tune ? "fine-tuning keeps the --init model's vocabulary and max length" : "check --max-length"));
  }
  models::TokenData train, validation;
  if (const std::string valid_path = validation_file(options.data); !valid_path.empty()) {
    // The dataset's own validation split, encoded with the training vocabulary (a token train
    // never has is <unk>); a molecule longer than L is skipped and counted.
    MoleculeDatasetOptions valid_options = dataset_options;
    valid_options.path = valid_path;
    valid_options.limit = 0;
    auto valid = read_tokenized(valid_options);
    SkipCounts valid_skipped = valid.skipped;
    validation =
        encode_sequences(valid.sequences, *vocabulary, config.max_length, valid_skipped, nullptr, unknown);
    train = std::move(data);
    spdlog::info("validation: {} molecules from {} ({} skipped)", validation.size(), valid_path,
                 valid_skipped.total());
  } else {
    auto [train_index, validation_index] = split_rows(data.size(), config.validation_fraction, config.seed);
    train = models::take_rows(data, train_index);
    validation = models::take_rows(data, validation_index);
  }
  summary.train_molecules = train.size();
  summary.validation_molecules = validation.size();
  summary.max_length = config.max_length;
  summary.vocabulary_size = vocabulary->size();
  spdlog::info(
      "data: {} train, {} validation molecules, L = {}, vocabulary {} tokens, {} records skipped ({})",
      train.size(), validation.size(), config.max_length, vocabulary->size(), summary.skipped.total(),
      summary.skipped.describe());
  summary.fine_tuned = fine_tune;

  auto prepare_loop = [&](models::TrainLoopOptions& loop, const std::string& checkpoint) {
    loop.checkpoint_path = checkpoint;
    loop.resume = options.resume;
    loop.should_stop = options.should_stop;
    loop.rank = options.distributed.rank;
    loop.world_size = options.distributed.world_size;
    if (options.distributed.world_size > 1) {
      loop.sync_gradients = [&group](std::vector<at::Tensor>& parameters) {
        group.average_gradients(parameters);
      };
    }
  };

  if (is_char_rnn(config)) {
    directory.keep();  // checkpoints from here on are worth keeping
    summary.char_rnn = train_char_rnn_directory(paths, config, train, validation, vocabulary->size(),
                                                init ? init->char_rnn() : "", device, options, prepare_loop);
    summary.stopped = summary.char_rnn.stopped;
    return summary;
  }
  torch::manual_seed(config.seed);
  models::MoleculeAutoencoder autoencoder(autoencoder_options(config, vocabulary->size(), config.max_length));
  models::LatentDenoiser ema{nullptr};
  at::Tensor train_latents, validation_latents;
  models::LatentStatistics statistics;
  TwoStageSteps steps;
  // Fine-tuning starts every network it trains from the --init weights (a resumed run's
  // checkpoint then replaces them).
  const bool keep_stage1 = fine_tune && options.finetune == "2";
  if (keep_stage1 && !fs::exists(paths.autoencoder())) {
    if (is_main) {
      models::load_module(*autoencoder, kAutoencoderKind, init->autoencoder());
      models::save_module(*autoencoder, kAutoencoderKind, paths.autoencoder());
    }
    group.barrier();
    spdlog::info("stage 1: kept from {}", options.init);
  }
  steps.train_stage1 = [&] {
    if (fine_tune) models::load_module(*autoencoder, kAutoencoderKind, init->autoencoder());
    auto stage1 = stage1_options(config);
    prepare_loop(stage1.loop, paths.stage1_checkpoint());
    return models::train_stage1(autoencoder, train, validation, stage1, device, options.observer);
  };
  steps.save_stage1 = [&] {
    if (is_main) models::save_module(*autoencoder, kAutoencoderKind, paths.autoencoder());
  };
  steps.encode_latents = [&] {
    models::load_module(*autoencoder, kAutoencoderKind, paths.autoencoder());
    autoencoder->to(device);
    train_latents = models::encode_latents(autoencoder, train, device);
    // Stage 2 continues in the coordinates it was trained in when Stage 1 is kept.
    statistics = keep_stage1 ? models::LatentStatistics::load(init->latent_stats())
                             : models::latent_statistics(train_latents);
    if (is_main) statistics.save(paths.latent_stats());
    validation_latents = models::encode_latents(autoencoder, validation, device);
  };
  steps.train_stage2 = [&] {
    torch::manual_seed(config.seed + 1);
    models::LatentDenoiser denoiser(denoiser_options(config));
    if (fine_tune) models::load_module(*denoiser, kDenoiserKind, init->denoiser());
    ema = models::LatentDenoiser(denoiser_options(config));
    auto stage2 = stage2_options(config);
    prepare_loop(stage2.loop, paths.stage2_checkpoint());
    return models::train_stage2(
        denoiser, ema, statistics.standardise(train_latents),
        validation_latents.size(0) > 0 ? statistics.standardise(validation_latents) : at::Tensor(), stage2,
        device, options.observer);
  };
  steps.save_stage2 = [&] {
    if (is_main) models::save_module(*ema, kDenoiserKind, paths.denoiser());
  };
  steps.barrier = [&] { group.barrier(); };
  directory.keep();  // checkpoints from here on are worth keeping, even after a failure
  const auto outcome = run_two_stages(paths, options.stage, steps);
  summary.stage1 = outcome.stage1;
  summary.stage2 = outcome.stage2;
  summary.stage1_skipped = outcome.stage1_skipped;
  summary.stage2_skipped = outcome.stage2_skipped;
  summary.stopped = outcome.stopped;
  return summary;
}

struct MoleculeModel::Impl {
  TrainConfig config;
  chem::Vocabulary vocabulary;
  c10::Device device{c10::kCPU};
  models::MoleculeAutoencoder autoencoder{nullptr};
  models::LatentDenoiser denoiser{nullptr};
  models::LatentStatistics statistics;
  models::CharRnn char_rnn{nullptr};  ///< --method charrnn: the only network
};

MoleculeModel::MoleculeModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MoleculeModel::~MoleculeModel() = default;
MoleculeModel::MoleculeModel(MoleculeModel&&) noexcept = default;

MoleculeModel MoleculeModel::load(const std::string& directory, const std::string& device) {
  const Paths paths{{fs::path(directory)}};
  if (!fs::is_directory(directory)) throw IoError(located(directory, 0, "model directory not found"));
  for (const auto& required : {paths.config(), paths.vocabulary()}) {
    if (!fs::exists(required)) {
      throw InputError(
          located(required, 0, "missing from the model directory", "train the model with 'sild train'"));
    }
  }
  TrainConfig config;
  read_train_config(paths.config(), config);
  validate(config);
  if (is_char_rnn(config)) {
    if (!fs::exists(paths.char_rnn())) {
      throw InputError(located(paths.char_rnn(), 0, "the CharRNN has not finished training",
                               "continue it with 'sild train ... --out " + directory + " --resume'"));
    }
    auto vocabulary = chem::Vocabulary::load(paths.vocabulary());
    auto impl = std::make_unique<Impl>(
        Impl{config, vocabulary, models::resolve_device(device), nullptr, nullptr, {}});
    impl->char_rnn = models::CharRnn(char_rnn_options(config, vocabulary.size()));
    models::load_module(*impl->char_rnn, kCharRnnKind, paths.char_rnn());
    impl->char_rnn->to(impl->device);
    impl->char_rnn->eval();
    return MoleculeModel(std::move(impl));
  }
  if (!fs::exists(paths.autoencoder())) {
    throw InputError(located(paths.autoencoder(), 0, "missing from the model directory",
                             "train the model with 'sild train'"));
  }
  if (!fs::exists(paths.denoiser()) || !fs::exists(paths.latent_stats())) {
    throw InputError(located(paths.denoiser(), 0, "stage 2 has not finished for this model",
                             "run 'sild train --stage 2 --out " + directory + "' (or --resume)"));
  }
  auto vocabulary = chem::Vocabulary::load(paths.vocabulary());
  auto impl =
      std::make_unique<Impl>(Impl{config, vocabulary, models::resolve_device(device), nullptr, nullptr, {}});
  impl->autoencoder =
      models::MoleculeAutoencoder(autoencoder_options(config, vocabulary.size(), config.max_length));
  models::load_module(*impl->autoencoder, kAutoencoderKind, paths.autoencoder());
  impl->denoiser = models::LatentDenoiser(denoiser_options(config));
  models::load_module(*impl->denoiser, kDenoiserKind, paths.denoiser());
  impl->statistics = models::LatentStatistics::load(paths.latent_stats());
  impl->autoencoder->to(impl->device);
  impl->denoiser->to(impl->device);
  impl->autoencoder->eval();
  impl->denoiser->eval();
  return MoleculeModel(std::move(impl));
}

void MoleculeModel::save(const std::string& directory, bool half, const NoveltyReference* novelty) const {
  if (fs::exists(directory)) {
    throw IoError(
        located(directory, 0, "already exists", "name a new directory: a model is never overwritten"));
  }
  const Paths paths{{fs::path(directory)}};
  NewDirectory out(paths.dir);  // removed again if a write below fails
  write_train_config(impl_->config, paths.config());
  impl_->vocabulary.save(paths.vocabulary());
  if (impl_->char_rnn) {
    models::save_module(*impl_->char_rnn, kCharRnnKind, paths.char_rnn(), half);
  } else {
    models::save_module(*impl_->autoencoder, kAutoencoderKind, paths.autoencoder(), half);
    models::save_module(*impl_->denoiser, kDenoiserKind, paths.denoiser(), half);
    impl_->statistics.save(paths.latent_stats());
  }
  if (novelty != nullptr) novelty->save(paths.file(kNoveltyFile));
  out.keep();
}

std::string recorded_training_data(const std::string& model_directory) {
  std::ifstream in(Paths{{fs::path(model_directory)}}.training_data());
  std::string path;
  std::getline(in, path);
  return path;
}

std::string novelty_source(const std::string& model_directory) {
  const std::string recorded = recorded_training_data(model_directory);
  if (!recorded.empty() && fs::exists(recorded)) return recorded;
  const fs::path shipped = fs::path(model_directory) / kNoveltyFile;
  return fs::exists(shipped) ? shipped.string() : std::string();
}

const TrainConfig& MoleculeModel::config() const { return impl_->config; }
int64_t MoleculeModel::max_length() const { return impl_->config.max_length; }

std::vector<std::string> MoleculeModel::sample(const SampleOptions& options, SampleTimings* timings,
                                               at::Tensor* latents) {
  if (latents != nullptr && impl_->char_rnn) {
    throw InputError("a CharRNN model (--method charrnn) has no latent space: it has no latents to write");
  }
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> latent_parts;
  auto sampler = sampler_options(impl_->config);
  if (options.sampler) sampler.kind = models::sampler_kind_from_string(*options.sampler);
  if (options.steps) sampler.steps = *options.steps;
  if (options.eta) sampler.eta = *options.eta;
  const auto representation = representation_of(impl_->config);
  const auto& ae = impl_->config;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(options.count));
  SampleTimings spent;
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&clock](double& into) {
    const auto now = std::chrono::steady_clock::now();
    into += std::chrono::duration<double>(now - clock).count();
    clock = now;
  };
  auto denoise = [&](const at::Tensor& z, const at::Tensor& sigma) {
    return impl_->denoiser->forward(z, sigma);
  };
  for (int64_t start = 0, batch = 0; start < options.count; start += options.batch_size, ++batch) {
    if (options.should_stop && options.should_stop()) throw Interrupted();
    const int64_t n = std::min(options.batch_size, options.count - start);
    auto generator = models::step_generator(options.seed, batch, models::RandomStream::kMoleculeSampling);
    std::vector<std::vector<std::string>> sequences;
    if (impl_->char_rnn) {  // token by token; the draws are the whole "decode"
      auto ids = models::sample_char_rnn(impl_->char_rnn, n, ae.max_length, generator, impl_->device);
      lap(spent.decode);
      sequences = decode_ids(ids, impl_->vocabulary);
    } else {
      auto noise = torch::randn({n, ae.latent_tokens, ae.latent_channels}, generator).to(impl_->device);
      auto z = models::sample(denoise, noise, sampler, generator);
      lap(spent.latents);
      auto latent = impl_->statistics.unstandardise(z);
      sequences = decode_ids(impl_->autoencoder->decode_tokens(latent), impl_->vocabulary);
      if (latents != nullptr) latent_parts.push_back(latent.reshape({n, -1}).to(torch::kCPU, torch::kFloat));
      lap(spent.decode);
    }
    auto smiles = sequences_to_smiles(sequences, representation);
    out.insert(out.end(), std::make_move_iterator(smiles.begin()), std::make_move_iterator(smiles.end()));
    lap(spent.detokenize);
  }
  if (timings != nullptr) *timings = spent;
  if (latents != nullptr) *latents = torch::cat(latent_parts);
  return out;
}

/// Latents E(x) of the representable SMILES, and for each latent row the input index it came from.
std::pair<at::Tensor, std::vector<size_t>> MoleculeModel::latents_of(const std::vector<std::string>& smiles) {
  if (impl_->char_rnn) {
    throw InputError(
        "a CharRNN model (--method charrnn) has no latent space: it cannot reconstruct or encode");
  }
  const auto representation = representation_of(impl_->config);
  std::vector<std::vector<std::string>> sequences;
  std::vector<size_t> source;
  for (size_t i = 0; i < smiles.size(); ++i) {
    if (auto tokens = chem::molecule_to_tokens(smiles[i], representation)) {
      sequences.push_back(std::move(*tokens));
      source.push_back(i);
    }
  }
  SkipCounts skipped;
  std::vector<int64_t> kept;
  // A molecule with a token outside the vocabulary is not representable: spelling it <unk> would
  // make a reconstruction of some other molecule.
  auto data = encode_sequences(sequences, impl_->vocabulary, impl_->config.max_length, skipped, &kept,
                               UnknownTokens::kSkip);
  std::vector<size_t> rows;
  for (int64_t k : kept) rows.push_back(source[static_cast<size_t>(k)]);
  if (rows.empty()) return {at::Tensor(), rows};
  return {models::encode_latents(impl_->autoencoder, data, impl_->device), rows};
}

std::vector<std::optional<std::string>> MoleculeModel::reconstruct(const std::vector<std::string>& smiles,
                                                                   const std::function<bool()>& should_stop) {
  torch::NoGradGuard no_grad;
  const auto representation = representation_of(impl_->config);
  std::vector<std::optional<std::string>> out(smiles.size());
  for_each_chunk(smiles, should_stop, [&](const std::vector<std::string>& chunk, size_t offset) {
    auto [latents, rows] = latents_of(chunk);
    if (rows.empty()) return;
    auto decoded = sequences_to_smiles(
        decode_ids(impl_->autoencoder->decode_tokens(latents.to(impl_->device)), impl_->vocabulary),
        representation);
    for (size_t j = 0; j < decoded.size(); ++j) out[offset + rows[j]] = std::move(decoded[j]);
  });
  return out;
}

at::Tensor MoleculeModel::encode(const std::vector<std::string>& smiles,
                                 const std::function<bool()>& should_stop) {
  torch::NoGradGuard no_grad;
  const auto& c = impl_->config;
  auto out = torch::full({static_cast<int64_t>(smiles.size()), c.latent_tokens * c.latent_channels},
                         std::numeric_limits<float>::quiet_NaN());
  for_each_chunk(smiles, should_stop, [&](const std::vector<std::string>& chunk, size_t offset) {
    auto [latents, rows] = latents_of(chunk);
    if (rows.empty()) return;  // nothing representable in this chunk: its rows stay NaN
    auto flat = latents.reshape({latents.size(0), -1});
    for (size_t j = 0; j < rows.size(); ++j) {
      out[static_cast<int64_t>(offset + rows[j])] = flat[static_cast<int64_t>(j)];
    }
  });
  return out;
}

std::vector<std::string> MoleculeModel::decode(const at::Tensor& latents,
                                               const std::function<bool()>& should_stop) {
  if (impl_->char_rnn) {
    throw InputError("a CharRNN model (--method charrnn) has no latent space: it cannot decode latents");
  }
  torch::NoGradGuard no_grad;
  const auto& c = impl_->config;
  const int64_t width = c.latent_tokens * c.latent_channels;
  if (latents.dim() != 2 || latents.size(1) != width) {
    throw InputError(
        "latents have " + std::to_string(latents.dim() == 2 ? latents.size(1) : latents.numel()) +
        " dimensions, this model's have " + std::to_string(width) + " (" + std::to_string(c.latent_tokens) +
        " tokens x " + std::to_string(c.latent_channels) + " channels)");
  }
  if (!torch::isfinite(latents).all().item<bool>()) throw InputError("latents hold a NaN or infinite value");
  const auto representation = representation_of(c);
  const int64_t rows = latents.size(0);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(rows));
  for (int64_t start = 0; start < rows; start += static_cast<int64_t>(kChunk)) {
    if (should_stop && should_stop()) throw Interrupted();
    auto z = latents.slice(0, start, std::min(rows, start + static_cast<int64_t>(kChunk)))
                 .to(impl_->device, torch::kFloat)
                 .reshape({-1, c.latent_tokens, c.latent_channels});
    auto smiles = sequences_to_smiles(decode_ids(impl_->autoencoder->decode_tokens(z), impl_->vocabulary),
                                      representation);
    out.insert(out.end(), std::make_move_iterator(smiles.begin()), std::make_move_iterator(smiles.end()));
  }
  return out;
}

}  // namespace sild::core
