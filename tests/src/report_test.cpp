// The HTML report: built from a store holding a train -> generate -> eval chain (made through
// the store's own API), it finds the whole chain from any of its runs, holds every section,
// and renders in headless Chromium with every image decoded and no console errors.
#include "src/report/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/errors.h"
#include "src/report/svg_plot.h"
#include "src/store/curves.h"
#include "src/store/database.h"
#include "src/store/molecules.h"
#include "src/store/run_files.h"
#include "src/store/runs.h"
#include "test_support.h"

namespace sild::core {
namespace {

struct Fixture {
  std::filesystem::path dir;
  int64_t train = 0, generate = 0, eval = 0;
};

Fixture make_store(const std::string& dataset_name) {
  Fixture f;
  f.dir = test::temp_dir("report");
  const auto data = f.dir / dataset_name;
  std::filesystem::create_directories(data);
  std::ofstream(data / "test.smi") << "CCO\nc1ccccc1O\nCC(=O)Oc1ccccc1C(=O)O\nCCN(CC)CC\nbroken(\n";
  store::Database database((f.dir / "sild.sqlite").string());
  {
    store::RunRecorder run(database, {"train", "model", "sild train --out model", "{\"out\": \"model\"}"});
    store::CurveWriter curves(database, run.id());
    for (int step = 10; step <= 100; step += 10) {
      curves.add("stage1", step, "loss", 2.0 / step);
      curves.add("stage1", step, "val_token_accuracy", 1.0 - 1.0 / step);
      curves.add("stage2", step, "loss", 1.0 / step);
    }
    curves.flush();
    store::record_run_file(database, run.id(), "data", "in", (data / "train.smi").string());
    store::record_run_file(database, run.id(), "model", "out", (f.dir / "model").string());
    run.finish();
    f.train = run.id();
  }
  {
    store::RunRecorder run(database, {"generate", "lib", "sild generate --model model", "{\"n\": 5}"});
    store::store_molecules(database, run.id(),
                           {"CCO", "c1ccccc1C(=O)N", "not_smiles", "C1CCCCC1N", "O=C(O)c1ccncc1"}, 1);
    store::record_run_file(database, run.id(), "model", "in", (f.dir / "model").string());
    store::record_run_file(database, run.id(), "library", "out", (f.dir / "lib.smi").string());
    run.finish();
    f.generate = run.id();
  }
  {
    store::RunRecorder run(database, {"eval", "eval", "sild eval --generated lib.smi", "{}"});
    run.add_metrics({{"valid", 0.8}, {"unique@10000", 1.0}, {"FCD/Test", std::nullopt}, {"SNN/Test", 0.41}},
                    "1");
    store::record_run_file(database, run.id(), "generated", "in", (f.dir / "lib.smi").string());
    store::record_run_file(database, run.id(), "test", "in", (data / "test.smi").string());
    run.finish();
    f.eval = run.id();
  }
  return f;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportTest, FindsTheWholeChainFromAnyRunAndWritesEverySection) {
  auto f = make_store("qm9");
  store::Database database((f.dir / "sild.sqlite").string());
  for (int64_t start : {f.train, f.generate, f.eval}) {
    ReportOptions options;
    options.run_id = start;
    options.output = (f.dir / "report.html").string();
    options.threads = 1;
    auto summary = write_report(database, options);
    EXPECT_EQ(summary.train_run, f.train) << start;
    EXPECT_EQ(summary.generate_run, f.generate) << start;
    EXPECT_EQ(summary.eval_run, f.eval) << start;
    EXPECT_EQ(summary.molecules_drawn, 4);      // the valid ones
    EXPECT_EQ(summary.reference_molecules, 4);  // test.smi without its broken line
    EXPECT_FALSE(summary.baselines_shown);      // not a MOSES test set
  }
  const auto html = read(f.dir / "report.html");
  EXPECT_EQ(count(html, "<img "), 4u);
  EXPECT_EQ(count(html, "data:image/svg+xml;base64,"), 4u);
  EXPECT_EQ(count(html, "<svg "), 4u + 3u);  // QED/logP/MW/SA histograms + stage1 loss, accuracy, stage2 loss
  for (const char* text :
       {"<h2>Metrics</h2>", "<h2>Sampled molecules</h2>", "<h2>Property distributions</h2>",
        "<h2>Training</h2>", "<h2>Configuration and provenance</h2>", "c1ccccc1C(=O)N" /*raw*/,
        "sild generate --model model", "SNN/Test", "n/a", "test.smi", "stage1: loss"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(html.find("CharRNN"), std::string::npos);
  EXPECT_EQ(count(html, "http://"), count(html, "xmlns=\"http://"))
      << "only SVG namespaces may mention a URL: the report loads nothing";
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);

  ReportOptions options;
  options.run_id = f.eval;
  options.output = (f.dir / "with-baselines.html").string();
  options.baselines = "always";
  EXPECT_TRUE(write_report(database, options).baselines_shown);
  EXPECT_NE(read(f.dir / "with-baselines.html").find("<td>CharRNN</td>"), std::string::npos);
  options.run_id = 999;
  EXPECT_THROW(write_report(database, options), InputError);
}

TEST(ReportTest, PutsSeveralRunsSideBySide) {
  auto f = make_store("nci");
  store::Database database((f.dir / "sild.sqlite").string());
  int64_t second = 0;
  {  // a second library (say from a fine-tuned model) with its own evaluation
    store::RunRecorder run(database, {"generate", "tuned", "sild generate --model tuned", "{\"n\": 3}"});
    store::store_molecules(database, run.id(), {"CCCl", "Clc1ccccc1", "CC(Cl)O"}, 1);
    store::record_run_file(database, run.id(), "library", "out", (f.dir / "tuned.smi").string());
    run.finish();
    second = run.id();
    store::RunRecorder eval(database, {"eval", "eval-tuned", "sild eval --generated tuned.smi", "{}"});
    eval.add_metrics({{"valid", 1.0}, {"SNN/Test", 0.27}, {"KL", 0.5}}, "1");
    store::record_run_file(database, eval.id(), "generated", "in", (f.dir / "tuned.smi").string());
    eval.finish();
  }
  ReportOptions options;
  options.run_id = f.generate;
  options.compare = {second};
  options.output = (f.dir / "both.html").string();
  options.threads = 1;
  auto summary = write_report(database, options);
  EXPECT_EQ(summary.columns, 2);
  EXPECT_EQ(summary.generate_run, f.generate);  // the summary's chain is the first run's
  EXPECT_EQ(summary.molecules_drawn, 4 + 3);
  const auto html = read(f.dir / "both.html");
  EXPECT_EQ(count(html, "<div class=\"column\">"), 2u);
  EXPECT_EQ(count(html, "<img "), 7u);
  for (const char* text : {"lib (#", "tuned (#", "<th>metric</th><th>lib (#", "0.41", "0.27", "Clc1ccccc1"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  // A metric only one run has shows n/a for the other; the grid comes before the metrics.
  EXPECT_NE(html.find("<td>KL</td><td class=\"num\">n/a</td><td class=\"num\">0.5</td>"), std::string::npos);
  EXPECT_LT(html.find("<h2>Sampled molecules</h2>"), html.find("<h2>Metrics</h2>"));
  options.compare = {999};
  EXPECT_THROW(write_report(database, options), InputError);
}

TEST(ReportTest, ShowsBaselinesForAMosesTestSetByDefault) {
  auto f = make_store("moses");
  store::Database database((f.dir / "sild.sqlite").string());
  ReportOptions options;
  options.run_id = f.generate;
  options.output = (f.dir / "report.html").string();
  EXPECT_TRUE(write_report(database, options).baselines_shown);
  const auto html = read(f.dir / "report.html");
  EXPECT_NE(html.find("<td>JTN-VAE</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">0.8</td>"), std::string::npos);  // ours, in the baseline table
}

TEST(SvgPlotTest, PlotsAreDeterministicEscapedAndSkipUnplottablePoints) {
  PlotSeries series{"a<b", {1, 10, 100, 0, -1}, {1, 0.5, std::nan(""), 2, 3}, ""};
  PlotOptions options{"title & more", "sigma", "rank", 400, 300, true, false, true};
  const auto svg = line_plot_svg({series}, options);
  EXPECT_EQ(svg, line_plot_svg({series}, options));
  EXPECT_NE(svg.find("title &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b"), std::string::npos);
  EXPECT_EQ(count(svg, "<circle"), 2u);            // x = 0, -1 on a log axis and y = NaN are skipped
  EXPECT_NE(svg.find(">10<"), std::string::npos);  // a decade tick
  const auto histogram =
      histogram_svg({{"g", {0.1, 0.2, 0.2, 0.9}, ""}, {"r", {0.5}, "#000"}}, 4, {"h", "x", "y"});
  EXPECT_EQ(count(histogram, "<rect x="), 1u + 3u + 1u);  // frame, 3 bins of g, 1 of r
  EXPECT_EQ(count(histogram, "stroke-width=\"2\""), 2u);  // the two legend keys
  PlotSeries dashed{"baseline", {1, 2}, {1, 2}, "", true};
  const auto two = line_plot_svg({series, dashed}, options);
  EXPECT_EQ(count(two, "stroke-dasharray"), 2u);  // the dashed line and its legend key
}

TEST(SvgPlotTest, ManySeriesPutTheLegendBesideThePlotNotOverIt) {
  PlotOptions options{"t", "x", "y", 400, 300, false, false, false};
  std::vector<PlotSeries> few, many;
  for (int k = 0; k < 8; ++k) {
    PlotSeries s{"series number " + std::to_string(k), {0, 1}, {0, double(k)}, ""};
    if (k < 4) few.push_back(s);
    many.push_back(s);
  }
  const auto inside = line_plot_svg(few, options);
  EXPECT_NE(inside.find("width=\"400\" height=\"300\" viewBox=\"0 0 400 300\""), std::string::npos);
  EXPECT_NE(inside.find("text-anchor=\"end\">series number 0<"), std::string::npos);  // in the corner
  const auto beside = line_plot_svg(many, options);
  EXPECT_EQ(beside.find("width=\"400\""), std::string::npos);  // the canvas grew
  // Every legend label starts right of the plot frame (x = 400 - 14).
  size_t labels = 0;
  for (size_t at = beside.find("<text x=\""); at != std::string::npos;
       at = beside.find("<text x=\"", at + 1)) {
    const double x = std::stod(beside.substr(at + 9));
    const size_t close = beside.find('>', at), end = beside.find('<', close);
    if (beside.compare(close + 1, 13, "series number") != 0) continue;
    EXPECT_GT(x, 400 - 14) << beside.substr(close + 1, end - close - 1);
    ++labels;
  }
  EXPECT_EQ(labels, 8u);
}

std::string run_capture(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  pclose(pipe);
  return output;
}

TEST(ReportTest, RendersInHeadlessChromiumWithAllImagesAndNoConsoleErrors) {
  const std::string chromium = "/usr/bin/chromium";
  ASSERT_TRUE(std::filesystem::exists(chromium))
      << "install Debian's chromium (scripts/install-deps.sh does)";
  auto f = make_store("moses");
  store::Database database((f.dir / "sild.sqlite").string());
  ReportOptions options;
  options.run_id = f.eval;
  options.output = (f.dir / "report.html").string();
  write_report(database, options);
  const std::string flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir=" +
                            (f.dir / "chromium-profile").string() + " --virtual-time-budget=5000 ";
  const std::string url = "file://" + options.output;
  const auto dom = run_capture(chromium + " " + flags + "--enable-logging=stderr --v=0 --dump-dom " + url +
                               " 2>" + (f.dir / "console.txt").string());
  std::smatch match;
  ASSERT_TRUE(
      std::regex_search(dom, match, std::regex("data-images=\"(\\d+)\" data-broken-images=\"(\\d+)\"")))
      << "the page's load handler did not run; DOM starts: " << dom.substr(0, 300);
  EXPECT_EQ(match[1].str(), "4");
  EXPECT_EQ(match[2].str(), "0");
  const auto console = read(f.dir / "console.txt");
  EXPECT_EQ(console.find(":CONSOLE"), std::string::npos) << console;

  const auto screenshot = f.dir / "report.png";
  run_capture(chromium + " " + flags + "--window-size=1200,2400 --screenshot=" + screenshot.string() + " " +
              url + " 2>/dev/null");
  ASSERT_TRUE(std::filesystem::exists(screenshot));
  EXPECT_GT(std::filesystem::file_size(screenshot), 20000u);  // a blank page compresses to a few kB
  // Kept for a person to look at: build/report-screenshot.png.
  std::filesystem::copy_file(screenshot,
                             std::filesystem::path(SILD_BINARY).parent_path() / "report-screenshot.png",
                             std::filesystem::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace sild::core
