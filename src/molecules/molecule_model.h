// A trained molecule model as a directory, and the two things done with one: training it
// (Stage 1, latent statistics, Stage 2) and using it (sample, reconstruct, encode).
//   MODEL_DIR/config.ini        TrainConfig, readable with --config
//   MODEL_DIR/vocab.txt         the vocabulary
//   MODEL_DIR/autoencoder.pt    E and G after Stage 1
//   MODEL_DIR/latent_stats.pt   per-channel mean/std of the training latents
//   MODEL_DIR/denoiser.pt       EMA weights of F after Stage 2
//   MODEL_DIR/stage{1,2}.ckpt   resumable training state (weights, optimiser, step)
//   MODEL_DIR/training_data.txt the training file's absolute path (for novelty checks)
//   MODEL_DIR/novelty.bin       an exported model: its training set's novelty reference (sild export)
//   MODEL_DIR/init.txt          a fine-tuned model: the model directory it started from
//   MODEL_DIR/charrnn.pt        --method charrnn: the LSTM in place of the two stages
//   MODEL_DIR/charrnn.ckpt      ... and its resumable training state
// A stage counts as done when its final file exists; files are written atomically.
#pragma once

#include <ATen/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/distributed.h"
#include "models/training.h"
#include "src/molecules/molecule_dataset.h"
#include "src/molecules/train_config.h"

namespace sild::core {

class NoveltyReference;  // novelty_reference.h

struct TrainOptions {
  std::string data;  ///< a .smi/.csv file, or a directory with train.smi (MOSES-style split)
  std::string smiles_column = "smiles";
  std::string out;            ///< the model directory
  std::string stage = "all";  ///< 1, 2 or all
  bool resume = false;        ///< continue interrupted stages from their checkpoints
  std::string device = "auto";
  int threads = 0;
  int64_t limit = 0;  ///< use at most this many training records (0 = all)
  /// Fine-tuning: a finished model directory whose networks, vocabulary and weights the run
  /// starts from (its network keys replace config's, see network_keys()). A molecule with a token
  /// outside its vocabulary is skipped and counted, never changed.
  std::string init;
  /// With `init`: "2" keeps its Stage 1 (autoencoder and latent statistics) as it is and
  /// continues Stage 2; "all" continues Stage 1 too, then re-encodes and continues Stage 2.
  std::string finetune = "2";
  TrainConfig config;
  models::DistributedOptions distributed;  ///< world_size 1 = a single process
  models::TrainObserver observer;          ///< progress and validation events (rank 0)
  std::function<bool()> should_stop;       ///< Ctrl-C
  /// Called once with the configuration the run uses (flags, or config.ini when resuming, with
  /// max-length resolved from the data), before training: the CLI logs it and stores it with the run.
  std::function<void(const TrainConfig&)> on_config;
};

struct TrainSummary {
  int64_t train_molecules = 0;
  int64_t validation_molecules = 0;
  SkipCounts skipped;
  int64_t max_length = 0;
  int64_t vocabulary_size = 0;
  models::TrainResult stage1;
  models::TrainResult stage2;
  models::TrainResult char_rnn;  ///< --method charrnn: its one training run (no stages)
  bool stage1_skipped = false;   ///< already done in MODEL_DIR
  bool stage2_skipped = false;
  bool stopped = false;     ///< interrupted; --resume continues
  bool fine_tuned = false;  ///< started from TrainOptions::init
};

/// Trains (or continues training) the model in options.out.
TrainSummary train_molecule_model(const TrainOptions& options);

/// The training file recorded in MODEL_DIR/training_data.txt (absolute path), or empty when the
/// model directory has no record (made by an older sild).
std::string recorded_training_data(const std::string& model_directory);

/// An exported model's novelty reference, in its directory (see novelty_reference.h).
inline constexpr const char* kNoveltyFile = "novelty.bin";

/// What --novel checks a model's samples against: the recorded training file when it is still
/// there, else the model's novelty.bin, else empty.
std::string novelty_source(const std::string& model_directory);

struct SampleOptions {
  int64_t count = 1000;
  int64_t batch_size = 500;
  uint64_t seed = 0;
  std::optional<std::string> sampler;  ///< override the model's default
  std::optional<int64_t> steps;
  std::optional<double> eta;
  std::function<bool()> should_stop;  ///< polled between batches; true throws sild::Interrupted
};

/// Where sample() spent its time (seconds, summed over batches), for benchmarks and progress.
struct SampleTimings {
  double latents = 0.0;     ///< the reverse process with F
  double decode = 0.0;      ///< G and the argmax
  double detokenize = 0.0;  ///< tokens to SMILES (SELFIES decoding)
};

class MoleculeModel {
 public:
  /// Loads a finished model directory; throws IoError/InputError naming the file that is missing
  /// or unusable (e.g. "stage 2 not trained yet").
  static MoleculeModel load(const std::string& directory, const std::string& device = "auto");
  ~MoleculeModel();
  MoleculeModel(MoleculeModel&&) noexcept;

  /// Generates `count` molecules; entries are SMILES strings (possibly invalid chemistry) or
  /// empty when a sequence could not be turned into SMILES at all.
  /// With `latents`, also the sampled latents before G, unstandardised, [count, m·c] on the CPU
  /// (decode() of them gives the same molecules); a CharRNN has none (InputError).
  std::vector<std::string> sample(const SampleOptions& options, SampleTimings* timings = nullptr,
                                  at::Tensor* latents = nullptr);
  /// G(E(x)) for each SMILES: nullopt when the input cannot be represented (unparsable, longer than
  /// L, or with a token outside the vocabulary). Works in chunks and
  /// polls `should_stop` between them (true throws sild::Interrupted).
  std::vector<std::optional<std::string>> reconstruct(const std::vector<std::string>& smiles,
                                                      const std::function<bool()>& should_stop = {});
  /// E(x) flattened to [N, m·c] (rows for unrepresentable inputs are NaN; none may be representable).
  at::Tensor encode(const std::vector<std::string>& smiles, const std::function<bool()>& should_stop = {});
  /// G(z) for latents [N, m·c] (encode()'s layout): SMILES per row, empty when the decoded
  /// sequence is no molecule. Throws InputError when the width is not m·c or a value is not finite.
  std::vector<std::string> decode(const at::Tensor& latents, const std::function<bool()>& should_stop = {});

  /// Writes the model without its training state to a new directory `directory` (refused when
  /// it exists): config.ini, vocab.txt, the networks (float16 parameters with `half`, which halves
  /// the size and moves samples by rounding only), the latent statistics and, when given, the
  /// novelty reference (kNoveltyFile). What ships. A failed write leaves no directory behind.
  void save(const std::string& directory, bool half, const NoveltyReference* novelty = nullptr) const;

  const TrainConfig& config() const;
  int64_t max_length() const;

 private:
  struct Impl;
  explicit MoleculeModel(std::unique_ptr<Impl> impl);
  std::pair<at::Tensor, std::vector<size_t>> latents_of(const std::vector<std::string>& smiles);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sild::core
