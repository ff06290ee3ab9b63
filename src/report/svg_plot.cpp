// SVG line plots and histograms (see svg_plot.h).
#include "src/report/svg_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sild::core {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                    "#9467bd", "#8c564b", "#17becf"};
constexpr int kLeft = 58, kRight = 14, kTop = 28, kBottom = 44;

struct Axis {
  double lo = 0.0, hi = 1.0;
  bool log = false;
  double map(double v, double pixels_lo, double pixels_hi) const {
    const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
    const double t = ((log ? std::log10(v) : v) - a) / (b - a);
    return pixels_lo + t * (pixels_hi - pixels_lo);
  }
  /// Tick values: powers of ten on a log axis, a 1-2-5 step otherwise.
  std::vector<double> ticks() const {
    std::vector<double> out;
    if (log) {
      for (double p = std::floor(std::log10(lo)); p <= std::ceil(std::log10(hi)); p += 1.0) {
        const double v = std::pow(10.0, p);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
      }
      if (out.size() < 3) {  // less than two decades: 1-2-5 steps
        out.clear();
        for (double p = std::floor(std::log10(lo)); p <= std::ceil(std::log10(hi)); p += 1.0) {
          for (double m : {1.0, 2.0, 5.0}) {
            const double v = m * std::pow(10.0, p);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
          }
        }
      }
      if (out.size() < 2) out = {lo, hi};
      return out;
    }
    const double raw = (hi - lo) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
      out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
  }
};

std::string tick_label(double v) {
  if (v != 0.0 && (std::abs(v) >= 1e5 || std::abs(v) < 1e-3)) return fmt::format("{:.0e}", v);
  return fmt::format("{:.4g}", v);
}

Axis make_axis(double lo, double hi, bool log) {
  Axis axis;
  axis.log = log;
  if (!(lo < std::numeric_limits<double>::infinity())) lo = log ? 1.0 : 0.0, hi = log ? 10.0 : 1.0;
  if (log) {
    if (hi <= lo) hi = lo * 10.0;
    axis.lo = lo;
    axis.hi = hi;
    return axis;
  }
  if (hi <= lo) {
    const double pad = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double pad = (hi - lo) * 0.04;
  axis.lo = lo - pad;
  axis.hi = hi + pad;
  return axis;
}

bool usable(double v, bool log) { return std::isfinite(v) && (!log || v > 0.0); }

struct LegendEntry {
  std::string label, color;
  bool dashed = false;
};

/// Up to this many labelled series the legend sits inside the plot's top-right corner; with
/// more it would cover the curves, so the canvas grows to the right and the legend sits there.
constexpr size_t kLegendInside = 4;

/// Extra canvas width for an outside legend (0 when the legend fits inside).
int legend_width(const std::vector<LegendEntry>& entries) {
  size_t labelled = 0, longest = 0;
  for (const auto& entry : entries) {
    if (entry.label.empty()) continue;
    ++labelled;
    longest = std::max(longest, entry.label.size());
  }
  return labelled > kLegendInside ? 34 + static_cast<int>(6.5 * static_cast<double>(longest)) : 0;
}

/// The frame: background, title, axes with ticks and labels. Returns the SVG so far. The canvas
/// is `extra` pixels wider than the plot options say (room for an outside legend).
std::string frame(const PlotOptions& o, const Axis& x, const Axis& y, int extra) {
  const int w = o.width, h = o.height;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      w + extra, h);
  svg += fmt::format(
      "<text x=\"{}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
      w / 2, xml_escape(o.title));
  const double x0 = kLeft, x1 = w - kRight, y0 = h - kBottom, y1 = kTop;
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n",
                     x0, y1, x1 - x0, y0 - y1);
  for (double t : x.ticks()) {
    const double px = x.map(t, x0, x1);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#444\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        px, y0, y0 + 4, y0 + 16, tick_label(t));
  }
  for (double t : y.ticks()) {
    const double py = y.map(t, y0, y1);
    svg += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#444\"/>"
        "<line x1=\"{2}\" y1=\"{1:.1f}\" x2=\"{3}\" y2=\"{1:.1f}\" stroke=\"#eee\"/>"
        "<text x=\"{4}\" y=\"{5:.1f}\" text-anchor=\"end\">{6}</text>\n",
        x0 - 4, py, x0, x1, x0 - 6, py + 4, tick_label(t));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", (x0 + x1) / 2, h - 8,
                     xml_escape(o.x_label));
  svg += fmt::format(
      "<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">{1}</text>\n",
      (y0 + y1) / 2, xml_escape(o.y_label));
  return svg;
}

constexpr const char* kDash = " stroke-dasharray=\"5,3\"";

std::string legend(const std::vector<LegendEntry>& entries, const PlotOptions& o) {
  std::string svg;
  double y = kTop + 12;
  const bool outside = legend_width(entries) > 0;
  for (const auto& [label, color, dashed] : entries) {
    if (label.empty()) continue;
    if (outside) {  // right of the plot: line, then the label left-aligned
      const int x = o.width - kRight + 10;
      svg += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>"
          "<text x=\"{}\" y=\"{}\">{}</text>\n",
          x, y - 3, x + 16, y - 3, color, dashed ? kDash : "", x + 20, y, xml_escape(label));
      y += 14;
      continue;
    }
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
        o.width - kRight - 18, y - 3, o.width - kRight - 4, y - 3, color, dashed ? kDash : "",
        o.width - kRight - 22, y, xml_escape(label));
    y += 14;
  }
  return svg;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string line_plot_svg(const std::vector<PlotSeries>& series, const PlotOptions& options) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : series) {
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!usable(s.x[i], options.log_x) || !usable(s.y[i], options.log_y)) continue;
      xlo = std::min(xlo, s.x[i]);
      xhi = std::max(xhi, s.x[i]);
      ylo = std::min(ylo, s.y[i]);
      yhi = std::max(yhi, s.y[i]);
    }
  }
  const Axis x = make_axis(xlo, xhi, options.log_x), y = make_axis(ylo, yhi, options.log_y);
  std::vector<LegendEntry> entries;
  for (size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    entries.push_back({s.label, s.color.empty() ? kPalette[k % std::size(kPalette)] : s.color, s.dashed});
  }
  std::string svg = frame(options, x, y, legend_width(entries));
  const double x0 = kLeft, x1 = options.width - kRight, y0 = options.height - kBottom, y1 = kTop;
  for (size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const std::string& color = entries[k].color;
    std::string points;
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!usable(s.x[i], options.log_x) || !usable(s.y[i], options.log_y)) continue;
      const double px = x.map(s.x[i], x0, x1), py = y.map(s.y[i], y0, y1);
      points += fmt::format("{:.1f},{:.1f} ", px, py);
      if (options.markers)
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", px, py, color);
    }
    if (!points.empty()) {
      svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{} points=\"{}\"/>\n",
                         color, s.dashed ? kDash : "", points);
    }
  }
  return svg + legend(entries, options) + "</svg>\n";
}

std::string histogram_svg(const std::vector<HistogramSample>& samples, int bins, const PlotOptions& options) {
  bins = std::max(bins, 1);
  std::vector<double> pooled;
  for (const auto& s : samples) {
    for (double v : s.values) {
      if (std::isfinite(v)) pooled.push_back(v);
    }
  }
  double lo = 0.0, hi = 1.0;
  if (!pooled.empty()) {
    std::sort(pooled.begin(), pooled.end());
    auto at = [&](double q) {
      return pooled[static_cast<size_t>(q * static_cast<double>(pooled.size() - 1))];
    };
    lo = at(0.005);
    hi = at(0.995);
    if (hi <= lo) lo = pooled.front(), hi = pooled.back();
    if (hi <= lo) hi = lo + 1.0;
  }
  const double width = (hi - lo) / bins;
  std::vector<std::vector<double>> density(samples.size(),
                                           std::vector<double>(static_cast<size_t>(bins), 0.0));
  double top = 0.0;
  for (size_t k = 0; k < samples.size(); ++k) {
    int64_t n = 0;
    for (double v : samples[k].values) {
      if (!std::isfinite(v)) continue;
      ++n;
      const int b = std::clamp(static_cast<int>((v - lo) / width), 0, bins - 1);  // tails go to the end bins
      density[k][static_cast<size_t>(b)] += 1.0;
    }
    for (auto& d : density[k]) {
      d = n > 0 ? d / (static_cast<double>(n) * width) : 0.0;
      top = std::max(top, d);
    }
  }
  Axis x{lo, hi, false};
  const Axis y = make_axis(0.0, top > 0 ? top : 1.0, false);
  std::vector<LegendEntry> entries;
  for (size_t k = 0; k < samples.size(); ++k) {
    entries.push_back(
        {samples[k].label, samples[k].color.empty() ? kPalette[k % std::size(kPalette)] : samples[k].color});
  }
  std::string svg = frame(options, x, y, legend_width(entries));
  const double x0 = kLeft, x1 = options.width - kRight, y0 = options.height - kBottom, y1 = kTop;
  for (size_t k = 0; k < samples.size(); ++k) {
    const std::string& color = entries[k].color;
    for (int b = 0; b < bins; ++b) {
      const double d = density[k][static_cast<size_t>(b)];
      if (d <= 0.0) continue;
      const double left = x.map(lo + b * width, x0, x1), right = x.map(lo + (b + 1) * width, x0, x1);
      const double py = y.map(d, y0, y1);
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
          "fill-opacity=\"0.45\" stroke=\"{}\" stroke-width=\"0.5\"/>\n",
          left, py, right - left, y0 - py, color, color);
    }
  }
  return svg + legend(entries, options) + "</svg>\n";
}

}  // namespace sild::core
