// A small SVG plotting module: line plots (linear or log axes) and overlaid density histograms,
// as standalone <svg> elements that an HTML report inlines or a command writes to a file.
// No scripts, no external fonts; the same input always gives the same bytes.
#pragma once

#include <string>
#include <vector>

namespace sild::core {

struct PlotSeries {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;  ///< same length as x; non-finite points are skipped
  std::string color;      ///< CSS colour; empty = the next palette colour
  bool dashed = false;    ///< draw the line (and its legend entry) dashed
};

struct PlotOptions {
  std::string title;
  std::string x_label;
  std::string y_label;
  int width = 440;
  int height = 280;
  bool log_x = false;  ///< non-positive values are skipped on a log axis
  bool log_y = false;
  bool markers = false;  ///< draw a dot at every point
};

/// Lines through each series' points, with axes, ticks, labels and a legend.
std::string line_plot_svg(const std::vector<PlotSeries>& series, const PlotOptions& options);

struct HistogramSample {
  std::string label;
  std::vector<double> values;  ///< non-finite values are ignored
  std::string color;
};

/// Overlaid histograms over a shared range (the pooled 0.5th..99.5th percentiles), each
/// normalised to a density so samples of different sizes compare; `bins` equal-width bins.
std::string histogram_svg(const std::vector<HistogramSample>& samples, int bins, const PlotOptions& options);

/// Escapes &, <, >, " and ' for HTML/SVG text and attributes.
std::string xml_escape(const std::string& text);

}  // namespace sild::core
