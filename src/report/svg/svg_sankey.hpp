#pragma once
// A Sankey diagram as SVG: columns by node prefix (device:, lport:, rport:, peer:), band width
// by flows. Each column keeps its heaviest nodes and folds the rest into one "other" node, so
// the figure stays readable at a paper column's width.
#include <cstddef>
#include <string>
#include <vector>

#include "analyses/result.hpp"

namespace iotscope {

struct SankeyFigure {
  std::string title;
  std::vector<SankeyLink> links;  // names already as printed (scrubbed)
  std::size_t nodes_per_column = 10;
};

std::string sankey_svg(const SankeyFigure& figure);

}  // namespace iotscope
