// The HTML report (see report.h): resolve the run chain, gather its data from the store, and
// write one page of plain HTML with inline SVG and data-URI images.
#include "src/report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "chem/depiction.h"
#include "chem/mol_io.h"
#include "chem/properties.h"
#include "chem/sa_score.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/parallel.h"
#include "data/molecule_reader.h"
#include "src/molecules/evaluate.h"
#include "src/report/svg_plot.h"
#include "src/store/curves.h"
#include "src/store/database.h"
#include "src/store/molecules.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "src/util/version.h"

namespace sild::core {
namespace {

// The published MOSES baselines (MOSES README, mean of 3 runs), as listed in
// ../shared/design/metrics.md, "COMPARISONS". They are for models trained on the MOSES set.
constexpr std::array<const char*, 9> kBaselineMetrics = {"valid",    "unique@10000", "FCD/Test",
                                                         "SNN/Test", "Frag/Test",    "Scaf/Test",
                                                         "IntDiv",   "Filters",      "Novelty"};
struct Baseline {
  const char* model;
  std::array<double, 9> values;
};
constexpr Baseline kBaselines[] = {
    {"CharRNN", {0.975, 0.999, 0.073, 0.601, 1.000, 0.924, 0.856, 0.994, 0.842}},
    {"VAE", {0.977, 0.998, 0.099, 0.626, 0.999, 0.939, 0.856, 0.997, 0.695}},
    {"JTN-VAE", {1.000, 1.000, 0.395, 0.548, 0.997, 0.896, 0.855, 0.976, 0.914}},
    {"LatentGAN", {0.897, 0.997, 0.297, 0.537, 0.999, 0.887, 0.857, 0.974, 0.950}},
    {"AAE", {0.937, 0.997, 0.556, 0.608, 0.991, 0.902, 0.856, 0.996, 0.793}},
};

// One colour per column (generated molecules), then the reference set's grey.
constexpr const char* kGenerated[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
constexpr const char* kReference = "#888888";

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 4px; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #ddd; padding: 3px 8px; }
th { background: #f4f4f4; text-align: left; } td.num { text-align: right; font-family: monospace; }
tr.ours td { font-weight: bold; background: #eef5ff; }
.grid { display: flex; flex-wrap: wrap; gap: 8px; } .cell { width: 200px; border: 1px solid #ddd; padding: 4px; }
.cell img { width: 200px; height: 160px; } .smiles { font-family: monospace; font-size: 10px; word-break: break-all; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; } .note { color: #666; font-size: 13px; }
.columns { display: flex; gap: 16px; align-items: flex-start; } .column { flex: 1; min-width: 0; }
.column .cell { width: 150px; } .column .cell img { width: 150px; height: 120px; }
pre { background: #f7f7f7; padding: 6px; font-size: 11px; white-space: pre-wrap; word-break: break-all; }
img.broken { outline: 3px solid red; } #broken-note { color: red; font-weight: bold; }
)css";

// Marks images that failed to decode, so a broken report says so on the page.
constexpr const char* kImageCheck = R"js(
window.addEventListener('load', function () {
  var images = document.images, broken = 0;
  for (var i = 0; i < images.length; ++i) {
    if (!images[i].complete || images[i].naturalWidth === 0) { broken++; images[i].classList.add('broken'); }
  }
  document.body.setAttribute('data-images', String(images.length));
  document.body.setAttribute('data-broken-images', String(broken));
  if (broken > 0) {
    var note = document.getElementById('broken-note');
    note.textContent = broken + ' image(s) failed to render';
    note.hidden = false;
  }
});
)js";

std::string base64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

std::string number(const std::optional<double>& value) {
  if (!value) return "n/a";
  return fmt::format("{:.4g}", *value);
}

struct Chain {
  std::optional<store::RunInfo> train, generate, eval;
};

/// One run of the report with its chain: a column of the grid, the metrics and the histograms.
struct Column {
  Chain chain;
  std::string label;  ///< "this run" alone; else the generation (or given) run's name and id
  std::vector<store::MoleculeRow> molecules;
};

std::optional<std::string> file_of(store::Database& database, int64_t run, const std::string& role,
                                   const std::string& direction) {
  for (const auto& file : store::run_files(database, run)) {
    if (file.role == role && file.direction == direction) return file.path;
  }
  return std::nullopt;
}

/// Follows the recorded files from the requested run to its neighbours in both directions.
Chain resolve_chain(store::Database& database, const store::RunInfo& run) {
  Chain chain;
  auto load = [&](std::optional<int64_t> id) { return id ? store::find_run(database, *id) : std::nullopt; };
  if (run.kind == "eval") chain.eval = run;
  if (run.kind == "generate" || run.kind == "sample") chain.generate = run;
  if (run.kind == "train") chain.train = run;
  if (chain.train && !chain.generate) {
    if (auto path = file_of(database, chain.train->id, "model", "out")) {
      for (int64_t id : store::consumers_of(database, *path)) {
        auto candidate = load(id);
        if (candidate && (candidate->kind == "generate" || candidate->kind == "sample")) {
          chain.generate = candidate;
          break;
        }
      }
    }
  }
  if (chain.eval && !chain.generate) {
    if (auto path = file_of(database, chain.eval->id, "generated", "in"))
      chain.generate = load(store::producer_of(database, *path));
  }
  if (chain.generate && !chain.eval) {
    for (const char* role : {"library", "samples"}) {
      if (auto path = file_of(database, chain.generate->id, role, "out")) {
        auto consumers = store::consumers_of(database, *path, "eval");
        if (!consumers.empty()) chain.eval = load(consumers.front());
      }
    }
  }
  if (chain.generate && !chain.train) {
    if (auto path = file_of(database, chain.generate->id, "model", "in"))
      chain.train = load(store::producer_of(database, *path));
  }
  return chain;
}

std::vector<chem::MolProperties> reference_properties(const std::string& path, const ReportOptions& options) {
  MoleculeReader reader({path, "smiles"});
  std::vector<std::string> smiles;
  MoleculeRecord record;
  while (static_cast<int64_t>(smiles.size()) < options.reference_limit && reader.next(record)) {
    if (!record.error && !record.smiles.empty()) smiles.push_back(record.smiles);
  }
  const chem::SaScorer scorer;
  std::vector<std::optional<chem::MolProperties>> computed(smiles.size());
  parallel_for(smiles.size(), options.threads, [&](size_t i) {
    auto mol = chem::mol_from_smiles(smiles[i]);
    if (!mol) return;
    try {
      computed[i] = chem::compute_properties(chem::read_only(mol), scorer);
    } catch (const InputError&) {
    }
  });
  std::vector<chem::MolProperties> out;
  for (const auto& p : computed) {
    if (p) out.push_back(*p);
  }
  return out;
}

std::string metrics_section(store::Database& database, const std::vector<Column>& columns,
                            bool show_baselines) {
  std::string html = "<h2>Metrics</h2>\n";
  std::vector<std::map<std::string, std::optional<double>>> metrics;
  for (const auto& column : columns) {
    metrics.push_back(column.chain.eval ? store::run_metrics(database, column.chain.eval->id)
                                        : std::map<std::string, std::optional<double>>{});
  }
  if (std::none_of(columns.begin(), columns.end(), [](const Column& c) { return c.chain.eval.has_value(); }))
    return html + "<p class=\"note\">No evaluation of these molecules in the store (run 'sild eval').</p>\n";
  auto value_of = [&](size_t column, const std::string& name) {
    auto it = metrics[column].find(name);
    return it == metrics[column].end() ? std::nullopt : it->second;
  };
  if (show_baselines) {
    html += "<table><tr><th>model</th>";
    for (const char* name : kBaselineMetrics) html += fmt::format("<th>{}</th>", name);
    html += "</tr>\n";
    for (size_t c = 0; c < columns.size(); ++c) {
      html += fmt::format("<tr class=\"ours\"><td>{}</td>", xml_escape(columns[c].label));
      for (const char* name : kBaselineMetrics)
        html += fmt::format("<td class=\"num\">{}</td>", number(value_of(c, name)));
      html += "</tr>\n";
    }
    for (const auto& baseline : kBaselines) {
      html += fmt::format("<tr><td>{}</td>", baseline.model);
      for (double v : baseline.values) html += fmt::format("<td class=\"num\">{:.3f}</td>", v);
      html += "</tr>\n";
    }
    html +=
        "</table>\n<p class=\"note\">Baseline rows: MOSES's published results (mean of 3 runs) for models "
        "trained on the MOSES dataset.</p>\n";
  } else {
    html +=
        "<p class=\"note\">The MOSES baseline rows are shown only for an evaluation against the MOSES test "
        "set "
        "(use --baselines always to show them anyway).</p>\n";
  }
  // MOSES's order first, then anything else the runs stored (GuacaMol scores, counts).
  static const char* const kMosesOrder[] = {
      "valid",      "unique@1000", "unique@10000", "FCD/Test",    "SNN/Test", "Frag/Test", "Scaf/Test",
      "FCD/TestSF", "SNN/TestSF",  "Frag/TestSF",  "Scaf/TestSF", "IntDiv",   "IntDiv2",   "Filters",
      "logP",       "SA",          "QED",          "weight",      "Novelty"};
  std::vector<std::string> order(std::begin(kMosesOrder), std::end(kMosesOrder));
  for (const auto& run : metrics) {
    for (const auto& entry : run) {
      if (std::find(order.begin(), order.end(), entry.first) == order.end()) order.push_back(entry.first);
    }
  }
  html += "<table><tr><th>metric</th>";
  for (const auto& column : columns)
    html += fmt::format("<th>{}</th>", columns.size() == 1 ? "value" : xml_escape(column.label));
  html += "</tr>\n";
  for (const auto& name : order) {
    if (std::none_of(metrics.begin(), metrics.end(), [&](const auto& run) { return run.count(name) != 0; }))
      continue;
    html += fmt::format("<tr><td>{}</td>", xml_escape(name));
    for (size_t c = 0; c < columns.size(); ++c)
      html += fmt::format("<td class=\"num\">{}</td>", number(value_of(c, name)));
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

/// The grid of one column: its first `limit` valid molecules drawn by RDKit.
std::string molecule_grid(const std::vector<store::MoleculeRow>& molecules, int64_t limit, int64_t& drawn) {
  if (molecules.empty()) return "<p class=\"note\">No generated molecules in the store for this run.</p>\n";
  const auto valid = std::count_if(molecules.begin(), molecules.end(), [](const auto& m) { return m.valid; });
  std::string html = fmt::format(
      "<p class=\"note\">The first {} valid of {} molecules ({} valid).</p>\n<div class=\"grid\">\n",
      std::min<int64_t>(limit, valid), molecules.size(), valid);
  int64_t here = 0;
  for (const auto& molecule : molecules) {
    if (here >= limit) break;
    if (!molecule.valid) continue;
    const std::string svg = chem::molecule_svg(molecule.smiles);
    if (svg.empty()) continue;
    html += fmt::format(
        "<div class=\"cell\"><img alt=\"{0}\" src=\"data:image/svg+xml;base64,{1}\">"
        "<div class=\"smiles\">{0}</div><div>QED {2}</div></div>\n",
        xml_escape(molecule.smiles), base64(svg), number(molecule.qed));
    ++here;
  }
  drawn += here;
  return html + "</div>\n";
}

std::string molecules_section(const std::vector<Column>& columns, const ReportOptions& options,
                              int64_t& drawn) {
  std::string html = "<h2>Sampled molecules</h2>\n";
  if (columns.size() == 1)
    return html + molecule_grid(columns.front().molecules, options.grid_molecules, drawn);
  html += "<div class=\"columns\">\n";
  for (const auto& column : columns) {
    html += fmt::format("<div class=\"column\"><h3>{}</h3>\n", xml_escape(column.label));
    html += molecule_grid(column.molecules, options.grid_molecules, drawn) + "</div>\n";
  }
  return html + "</div>\n";
}

std::string histograms_section(const std::vector<Column>& columns,
                               const std::vector<chem::MolProperties>& reference,
                               const std::string& reference_name) {
  if (std::all_of(columns.begin(), columns.end(), [](const Column& c) { return c.molecules.empty(); }))
    return {};
  std::string html = "<h2>Property distributions</h2>\n<div class=\"plots\">\n";
  struct Property {
    const char* title;
    std::optional<double> store::MoleculeRow::*generated;
    double chem::MolProperties::*reference;
  };
  const Property properties[] = {{"QED", &store::MoleculeRow::qed, &chem::MolProperties::qed},
                                 {"logP", &store::MoleculeRow::logp, &chem::MolProperties::logp},
                                 {"MW", &store::MoleculeRow::mw, &chem::MolProperties::mw},
                                 {"SA", &store::MoleculeRow::sa, &chem::MolProperties::sa}};
  for (const auto& property : properties) {
    std::vector<HistogramSample> samples;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].molecules.empty()) continue;
      HistogramSample generated{
          columns.size() == 1 ? "generated" : columns[c].label, {}, kGenerated[c % std::size(kGenerated)]};
      for (const auto& m : columns[c].molecules) {
        if (m.*property.generated) generated.values.push_back(*(m.*property.generated));
      }
      samples.push_back(std::move(generated));
    }
    HistogramSample ref{reference_name, {}, kReference};
    for (const auto& p : reference) ref.values.push_back(p.*property.reference);
    if (!reference.empty()) samples.push_back(ref);
    html += histogram_svg(samples, 30, {property.title, property.title, "density"});
  }
  return html + "</div>\n";
}

std::string curves_section(store::Database& database, const std::vector<Column>& columns) {
  std::string html = "<h2>Training</h2>\n";
  if (std::none_of(columns.begin(), columns.end(), [](const Column& c) { return c.chain.train.has_value(); }))
    return html + "<p class=\"note\">No training run recorded for this model in the store.</p>\n";
  // (column, stage) -> name -> series; the stage's title names the column when there are several.
  std::map<std::pair<size_t, std::string>, std::map<std::string, PlotSeries>> by_stage;
  std::vector<int64_t> plotted;
  for (size_t c = 0; c < columns.size(); ++c) {
    const auto& train = columns[c].chain.train;
    if (!train || std::find(plotted.begin(), plotted.end(), train->id) != plotted.end()) continue;
    plotted.push_back(train->id);
    for (const auto& point : store::run_curves(database, train->id)) {
      const std::string stage =
          columns.size() == 1 ? point.stage : fmt::format("train #{} {}", train->id, point.stage);
      auto& series = by_stage[{c, stage}][point.name];
      series.label = point.name;
      series.x.push_back(static_cast<double>(point.step));
      series.y.push_back(point.value);
    }
  }
  html += "<div class=\"plots\">\n";
  for (const auto& [key, names] : by_stage) {
    const std::string& stage = key.second;
    std::vector<PlotSeries> losses, accuracies;
    for (const auto& [name, series] : names) {
      if (name == "loss" || name == "val_loss") losses.push_back(series);
      if (name.find("accuracy") != std::string::npos || name.find("exact") != std::string::npos) {
        accuracies.push_back(series);
      }
    }
    if (!losses.empty())
      html += line_plot_svg(losses, {stage + ": loss", "step", "loss", 440, 280, false, true});
    if (!accuracies.empty()) {
      html += line_plot_svg(accuracies,
                            {stage + ": reconstruction", "step", "accuracy", 440, 280, false, false, true});
    }
  }
  return html + "</div>\n";
}

std::string provenance_section(store::Database& database, const std::vector<Column>& columns) {
  std::string html = "<h2>Configuration and provenance</h2>\n";
  std::vector<const store::RunInfo*> runs;  // each run once, in column order
  for (const auto& column : columns) {
    for (const auto* run : {&column.chain.train, &column.chain.generate, &column.chain.eval}) {
      if (*run && std::none_of(runs.begin(), runs.end(), [&](const auto* r) { return r->id == (*run)->id; }))
        runs.push_back(&**run);
    }
  }
  for (const auto* run : runs) {
    const auto& r = *run;
    html += fmt::format("<h3>{} run {} ({})</h3>\n<table>\n", xml_escape(r.kind), r.id, xml_escape(r.name));
    auto row = [&](const char* key, const std::string& value) {
      html += fmt::format("<tr><th>{}</th><td><pre>{}</pre></td></tr>\n", key, xml_escape(value));
    };
    row("command", r.command_line);
    row("status", r.effective_status() + (r.message.empty() ? "" : ": " + r.message));
    row("started / ended", r.started_at + " / " + r.ended_at);
    row("host", r.host);
    row("config", r.config);
    row("versions", r.versions);
    for (const auto& file : store::run_files(database, r.id))
      row((file.direction + " " + file.role).c_str(), file.path);
    if (r.kind == "train") {
      if (auto model = file_of(database, r.id, "model", "out")) {
        std::ifstream in(*model + "/config.ini");
        std::stringstream text;
        text << in.rdbuf();
        if (in) row("config.ini", text.str());
      }
    }
    html += "</table>\n";
  }
  return html;
}

}  // namespace

ReportSummary write_report(store::Database& database, const ReportOptions& options) {
  if (options.baselines != "auto" && options.baselines != "always" && options.baselines != "never") {
    throw ConfigError("--baselines must be auto, always or never");
  }
  std::vector<int64_t> ids{options.run_id};
  ids.insert(ids.end(), options.compare.begin(), options.compare.end());
  std::vector<Column> columns;
  std::vector<store::RunInfo> requested;
  for (int64_t id : ids) {
    auto run = store::find_run(database, id);
    if (!run) {
      throw InputError(located(database.path(), 0, fmt::format("no run {} in the store", id),
                               "list the runs with 'sild runs list'"));
    }
    Column column;
    column.chain = resolve_chain(database, *run);
    const auto& named = column.chain.generate ? *column.chain.generate : *run;
    column.label = ids.size() == 1 ? "this run" : fmt::format("{} (#{})", named.name, named.id);
    if (column.chain.generate) column.molecules = store::run_molecules(database, column.chain.generate->id);
    columns.push_back(std::move(column));
    requested.push_back(*run);
  }
  const Chain& chain = columns.front().chain;
  const store::RunInfo& run = requested.front();
  ReportSummary summary;
  summary.train_run = chain.train ? chain.train->id : 0;
  summary.generate_run = chain.generate ? chain.generate->id : 0;
  summary.eval_run = chain.eval ? chain.eval->id : 0;
  summary.columns = static_cast<int64_t>(columns.size());

  // The histograms' reference is the first run's: its evaluation's test set, else its training data.
  std::optional<std::string> reference_path;
  if (chain.eval) reference_path = file_of(database, chain.eval->id, "test", "in");
  if (!reference_path && chain.train) reference_path = file_of(database, chain.train->id, "data", "in");
  // `train --data DIR` / `--dataset NAME` records the dataset directory: its molecules are train.smi.
  if (reference_path && std::filesystem::is_directory(*reference_path)) {
    reference_path = (std::filesystem::path(*reference_path) / "train.smi").string();
  }
  summary.baselines_shown =
      options.baselines == "always" ||
      (options.baselines == "auto" && reference_path && reference_path->find("moses") != std::string::npos);
  const bool any_molecules =
      std::any_of(columns.begin(), columns.end(), [](const Column& c) { return !c.molecules.empty(); });
  std::vector<chem::MolProperties> reference;
  std::string reference_name = "reference";
  if (reference_path && any_molecules && std::filesystem::exists(*reference_path)) {
    // The test set's properties are in the statistics `sild eval` cached; compute only without them.
    if (auto stats = cached_reference_statistics(database, *reference_path)) {
      for (size_t i = 0; i < stats->qed.size(); ++i) {
        reference.push_back({stats->qed[i], stats->sa[i], stats->logp[i], stats->weight[i]});
      }
    } else {
      reference = reference_properties(*reference_path, options);
    }
    reference_name = std::filesystem::path(*reference_path).filename().string();
  }
  summary.reference_molecules = static_cast<int64_t>(reference.size());

  std::string chain_text;
  for (const auto& column : columns) {
    std::string links;
    for (const auto* r : {&column.chain.train, &column.chain.generate, &column.chain.eval}) {
      if (*r) links += (links.empty() ? "" : " &rarr; ") + fmt::format("{} #{}", (*r)->kind, (*r)->id);
    }
    chain_text += (chain_text.empty() ? "" : "; ") + links;
  }
  std::string title = fmt::format("run {}", run.id);
  for (size_t i = 1; i < requested.size(); ++i) title += fmt::format(" vs {}", requested[i].id);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sild report: {0}</title>\n"
      "<style>{1}</style></head>\n<body>\n<h1>sild report: {0}</h1>\n"
      "<p class=\"note\">{2} run '{3}', {4}; runs in this report: {5}. Written by sild {6} at {7}.</p>\n"
      "<p id=\"broken-note\" hidden></p>\n",
      title, kStyle, xml_escape(run.kind), xml_escape(run.name), xml_escape(run.effective_status()),
      chain_text, kVersion, store::utc_now());
  // The molecules first: what a chemist looks at, on the first screen.
  html += molecules_section(columns, options, summary.molecules_drawn);
  html += metrics_section(database, columns, summary.baselines_shown);
  html += histograms_section(columns, reference, reference_name);
  html += curves_section(database, columns);
  html += provenance_section(database, columns);
  html += fmt::format("<script>{}</script>\n</body></html>\n", kImageCheck);
  AtomicFile file(options.output);
  file.stream() << html;
  file.commit();
  return summary;
}

}  // namespace sild::core
