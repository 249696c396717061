#include "engine/summaries_merge.hpp"

#include <algorithm>
#include <tuple>

#include "engine/heap_trim.hpp"
#include "util/move_append.hpp"

namespace iotscope {
namespace {

void add_totals(TrafficTotals& into, const TrafficTotals& from) {
  if (from.flows == 0) return;
  if (into.flows == 0 || from.first_ts < into.first_ts) into.first_ts = from.first_ts;
  if (into.flows == 0 || from.last_ts > into.last_ts) into.last_ts = from.last_ts;
  into.flows += from.flows;
  into.windows += from.windows;
  into.bytes_out += from.bytes_out;
  into.bytes_in += from.bytes_in;
  into.packets_out += from.packets_out;
  into.packets_in += from.packets_in;
  into.initiators += from.initiators;
}

auto key_of(const LocalPortSummary& s) {
  return std::make_tuple(s.device, s.port, s.transport, s.scope);
}
auto key_of(const RemotePortSummary& s) {
  return std::make_tuple(s.device, s.port, s.transport, s.scope);
}
auto key_of(const EdgeSummary& s) {
  return std::make_tuple(s.device, s.local_port, s.remote_port, s.transport, s.scope,
                         s.peer_device);
}
auto key_of(const ScanWindowSummary& s) {
  return std::make_tuple(s.device, s.window_start);
}
auto key_of(const DeviceActivity& s) {
  return std::make_tuple(s.device);
}

void combine(LocalPortSummary& into, const LocalPortSummary& from) {
  add_totals(into.totals, from.totals);
  into.distinct_remote_ports += from.distinct_remote_ports;
  into.distinct_remote_hosts += from.distinct_remote_hosts;
}
void combine(RemotePortSummary& into, const RemotePortSummary& from) {
  add_totals(into.totals, from.totals);
  into.distinct_local_ports += from.distinct_local_ports;
  into.distinct_remote_hosts += from.distinct_remote_hosts;
}
void combine(EdgeSummary& into, const EdgeSummary& from) {
  into.flows += from.flows;
  into.bytes += from.bytes;
  into.initiators += from.initiators;
}
void combine(DeviceActivity& into, const DeviceActivity& from) {
  add_totals(into.local, from.local);
  add_totals(into.external, from.external);
  into.distinct_external_hosts += from.distinct_external_hosts;
  into.distinct_local_peers += from.distinct_local_peers;
}
void combine(ScanWindowSummary& into, const ScanWindowSummary& from) {
  into.first_ts = std::min(into.first_ts, from.first_ts);
  into.last_ts = std::max(into.last_ts, from.last_ts);
  into.targets.insert(into.targets.end(), from.targets.begin(), from.targets.end());
  std::sort(into.targets.begin(), into.targets.end(),
            [](const auto& a, const auto& b) { return a.target < b.target; });
  std::vector<ScanTargetPorts> merged;
  for (ScanTargetPorts& t : into.targets) {
    if (merged.empty() || merged.back().target != t.target) {
      merged.push_back(std::move(t));
      continue;
    }
    ScanTargetPorts& m = merged.back();
    m.ports.insert(m.ports.end(), t.ports.begin(), t.ports.end());
    std::sort(m.ports.begin(), m.ports.end());
    m.ports.erase(std::unique(m.ports.begin(), m.ports.end()), m.ports.end());
    m.flows += t.flows;
    m.flows_outcome_known += t.flows_outcome_known;
    m.flows_rejected_or_unanswered += t.flows_rejected_or_unanswered;
  }
  into.targets = std::move(merged);
}

// Entries [begin, end) of `all` belong to one home but come from several pieces.
template <typename Summary>
void combine_range(std::vector<Summary>& all, std::size_t begin) {
  const auto first = all.begin() + static_cast<std::ptrdiff_t>(begin);
  std::stable_sort(first, all.end(),
                   [](const Summary& a, const Summary& b) { return key_of(a) < key_of(b); });
  auto out = first;
  for (auto it = first; it != all.end(); ++it) {
    if (it != first && key_of(*std::prev(out)) == key_of(*it)) {
      combine(*std::prev(out), *it);
    } else {
      if (out != it) *out = std::move(*it);
      ++out;
    }
  }
  all.erase(out, all.end());
}

void add_histogram(BytesHistogram& into, const BytesHistogram& from) {
  for (std::size_t i = 0; i < BytesHistogram::kBuckets; ++i) into.flows[i] += from.flows[i];
}

void reserve_for(Summaries& out, const std::vector<HomeSummaries>& homes) {
  std::size_t local = 0, remote = 0, edges = 0, scans = 0, devices = 0;
  for (const auto& [home, s] : homes) {
    local += s.local_ports.size();
    remote += s.remote_ports.size();
    edges += s.edges.size();
    scans += s.scan_windows.size();
    devices += s.devices.size();
  }
  out.local_ports.reserve(local);
  out.remote_ports.reserve(remote);
  out.edges.reserve(edges);
  out.scan_windows.reserve(scans);
  out.devices.reserve(devices);
}

void append_home(Summaries& out, Summaries& piece) {
  move_append(piece.local_ports, out.local_ports);
  move_append(piece.remote_ports, out.remote_ports);
  move_append(piece.edges, out.edges);
  move_append(piece.scan_windows, out.scan_windows);
  append_run_totals(out, piece);
}

// The merged tables are reserved whole, so the pieces moved into them would stay resident until
// the end (their blocks sit between live ones): giving their pages back as the merge goes keeps
// the peak near one copy of the summaries instead of two. A trim walks the whole heap, so they
// come at most kTrims times a merge (every 256 pieces made 46 s of trimming at 50,000 homes);
// each then frees about 1/kTrims of the pieces.
constexpr std::size_t kTrims = 16;
constexpr std::size_t kMinPiecesBetweenTrims = 256;

}  // namespace

Summaries merge_home_summaries(std::vector<HomeSummaries> homes, MergeTrim trim) {
  std::stable_sort(homes.begin(), homes.end(), [](const HomeSummaries& a, const HomeSummaries& b) {
    return a.first < b.first;
  });
  Summaries out;
  reserve_for(out, homes);
  const std::size_t pieces_between_trims = std::max(kMinPiecesBetweenTrims, homes.size() / kTrims);
  std::size_t pieces_since_trim = 0;
  for (std::size_t i = 0; i < homes.size();) {
    std::size_t end = i + 1;
    while (end < homes.size() && homes[end].first == homes[i].first) ++end;
    const std::size_t local = out.local_ports.size(), remote = out.remote_ports.size(),
                      edges = out.edges.size(), scans = out.scan_windows.size(),
                      devices = out.devices.size();
    for (std::size_t k = i; k < end; ++k) append_home(out, homes[k].second);
    if (end - i > 1) {
      combine_range(out.local_ports, local);
      combine_range(out.remote_ports, remote);
      combine_range(out.edges, edges);
      combine_range(out.scan_windows, scans);
      combine_range(out.devices, devices);
    }
    pieces_since_trim += end - i;
    if (trim == MergeTrim::as_it_goes && pieces_since_trim >= pieces_between_trims) {
      return_free_heap_pages();
      pieces_since_trim = 0;
    }
    i = end;
  }
  return out;
}

namespace {

template <typename Row>
std::size_t home_end(const std::vector<Row>& rows, std::size_t begin, std::uint64_t home) {
  while (begin < rows.size() && rows[begin].device.home == home) ++begin;
  return begin;
}

template <typename Row>
void move_range(std::vector<Row>& from, std::size_t begin, std::size_t end, std::vector<Row>& to) {
  to.assign(std::make_move_iterator(from.begin() + static_cast<std::ptrdiff_t>(begin)),
            std::make_move_iterator(from.begin() + static_cast<std::ptrdiff_t>(end)));
}

// How far split_by_home has moved out of each table.
struct SplitCursor {
  std::size_t local = 0, remote = 0, edges = 0, scans = 0, devices = 0;
};

}  // namespace

void append_run_totals(Summaries& out, Summaries& piece) {
  move_append(piece.devices, out.devices);
  add_histogram(out.bytes_per_flow_local, piece.bytes_per_flow_local);
  add_histogram(out.bytes_per_flow_external, piece.bytes_per_flow_external);
  if (piece.flows > 0) {
    if (out.flows == 0 || piece.first_ts < out.first_ts) out.first_ts = piece.first_ts;
    if (out.flows == 0 || piece.last_ts > out.last_ts) out.last_ts = piece.last_ts;
  }
  out.flows += piece.flows;
}

std::vector<HomeSummaries> split_by_home(Summaries summaries) {
  std::vector<HomeSummaries> homes;
  SplitCursor at;
  const auto next_home = [&summaries, &at](std::uint64_t& home) {
    bool found = false;
    const auto consider = [&](const auto& rows, std::size_t i) {
      if (i < rows.size() && (!found || rows[i].device.home < home)) {
        home = rows[i].device.home;
        found = true;
      }
    };
    consider(summaries.local_ports, at.local);
    consider(summaries.remote_ports, at.remote);
    consider(summaries.edges, at.edges);
    consider(summaries.scan_windows, at.scans);
    consider(summaries.devices, at.devices);
    return found;
  };
  std::uint64_t home = 0;
  while (next_home(home)) {
    Summaries piece;
    const auto take = [home](auto& rows, std::size_t& cursor, auto& into) {
      const std::size_t end = home_end(rows, cursor, home);
      move_range(rows, cursor, end, into);
      cursor = end;
    };
    take(summaries.local_ports, at.local, piece.local_ports);
    take(summaries.remote_ports, at.remote, piece.remote_ports);
    take(summaries.edges, at.edges, piece.edges);
    take(summaries.scan_windows, at.scans, piece.scan_windows);
    take(summaries.devices, at.devices, piece.devices);
    homes.emplace_back(home, std::move(piece));
  }
  if (homes.empty()) homes.emplace_back(0, Summaries{});
  Summaries& first = homes.front().second;
  first.bytes_per_flow_local = summaries.bytes_per_flow_local;
  first.bytes_per_flow_external = summaries.bytes_per_flow_external;
  first.flows = summaries.flows;
  first.first_ts = summaries.first_ts;
  first.last_ts = summaries.last_ts;
  return homes;
}

}  // namespace iotscope
