#include "report/svg/svg_sankey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <string_view>

#include "report/svg/svg_document.hpp"

namespace iotscope {
namespace {

constexpr std::array<std::string_view, 4> kColumns = {"device:", "lport:", "rport:", "peer:"};
constexpr std::array<std::string_view, 4> kHeadings = {"device", "local port", "remote port",
                                                       "peer"};
constexpr std::array<std::string_view, 4> kColours = {"#4c6ef5", "#f59f00", "#12b886", "#ae3ec9"};
constexpr double kTop = 26;  // title and column headings
constexpr double kPlotHeight = 230;
constexpr double kGap = 3;
constexpr double kNodeWidth = 5;
constexpr double kMargin = 4;
constexpr double kLabelRoom = 62;  // right of the last column: every label sits right of its node
constexpr std::size_t kNodeLabelChars = 16;

std::size_t column_of(std::string_view name) {
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (name.substr(0, kColumns[c].size()) == kColumns[c]) return c;
  }
  return kColumns.size();
}

struct Node {
  std::string name;
  double in = 0;
  double out = 0;
  double y = 0;
  double in_used = 0;  // how much of the node's height links have taken on each side
  double out_used = 0;
  double value() const { return std::max(in, out); }
};

struct Layout {
  std::array<std::vector<Node>, 4> columns;
  std::vector<std::array<std::size_t, 4>> links;  // source column, source, target column, target
  std::vector<double> values;
};

// Nodes of a column beyond the heaviest `keep` become "<prefix>other".
std::map<std::string, std::string> fold_columns(const std::vector<SankeyLink>& links,
                                                std::size_t keep) {
  std::array<std::map<std::string, double>, 4> totals;
  for (const auto& link : links) {
    for (const std::string* name : {&link.source, &link.target}) {
      const std::size_t c = column_of(*name);
      if (c < kColumns.size()) totals[c][*name] += static_cast<double>(link.flows);
    }
  }
  std::map<std::string, std::string> rename;
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    std::vector<std::pair<std::string, double>> ranked(totals[c].begin(), totals[c].end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      rename[ranked[i].first] = i < keep ? ranked[i].first : std::string(kColumns[c]) + "other";
    }
  }
  return rename;
}

Layout build_layout(const SankeyFigure& figure) {
  const auto rename = fold_columns(figure.links, figure.nodes_per_column);
  Layout layout;
  std::array<std::map<std::string, std::size_t>, 4> index;
  const auto node = [&](const std::string& raw, std::size_t c) {
    const std::string& name = rename.at(raw);
    auto [it, added] = index[c].try_emplace(name, layout.columns[c].size());
    if (added) layout.columns[c].push_back(Node{name});
    return it->second;
  };
  std::map<std::array<std::size_t, 4>, double> merged;
  for (const auto& link : figure.links) {
    const std::size_t sc = column_of(link.source);
    const std::size_t tc = column_of(link.target);
    if (sc >= kColumns.size() || tc >= kColumns.size() || sc >= tc || link.flows == 0) continue;
    merged[{sc, node(link.source, sc), tc, node(link.target, tc)}] +=
        static_cast<double>(link.flows);
  }
  for (const auto& [key, value] : merged) {
    layout.columns[key[0]][key[1]].out += value;
    layout.columns[key[2]][key[3]].in += value;
    layout.links.push_back(key);
    layout.values.push_back(value);
  }
  return layout;
}

std::string display_name(std::string_view name) {
  const std::size_t colon = name.find(':');
  std::string shown(name.substr(colon + 1));
  if (name.substr(0, colon) == "lport" || name.substr(0, colon) == "rport") {
    return "port " + shown;
  }
  return shown;
}

}  // namespace

std::string sankey_svg(const SankeyFigure& figure) {
  Layout layout = build_layout(figure);
  std::vector<std::size_t> used;  // the columns that hold nodes, left to right
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (!layout.columns[c].empty()) used.push_back(c);
  }
  SvgDocument svg(kColumnWidthPt, kTop + kPlotHeight + kMargin * 2);
  svg.text(kMargin, 10, figure.title, kFontPt + 1, Anchor::start, true);
  if (used.size() < 2) {
    svg.text(kColumnWidthPt / 2, kTop + 20, "(no links)", kFontPt, Anchor::middle);
    return svg.finish();
  }
  // Heaviest node on top; one scale for every column, so band widths compare across columns.
  std::array<std::vector<std::size_t>, 4> stacking;
  double scale = 1e300;
  for (const std::size_t c : used) {
    const auto& nodes = layout.columns[c];
    auto& order = stacking[c];
    order.resize(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return nodes[a].value() > nodes[b].value();
    });
    double total = 0;
    for (const auto& n : nodes) total += n.value();
    const double room = kPlotHeight - kGap * static_cast<double>(nodes.size() - 1);
    if (total > 0) scale = std::min(scale, std::max(room, 10.0) / total);
  }
  for (const std::size_t c : used) {
    double y = kTop;
    for (const std::size_t i : stacking[c]) {
      Node& n = layout.columns[c][i];
      n.y = y;
      y += n.value() * scale + kGap;
    }
  }
  const double span = kColumnWidthPt - 2 * kMargin - kNodeWidth - kLabelRoom;
  const auto column_x = [&](std::size_t c) {
    const auto at = std::find(used.begin(), used.end(), c) - used.begin();
    return kMargin + span * static_cast<double>(at) / static_cast<double>(used.size() - 1);
  };
  std::vector<std::size_t> order(layout.links.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Bands leave and enter their nodes in the order of the other ends, which keeps crossings few.
  const auto ends = [&](std::size_t i) {
    const auto& key = layout.links[i];
    return std::pair(layout.columns[key[2]][key[3]].y, layout.columns[key[0]][key[1]].y);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ends(a) < ends(b); });
  for (const std::size_t i : order) {
    const auto& key = layout.links[i];
    Node& source = layout.columns[key[0]][key[1]];
    Node& target = layout.columns[key[2]][key[3]];
    const double thickness = layout.values[i] * scale;
    const double x0 = column_x(key[0]) + kNodeWidth;
    const double x1 = column_x(key[2]);
    const double y0 = source.y + source.out_used;
    const double y1 = target.y + target.in_used;
    source.out_used += thickness;
    target.in_used += thickness;
    const double xm = (x0 + x1) / 2;
    svg.path(fmt::format("M{:.2f},{:.2f} C{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f} "
                         "L{:.2f},{:.2f} C{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f} Z",
                         x0, y0, xm, y0, xm, y1, x1, y1, x1, y1 + thickness, xm, y1 + thickness, xm,
                         y0 + thickness, x0, y0 + thickness),
             kColours[key[0]], 0.35);
  }
  for (const std::size_t c : used) {
    const double x = column_x(c);
    svg.text(x, kTop - 4, kHeadings[c], kFontPt - 0.5, Anchor::start, true);
    for (const auto& n : layout.columns[c]) {
      const double height = std::max(n.value() * scale, 0.5);
      svg.rect(x, n.y, kNodeWidth, height, kColours[c]);
      const double label_y = n.y + std::min(height, 20.0) / 2 + 2.3;
      svg.text(x + kNodeWidth + 1.5, label_y, svg_truncate(display_name(n.name), kNodeLabelChars),
               kFontPt - 0.5, Anchor::start);
    }
  }
  return svg.finish();
}

}  // namespace iotscope
