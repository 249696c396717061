#pragma once
// The sections of the page's data document, one writer each; each appends a sentence to `notes`
// for every list it cut.
#include <algorithm>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "report/html/page_caps.hpp"
#include "report/json_writer.hpp"
#include "report/report_context.hpp"

namespace iotscope {

using CapNotes = std::vector<std::string>;

void write_page_graph(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                      CapNotes& notes);
void write_page_findings(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                         CapNotes& notes);
void write_page_measurement(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                            CapNotes& notes);

// Positions 0..count-1 of the `limit` first by `before`, in that order; ties keep position order.
template <typename Before>
std::vector<std::size_t> top_positions(std::size_t count, std::size_t limit, Before before) {
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto less = [&](std::size_t a, std::size_t b) {
    if (before(a, b)) return true;
    if (before(b, a)) return false;
    return a < b;
  };
  const std::size_t kept = std::min(count, limit);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(),
                    less);
  order.resize(kept);
  return order;
}

}  // namespace iotscope
