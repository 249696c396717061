#include "report/svg/svg_figures.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "report/svg/svg_bar_chart.hpp"
#include "report/svg/svg_sankey.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kPerPortFigures = 6;  // per scope, heaviest ports first
constexpr std::size_t kBars = 12;

void write_file(const std::filesystem::path& file, const std::string& text,
                std::vector<std::filesystem::path>& written) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot open for writing", file.string()));
  out << text;
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("{}: write failed", file.string()));
  written.push_back(file);
}

SankeyFigure sankey(const ReportContext& context, const std::vector<SankeyLink>& links,
                    std::string title) {
  SankeyFigure figure{std::move(title), {}, 10};
  figure.links.reserve(links.size());
  for (const auto& link : links) {
    figure.links.push_back(
        {context.text(link.source), context.text(link.target), link.flows, link.bytes});
  }
  return figure;
}

BarChart label_bars(const ReportContext& context, std::string title,
                    const std::vector<LabelCount>& counts) {
  BarChart chart{std::move(title), "flows", false, {}};
  for (std::size_t i = 0; i < counts.size() && i < kBars; ++i) {
    chart.rows.push_back({context.text(counts[i].key), static_cast<double>(counts[i].flows)});
  }
  return chart;
}

BarChart usage_bars(std::string title, const std::vector<PortUsageRow>& rows) {
  BarChart chart{std::move(title), "fraction of devices", true, {}};
  for (std::size_t i = 0; i < rows.size() && i < kBars; ++i) {
    const auto& row = rows[i];
    chart.rows.push_back(
        {fmt::format("{} {}/{}", row.service, row.port, to_string(row.transport)), row.fraction});
  }
  return chart;
}

void write_per_port(const ReportContext& context, const std::filesystem::path& dir,
                    std::vector<std::filesystem::path>& written) {
  std::size_t local = 0;
  std::size_t external = 0;
  for (const PortBreakdown& b : context.result().device_graph.per_port) {
    std::size_t& count = b.scope == "external" ? external : local;
    if (count++ >= kPerPortFigures) continue;
    const std::string port = fmt::format("{}/{}", b.port, to_string(b.transport));
    const std::vector<BarChart> pair{
        label_bars(context, fmt::format("Remote ports talking to {} ({})", port, b.scope),
                   b.remote_ports),
        label_bars(context, fmt::format("Devices using {} ({})", port, b.scope), b.device_labels)};
    write_file(dir / fmt::format("port_{}_{}_{}.svg", b.scope, b.port, to_string(b.transport)),
               stacked_bar_charts_svg(pair), written);
  }
}

}  // namespace

std::vector<std::filesystem::path> write_svg_figures(const ReportContext& context,
                                                     const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw std::runtime_error(
        fmt::format("{}: cannot create the figure folder: {}", dir.string(), error.message()));
  }
  std::vector<std::filesystem::path> written;
  const DeviceGraph& graph = context.result().device_graph;
  write_file(dir / "sankey_local.svg",
             sankey_svg(sankey(context, graph.local_sankey, "Device-to-device flows")), written);
  write_file(dir / "sankey_external.svg",
             sankey_svg(sankey(context, graph.external_sankey, "Device-to-Internet flows")),
             written);
  write_per_port(context, dir, written);
  const Measurement& m = context.result().measurement;
  write_file(dir / "port_usage_local.svg",
             bar_chart_svg(usage_bars("Ports used with local peers", m.port_usage_local)), written);
  write_file(dir / "port_usage_external.svg",
             bar_chart_svg(usage_bars("Ports used with Internet peers", m.port_usage_external)),
             written);
  return written;
}

}  // namespace iotscope
