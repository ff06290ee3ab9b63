// `sild data prepare` and `sild data download`: flags -> core options -> library calls, recorded in the
// store.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "common/errors.h"
#include "common/json.h"
#include "data/dataset_download.h"
#include "data/dataset_prepare.h"
#include "src/cli/command.h"
#include "src/store/datasets.h"
#include "src/util/interrupt.h"
#include "src/util/option_value.h"
#include "src/util/progress.h"

namespace sild::cli {

namespace {

/// Prints the preparation counts and records the dataset and its splits in the store.
void report_and_record(const core::PrepareOptions& options, const core::PrepareReport& report,
                       const std::string& store_path, const std::string& source) {
  const bool column = options.split == core::SplitKind::kColumn;
  std::cout << fmt::format(
      "dataset {} in {}\n  lines read       {}\n  kept             {}\n  skipped: empty   {}\n"
      "  skipped: broken  {}\n  skipped: unparsable {}\n{}  skipped: duplicate  {}\n  skipped: filtered   "
      "{}\n"
      "  train            {}\n{}  test             {}\n  test_scaffolds   {}\n  scaffolds        {}\n",
      options.name, report.directory, report.lines, report.kept, report.empty, report.broken,
      report.unparsable, column ? fmt::format("  skipped: bad split  {}\n", report.bad_split) : "",
      report.duplicate, report.filtered, report.train,
      report.valid > 0 ? fmt::format("  valid            {}\n", report.valid) : "", report.test,
      report.test_scaffolds, report.scaffolds);
  store::Database database(store_path);
  std::vector<store::SplitRecord> splits;
  for (const auto& [split, count] : {std::pair<const char*, int64_t>{"train", report.train},
                                     {"valid", report.valid},
                                     {"test", report.test},
                                     {"test_scaffolds", report.test_scaffolds}}) {
    const std::string path = report.directory + "/" + split + ".smi";
    if (std::filesystem::exists(path)) splits.push_back({split, path, count});
  }
  store::record_dataset(database, options.name, source,
                        JsonObject()
                            .add("split", core::to_string(options.split))
                            .add("split_column", column ? options.split_column : "")
                            .add("test_fraction", options.test_fraction)
                            .add("scaffold_fraction", options.scaffold_fraction)
                            .add("moses_filters", options.moses_filters)
                            .add("seed", static_cast<int64_t>(options.seed))
                            .str(),
                        report.counts_json(), splits);
}

/// The flags `prepare` and `download` share (everything but the input).
// data/ reports through callbacks: here they become progress lines, warnings on stderr and Ctrl-C.
void report_to_console(core::PrepareOptions& options) {
  auto progress = std::make_shared<core::Progress>("prepare", "lines");
  options.progress = [progress](int64_t lines) { progress->tick(lines - progress->count()); };
  options.warn = [](const std::string& message) { spdlog::warn("{}", message); };
  options.should_stop = [] { return core::interrupted(); };
}

void add_prepare_flags(po::options_description& flags, core::PrepareOptions& options, std::string& split,
                       std::string& store_path) {
  flags.add_options()("datasets", core::value_with_default(&options.datasets_dir),
                      "where datasets are written")(
      "split", core::value_with_default(&split),
      "scaffold (train/test/test_scaffolds, MOSES-style), random (train/test), column (as --split-column "
      "says), or files (one file per split)")(
      "split-column", core::value_with_default(&options.split_column),
      "--split column: the CSV column naming each molecule's split (train, valid, test or test_scaffolds)")(
      "test-fraction", core::value_with_default(&options.test_fraction),
      "share of the remaining molecules put in test.smi")(
      "scaffold-fraction", core::value_with_default(&options.scaffold_fraction),
      "share of molecules in test_scaffolds.smi (whole scaffolds held out)")(
      "moses-filters", po::bool_switch(&options.moses_filters), "drop molecules that fail the MOSES filters")(
      "seed", core::value_with_default(&options.seed),
      "split seed (the split is a pure function of it and the molecules)")(
      "threads", core::value_with_default(&options.threads), "worker threads, 0 = all cores")(
      "store", core::value_with_default(&store_path), "results database");
}

core::SplitKind parse_split(const std::string& split) {
  try {
    return core::split_kind_from_string(split);
  } catch (const std::exception& error) {
    throw UsageError(error.what());
  }
}

int run_prepare(const std::vector<std::string>& rest) {
  core::PrepareOptions options;
  std::string split = "scaffold", store_path = "sild.sqlite";
  std::string split_files[4];  // train, valid, test, test_scaffolds
  const char* const split_names[4] = {"train", "valid", "test", "test_scaffolds"};
  po::options_description flags("data prepare options");
  flags.add_options()("input,i", po::value(&options.input), "molecules: .smi/.csv/.sdf, .gz accepted")(
      "train-file", po::value(&split_files[0]),
      "instead of --input, one file per split, kept as given: train")(
      "valid-file", po::value(&split_files[1]), "... valid (GuacaMol publishes one)")(
      "test-file", po::value(&split_files[2]), "... test")("test-scaffolds-file", po::value(&split_files[3]),
                                                           "... test_scaffolds (MOSES publishes one)")(
      "name", po::value(&options.name)->required(), "dataset name (a directory under --datasets)")(
      "smiles-column", core::value_with_default(&options.smiles_column), "SMILES column for CSV input");
  add_prepare_flags(flags, options, split, store_path);
  po::variables_map values;
  if (!parse_command_line("data prepare",
                          "(--input FILE | --train-file FILE [--test-file FILE ...]) --name NAME [options]",
                          rest, flags, values)) {
    return 0;
  }
  std::string source;
  for (int i = 0; i < 4; ++i) {
    if (split_files[i].empty()) continue;
    options.inputs.push_back({split_files[i], split_names[i]});
    source += (source.empty() ? "" : " ") + split_files[i];
  }
  if (!options.inputs.empty()) {
    if (!options.input.empty()) throw UsageError("give either --input or the per-split files, not both");
    if (!values["split"].defaulted() && split != "files") {
      throw UsageError("per-split files keep their split; drop --split " + split);
    }
    split = "files";
  } else if (options.input.empty()) {
    throw UsageError("sild data prepare: --input (or --train-file and the other split files) is required");
  } else {
    source = options.input;
  }
  options.split = parse_split(split);
  report_to_console(options);
  auto report = core::prepare_dataset(options);
  report_and_record(options, report, store_path, source);
  return 0;
}

int run_download(const std::vector<std::string>& rest) {
  core::FetchOptions fetch;
  core::PrepareOptions& options = fetch.prepare;
  std::string name, url, sha256, split = "scaffold", store_path = "sild.sqlite";
  std::string known;
  for (const auto& source : core::dataset_sources())
    known += "\n  " + source.name + ": " + source.description;
  po::options_description flags(
      "data download options (known datasets:" + known +
      ")\n\nA dataset that ships its own split (MOSES, GuacaMol) is prepared with it unless "
      "--split is given");
  flags.add_options()("dataset", po::value(&name)->required(), "which dataset (see the list above)")(
      "name", po::value(&options.name), "dataset name to prepare it as (default: the dataset's own)")(
      "url", po::value(&url), "download from this address instead (a mirror; one-file datasets)")(
      "sha256", po::value(&sha256),
      "expected SHA-256 of the file (replaces the built-in checksums; one-file datasets)")(
      "force", po::bool_switch(&fetch.force), "download again even when a verified copy is present");
  add_prepare_flags(flags, options, split, store_path);
  po::positional_options_description positional;
  positional.add("dataset", 1);
  po::variables_map values;
  if (!parse_command_line("data download", "NAME [options]", rest, flags, values, &positional)) return 0;
  fetch.source = core::dataset_source(name);
  fetch.publishers_split = values["split"].defaulted();
  options.split = parse_split(split);
  if (!url.empty() || !sha256.empty()) {
    if (fetch.source.files.size() != 1) {
      throw UsageError(
          fmt::format("{} has {} files, so --url and --sha256 do not apply (hint: download them yourself "
                      "and run 'sild data prepare --train-file ... --test-file ...')",
                      name, fetch.source.files.size()));
    }
    auto& file = fetch.source.files.front();
    if (!url.empty()) file.url = url;
    if (!sha256.empty()) {  // the user's pin replaces every checksum in the table
      file.sha256 = sha256;
      file.md5.clear();
      file.git_blob_sha1.clear();
    }
  }
  fetch.should_stop = [] { return core::interrupted(); };
  std::optional<core::Progress> progress;
  int64_t reported = 0;
  fetch.progress = [&](const core::DatasetFile& file, int64_t done, int64_t total) {
    if (!progress) {  // curl knows the size once the headers are in: wait for it, for a percentage
      if (total <= 0 && done <= 0) return;
      progress.emplace("download " + file.file_name, "bytes", total);
      reported = 0;
    }
    if (done > reported) progress->tick(done - reported);
    reported = std::max(reported, done);
  };
  fetch.downloaded = [&](const core::DatasetFile&, const core::DownloadResult& result) {
    if (progress) progress->finish();
    progress.reset();
    if (result.reused) {
      spdlog::info("download: {} is already here ({} bytes)", result.path, result.bytes);
    } else {
      spdlog::info("download: {} bytes -> {}", result.bytes, result.path);
    }
    if (result.checksum_verified) {
      spdlog::info("download: {} verified (sha256 {})", result.checksum_kind, result.sha256);
    } else {
      spdlog::warn("download: sha256 {} (no published checksum known to this sild; pass --sha256 to pin it)",
                   result.sha256);
    }
  };
  report_to_console(options);
  const auto report = core::fetch_dataset(fetch);
  std::string source;
  for (const auto& file : fetch.source.files) source += (source.empty() ? "" : " ") + file.url;
  report_and_record(report.prepared_with, report.prepared, store_path, source);
  return 0;
}

/// `data list` and `data show NAME`: what the store holds about prepared datasets.
int run_list_or_show(const std::string& action, const std::vector<std::string>& rest) {
  std::string name, store_path = "sild.sqlite";
  po::options_description flags("data " + action + " options");
  flags.add_options()("store", core::value_with_default(&store_path), "results database");
  po::positional_options_description positional;
  if (action == "show") {
    flags.add_options()("dataset", po::value(&name)->required(), "the dataset's name (see 'sild data list')");
    positional.add("dataset", 1);
  }
  po::variables_map values;
  if (!parse_command_line("data " + action, action == "show" ? "NAME [--store DB]" : "[--store DB]", rest,
                          flags, values, &positional)) {
    return 0;
  }
  require_existing_store(store_path);
  store::Database database(store_path);
  if (action == "list") {
    std::cout << fmt::format("{:<16} {:>9} {:>9} {:>9} {:>14}  {:<20} {}\n", "name", "train", "valid", "test",
                             "test_scaffolds", "prepared", "source");
    for (const auto& dataset : store::list_datasets(database)) {
      std::map<std::string, std::string> counts;
      for (const auto& split : dataset.splits) counts[split.name] = std::to_string(split.molecules);
      auto count = [&](const char* split) { return counts.count(split) != 0 ? counts[split] : "-"; };
      std::cout << fmt::format("{:<16} {:>9} {:>9} {:>9} {:>14}  {:<20} {}\n", dataset.name, count("train"),
                               count("valid"), count("test"), count("test_scaffolds"), dataset.created_at,
                               dataset.source);
    }
    return 0;
  }
  const auto dataset = store::find_dataset(database, name);
  if (!dataset)
    throw InputError(located(store_path, 0, "no dataset named '" + name + "'", "see 'sild data list'"));
  std::cout << fmt::format(
      "dataset {}\n  prepared: {}\n  source:   {}\n  options:  {}\n  counts:   {}\n  splits:\n",
      dataset->name, dataset->created_at, dataset->source, dataset->options_json, dataset->counts_json);
  for (const auto& split : dataset->splits) {
    std::cout << fmt::format("    {:<15} {:>9}  {}\n", split.name, split.molecules, split.path);
  }
  return 0;
}

}  // namespace

int run_data(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout
        << "usage: sild data prepare --input FILE --name NAME [options]\n"
           "       sild data download NAME [options]\n"
           "       sild data list | show NAME [--store DB]\n\n"
           "  prepare   canonicalise, de-duplicate, filter and split molecule files into\n"
           "            DATASETS/NAME/{train,test,test_scaffolds}.smi, or keep the publisher's split\n"
           "            (also valid.smi) (see 'sild data prepare --help')\n"
           "  download  fetch a public dataset (moses, zinc250k, guacamol, qm9), verify it, prepare it\n"
           "            (see 'sild data download --help')\n"
           "  list      the prepared datasets in the results database, with their split sizes\n"
           "  show      one dataset: source, options, skipped-line counts, split files\n";
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "prepare") return run_prepare(rest);
  if (args[0] == "download") return run_download(rest);
  if (args[0] == "list" || args[0] == "show") return run_list_or_show(args[0], rest);
  throw UsageError("sild data: unknown action '" + args[0] + "' (expected prepare, download, list or show)");
}

}  // namespace sild::cli
