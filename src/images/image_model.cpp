// Image model directory: train pipeline, sample, reconstruct (see image_model.h).
#include "src/images/image_model.h"

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include <chrono>
#include <filesystem>

#include "common/errors.h"
#include "models/checkpoint.h"
#include "models/images/image_autoencoder.h"
#include "models/images/image_stage1_trainer.h"
#include "models/latent_denoiser.h"
#include "models/latents.h"
#include "models/runtime.h"
#include "models/sampler.h"
#include "models/stage2_trainer.h"
#include "src/images/image_datasets.h"
#include "src/util/two_stage.h"

namespace sild::core {

namespace fs = std::filesystem;
namespace {

constexpr const char* kAutoencoderKind = "image-autoencoder";
constexpr const char* kDenoiserKind = "image-stage2-ema";
constexpr int64_t kValidationImages = 1000;

using Paths = ModelDirectory;  // the image model directory holds just the shared files

}  // namespace

ImageTrainSummary train_image_model(const ImageTrainOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const Paths paths{options.out};
  check_stage(options.stage);
  fs::create_directories(paths.dir);
  ImageConfig config = options.config;
  if (fs::exists(paths.config()) && (options.resume || options.stage == "2"))
    read_image_config(paths.config(), config);
  validate(config);
  if (options.on_config) options.on_config(config);
  const c10::Device device = models::setup_runtime({options.device, options.threads, config.seed});
  models::check_precision(models::precision_from_string(config.precision), device);
  write_image_config(config, paths.config());

  ImageDatasetOptions dataset{config.dataset,     images::Split::kTrain, options.data_dir,
                              config.train_limit, config.image_size,     config.seed};
  const auto train = to_tensor(load_image_dataset(dataset));
  dataset.split = images::Split::kTest;
  dataset.limit = kValidationImages;
  const auto validation = to_tensor(load_image_dataset(dataset));
  ImageTrainSummary summary;
  summary.train_images = train.size(0);
  summary.validation_images = validation.size(0);
  spdlog::info("data: {} {} training images {}x{}x{}, {} held out", train.size(0), config.dataset,
               train.size(1), train.size(2), train.size(3), validation.size(0));
  auto prepare_loop = [&](models::TrainLoopOptions& loop, const std::string& checkpoint) {
    loop.checkpoint_path = checkpoint;
    loop.resume = options.resume;
    loop.should_stop = options.should_stop;
  };
  auto finish = [&] {
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
  };

  torch::manual_seed(config.seed);
  models::ImageAutoencoder autoencoder(image_autoencoder_options(config));
  models::LatentDenoiser ema{nullptr};
  at::Tensor train_latents, validation_latents;
  models::LatentStatistics statistics;
  TwoStageSteps steps;
  steps.train_stage1 = [&] {
    auto stage1 = image_stage1_options(config);
    prepare_loop(stage1.loop, paths.stage1_checkpoint());
    return models::train_image_stage1(autoencoder, train, validation, stage1, device, options.observer);
  };
  steps.save_stage1 = [&] { models::save_module(*autoencoder, kAutoencoderKind, paths.autoencoder()); };
  steps.encode_latents = [&] {
    // One token per latent pixel, standardised per channel (docs/method.md, section 4).
    models::load_module(*autoencoder, kAutoencoderKind, paths.autoencoder());
    autoencoder->to(device);
    train_latents = models::encode_image_latents(autoencoder, train, device);
    statistics = models::channel_statistics(train_latents);
    statistics.save(paths.latent_stats());
    validation_latents = models::encode_image_latents(autoencoder, validation, device);
  };
  steps.train_stage2 = [&] {
    torch::manual_seed(config.seed + 1);
    models::LatentDenoiser denoiser(image_denoiser_options(config));
    ema = models::LatentDenoiser(image_denoiser_options(config));
    auto stage2 = image_stage2_options(config);
    prepare_loop(stage2.loop, paths.stage2_checkpoint());
    return models::train_stage2(denoiser, ema, statistics.standardise(train_latents),
                                statistics.standardise(validation_latents), stage2, device, options.observer);
  };
  steps.save_stage2 = [&] { models::save_module(*ema, kDenoiserKind, paths.denoiser()); };
  const auto outcome = run_two_stages(paths, options.stage, steps);
  summary.stage1 = outcome.stage1;
  summary.stage2 = outcome.stage2;
  summary.stage1_skipped = outcome.stage1_skipped;
  summary.stage2_skipped = outcome.stage2_skipped;
  summary.stopped = outcome.stopped;
  return finish();
}

struct ImageModel::Impl {
  std::string directory;
  ImageConfig config;
  c10::Device device{c10::kCPU};
  models::ImageAutoencoder autoencoder{nullptr};
  models::LatentDenoiser denoiser{nullptr};
  models::LatentStatistics statistics;
};

ImageModel::ImageModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ImageModel::~ImageModel() = default;
ImageModel::ImageModel(ImageModel&&) noexcept = default;

ImageModel ImageModel::load(const std::string& directory, const std::string& device) {
  const Paths paths{directory};
  if (!fs::is_directory(directory)) throw IoError(located(directory, 0, "model directory not found"));
  for (const auto& required : {paths.config(), paths.autoencoder()}) {
    if (!fs::exists(required)) {
      throw InputError(
          located(required, 0, "missing from the model directory", "train it with 'sild images train'"));
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->directory = directory;
  read_image_config(paths.config(), impl->config);
  validate(impl->config);
  impl->device = models::resolve_device(device);
  impl->autoencoder = models::ImageAutoencoder(image_autoencoder_options(impl->config));
  models::load_module(*impl->autoencoder, kAutoencoderKind, paths.autoencoder());
  impl->autoencoder->to(impl->device);
  impl->autoencoder->eval();
  if (fs::exists(paths.denoiser()) && fs::exists(paths.latent_stats())) {
    impl->denoiser = models::LatentDenoiser(image_denoiser_options(impl->config));
    models::load_module(*impl->denoiser, kDenoiserKind, paths.denoiser());
    impl->statistics = models::LatentStatistics::load(paths.latent_stats());
    impl->denoiser->to(impl->device);
    impl->denoiser->eval();
  }
  return ImageModel(std::move(impl));
}

const ImageConfig& ImageModel::config() const { return impl_->config; }

at::Tensor ImageModel::sample(const ImageSampleOptions& options) {
  if (!impl_->denoiser) {
    throw InputError(
        located(Paths{impl_->directory}.denoiser(), 0, "stage 2 has not finished for this model",
                "run 'sild images train --stage 2 --out " + impl_->directory + "' (or --resume)"));
  }
  torch::NoGradGuard no_grad;
  auto sampler = image_sampler_options(impl_->config);
  if (options.sampler) sampler.kind = models::sampler_kind_from_string(*options.sampler);
  if (options.steps) sampler.steps = *options.steps;
  const auto shape = impl_->autoencoder->latent_shape();
  auto denoise = [&](const at::Tensor& z, const at::Tensor& sigma) {
    return impl_->denoiser->forward(z, sigma);
  };
  const int64_t side = resolved_image_size(impl_->config);
  std::vector<at::Tensor> out{
      torch::empty({0, image_dataset_shape(impl_->config.dataset).first, side, side})};
  for (int64_t start = 0, batch = 0; start < options.count; start += options.batch_size, ++batch) {
    const int64_t n = std::min(options.batch_size, options.count - start);
    auto generator = models::step_generator(options.seed, batch, models::RandomStream::kImageSampling);
    auto noise = torch::randn({n, shape[1] * shape[2], shape[0]}, generator).to(impl_->device);
    auto z = impl_->statistics.unstandardise(models::sample(denoise, noise, sampler, generator));
    out.push_back(impl_->autoencoder->decode(models::tokens_to_latent_map(z, shape)).clamp(-1.0, 1.0).cpu());
  }
  return torch::cat(out, 0);
}

at::Tensor ImageModel::reconstruct(const at::Tensor& images) {
  torch::NoGradGuard no_grad;
  if (images.size(0) == 0) return images.clone();
  std::vector<at::Tensor> out;
  for (int64_t start = 0; start < images.size(0); start += 256) {
    auto batch = images.slice(0, start, std::min(images.size(0), start + 256)).to(impl_->device);
    out.push_back(impl_->autoencoder->decode(impl_->autoencoder->encode(batch).mean).clamp(-1.0, 1.0).cpu());
  }
  return torch::cat(out, 0);
}

double ImageModel::reconstruction_mse(const at::Tensor& images) {
  return models::image_reconstruction_mse(impl_->autoencoder, images, impl_->device);
}

}  // namespace sild::core
