#include "engine/clickhouse/clickhouse_reductions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "engine/clickhouse/address_halves.hpp"
#include "engine/clickhouse/answer_fields.hpp"

namespace iotscope::clickhouse {
namespace {

// Where each query names its table; replaced by every shard's local flows table.
constexpr std::string_view kFlowsToken = "$flows";

// The peer device as the embedded engine keeps it: only for flows to a known local device.
constexpr const char* kPeerDevice = "if(scope = 'local_device', peer_device, 0)";

// TrafficTotals of the rows where `condition` holds, in TrafficTotals' field order. Packets are
// capped per flow at 2^32 - 1 like the embedded engine's compact flows. min/max over no rows give
// 0, like an empty TrafficTotals.
std::string totals_columns(std::string_view condition) {
  return fmt::format(
      "countIf({0}), sumIf(windows, {0}), sumIf(bytes_out, {0}), sumIf(bytes_in, {0}), "
      "sumIf(least(packets_out, 4294967295), {0}), sumIf(least(packets_in, 4294967295), {0}), "
      "minIf(first_ts, {0}), maxIf(last_ts, {0}), countIf({0} AND initiator = 'device'), "
      "countIf({0} AND initiator = 'remote'), countIf({0} AND initiator = 'unknown')",
      condition);
}

// Reads TabSeparated numeric rows field by field; a malformed answer names the field.
class RowReader {
 public:
  explicit RowReader(std::string_view line) : rest_(line) {}

  template <typename Number>
  Number next() {
    const std::string_view field = take();
    Number value{};
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc{} || end != field.data() + field.size()) {
      throw ClickHouseError(
          fmt::format("reduction answer: field {} '{}' is no number", index_, field));
    }
    return value;
  }

  std::string_view text() { return take(); }

  DeviceKey device() {
    DeviceKey key;
    key.home = next<std::uint64_t>();
    key.device = next<std::uint64_t>();
    return key;
  }

  void totals(TrafficTotals& t) {
    t.flows = next<std::uint64_t>();
    t.windows = next<std::uint64_t>();
    t.bytes_out = next<std::uint64_t>();
    t.bytes_in = next<std::uint64_t>();
    t.packets_out = next<std::uint64_t>();
    t.packets_in = next<std::uint64_t>();
    t.first_ts = next<double>();
    t.last_ts = next<double>();
    initiators(t.initiators);
  }

  void initiators(InitiatorCounts& counts) {
    counts.device = next<std::uint64_t>();
    counts.remote = next<std::uint64_t>();
    counts.unknown = next<std::uint64_t>();
  }

 private:
  std::string_view take() {
    ++index_;
    const auto tab = rest_.find('\t');
    const std::string_view field = rest_.substr(0, tab);
    rest_ = tab == std::string_view::npos ? std::string_view{} : rest_.substr(tab + 1);
    return field;
  }
  std::string_view rest_;
  int index_ = 0;
};

std::string with_table(std::string sql, const std::string& table) {
  for (auto at = sql.find(kFlowsToken); at != std::string::npos; at = sql.find(kFlowsToken, at)) {
    sql.replace(at, kFlowsToken.size(), table);
    at += table.size();
  }
  return sql;
}

// Runs `sql` on every shard's local flows table in parallel; rows go to `on_row` shard by shard.
template <typename OnRow>
void for_each_row(const ClickHouseLayout& layout, const FlowSelection& selection,
                  const std::string& sql, OnRow on_row) {
  const std::string query = with_table(sql, source_sql(selection, layout.local_table(kFlowsTable)));
  std::vector<std::string> answers(layout.shards.size());
  std::vector<std::exception_ptr> errors(layout.shards.size());
  {
    std::vector<std::jthread> workers;
    for (std::size_t i = 0; i < layout.shards.size(); ++i) {
      workers.emplace_back([&, i] {
        try {
          ClickHouseHttp http(layout.shards[i].login);
          answers[i] = http.query(query);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
  }
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  for (const std::string& answer : answers) {
    for_each_line(answer, [&on_row](std::string_view line) { on_row(RowReader(line)); });
  }
}

// The port reductions of both sides: group by the side's port with partial distinct states of
// the other port and the remote address; a group of one flow the other side did not open (or
// real port 0) is single-use and folds into port 0, whose groups are then merged.
struct PortSide {
  const char* port;        // this side's port column
  const char* other_port;  // the distinct count's column
  const char* opener;      // the initiator that keeps a one-flow group from folding
};

std::string port_summary_sql(const PortSide& side) {
  return fmt::format(
      "SELECT home, device, if(single_use, 0, {0}) AS port, CAST(transport AS Int8) AS t,\n"
      "  CAST(scope AS Int8) AS s, sum(g_flows), sum(g_windows), sum(g_bytes_out),\n"
      "  sum(g_bytes_in), sum(g_packets_out), sum(g_packets_in), min(g_first), max(g_last),\n"
      "  sum(g_device), sum(g_remote), sum(g_unknown), uniqExactMerge(g_ports),\n"
      "  uniqExactMerge(g_hosts)\n"
      "FROM (\n"
      "  SELECT home, device, {0}, transport, scope, count() AS g_flows,\n"
      "    sum(windows) AS g_windows, sum(bytes_out) AS g_bytes_out, sum(bytes_in) AS g_bytes_in,\n"
      "    sum(least(packets_out, 4294967295)) AS g_packets_out,\n"
      "    sum(least(packets_in, 4294967295)) AS g_packets_in,\n"
      "    min(first_ts) AS g_first, max(last_ts) AS g_last,\n"
      "    countIf(initiator = 'device') AS g_device, countIf(initiator = 'remote') AS g_remote,\n"
      "    countIf(initiator = 'unknown') AS g_unknown,\n"
      "    (g_flows = 1 AND countIf(initiator = '{2}') = 0) OR {0} = 0 AS single_use,\n"
      "    uniqExactState({1}) AS g_ports,\n"
      "    uniqExactState(remote_ip_hi, remote_ip_lo) AS g_hosts\n"
      "  FROM {3}\n"
      "  GROUP BY home, device, {0}, transport, scope\n"
      ")\n"
      "GROUP BY home, device, port, t, s FORMAT TabSeparated",
      side.port, side.other_port, side.opener, kFlowsToken);
}

template <typename Summary>
std::vector<Summary> query_port_summaries(const ClickHouseLayout& layout,
                                          const FlowSelection& selection, const PortSide& side) {
  std::vector<Summary> out;
  for_each_row(layout, selection, port_summary_sql(side), [&out](RowReader row) {
    Summary summary;
    summary.device = row.device();
    summary.port = row.next<std::uint16_t>();
    summary.transport = static_cast<Transport>(row.next<std::uint8_t>());
    summary.scope = static_cast<PeerScope>(row.next<std::uint8_t>());
    row.totals(summary.totals);
    const auto ports = row.next<std::uint32_t>();
    const auto hosts = row.next<std::uint32_t>();
    if constexpr (std::is_same_v<Summary, LocalPortSummary>) {
      summary.distinct_remote_ports = ports;
    } else {
      summary.distinct_local_ports = ports;
    }
    summary.distinct_remote_hosts = hosts;
    out.push_back(summary);
  });
  const auto key = [](const Summary& s) {
    return std::make_tuple(s.device, s.port, s.transport, s.scope);
  };
  std::sort(out.begin(), out.end(),
            [&key](const Summary& a, const Summary& b) { return key(a) < key(b); });
  return out;
}

// (b >= 1) + (b >= 2) + ... + (b >= 2^63): the bit width of UInt64 column b.
std::string bit_width_of_b() {
  std::string sum;
  for (int k = 0; k < 64; ++k) {
    sum += fmt::format("{}(b >= {})", k ? " + " : "", std::uint64_t{1} << k);
  }
  return sum;
}

// Address predicates of model/ip_address.cpp over (remote_ip_hi, remote_ip_lo).
constexpr const char* kAddressColumns =
    "remote_ip_hi = 0 AND bitShiftRight(remote_ip_lo, 32) = 65535 AS is_v4, "
    "bitAnd(remote_ip_lo, 4294967295) AS v4, "
    "bitShiftRight(v4, 24) = 10 OR bitShiftRight(v4, 20) = 2753 OR bitShiftRight(v4, 16) = 49320 "
    "OR bitShiftRight(v4, 22) = 401 AS v4_private, "
    "if(is_v4, bitShiftRight(v4, 28) = 14, bitShiftRight(remote_ip_hi, 56) = 255) AS multicast, "
    "is_v4 AND (v4 = 4294967295 OR (v4_private AND bitAnd(v4, 255) = 255)) AS broadcast";

std::string benign_ports() {
  std::string list;
  for (const auto port : kBenignPorts) list += fmt::format("{}{}", list.empty() ? "" : ", ", port);
  return list;
}

// "[1,2,3]" as ClickHouse writes an Array(UInt16) in TabSeparated.
std::vector<std::uint16_t> parse_port_array(std::string_view text) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
    throw ClickHouseError(fmt::format("reduction answer: '{}' is no port array", text));
  }
  std::vector<std::uint16_t> ports;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::uint16_t port = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), port);
    if (ec != std::errc{} || end != item.data() + item.size()) {
      throw ClickHouseError(fmt::format("reduction answer: '{}' is no port", item));
    }
    ports.push_back(port);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return ports;
}

}  // namespace

std::vector<DeviceActivity> query_device_activity(const ClickHouseLayout& layout,
                                                  const FlowSelection& selection) {
  const std::string sql = fmt::format(
      "SELECT home, device, {}, {},\n"
      "  uniqExactIf(remote_ip_hi, remote_ip_lo, NOT is_local),\n"
      "  uniqExactIf(remote_ip_hi, remote_ip_lo, is_local AND scope != 'multicast_broadcast')\n"
      "FROM (SELECT *, scope != 'external' AS is_local FROM {})\n"
      "GROUP BY home, device FORMAT TabSeparated",
      totals_columns("is_local"), totals_columns("NOT is_local"), kFlowsToken);
  std::vector<DeviceActivity> out;
  for_each_row(layout, selection, sql, [&out](RowReader row) {
    DeviceActivity activity;
    activity.device = row.device();
    row.totals(activity.local);
    row.totals(activity.external);
    activity.distinct_external_hosts = row.next<std::uint32_t>();
    activity.distinct_local_peers = row.next<std::uint32_t>();
    out.push_back(activity);
  });
  std::sort(out.begin(), out.end(),
            [](const DeviceActivity& a, const DeviceActivity& b) { return a.device < b.device; });
  return out;
}

std::vector<LocalPortSummary> query_local_ports(const ClickHouseLayout& layout,
                                                const FlowSelection& selection) {
  return query_port_summaries<LocalPortSummary>(layout, selection,
                                                {"device_port", "remote_port", "remote"});
}

std::vector<RemotePortSummary> query_remote_ports(const ClickHouseLayout& layout,
                                                  const FlowSelection& selection) {
  return query_port_summaries<RemotePortSummary>(layout, selection,
                                                 {"remote_port", "device_port", "device"});
}

std::vector<EdgeSummary> query_edges(const ClickHouseLayout& layout,
                                     const FlowSelection& selection) {
  // Edges need both folds of each flow. 18.16 has no window functions, so each fold groups the
  // flows by its port key, decides single-use, and carries the flows along as an array that
  // ARRAY JOIN unrolls again: local fold, then remote fold, then the edge groups.
  const std::string sql = fmt::format(
      "SELECT home, device, lp, rp, CAST(transport AS Int8) AS t, CAST(scope AS Int8) AS s, peer,\n"
      "  count(), sum(b), countIf(init = 1), countIf(init = 2), countIf(init = 0)\n"
      "FROM (\n"
      "  SELECT home, device, transport, scope, g.1 AS lp,\n"
      "    if(remote_single, 0, remote_port) AS rp, g.2 AS peer, g.3 AS b, g.4 AS init\n"
      "  FROM (\n"
      "    SELECT home, device, remote_port, transport, scope,\n"
      "      (count() = 1 AND countIf(init = 1) = 0) OR remote_port = 0 AS remote_single,\n"
      "      groupArray((lp, peer, b, init)) AS gs\n"
      "    FROM (\n"
      "      SELECT home, device, transport, scope, if(local_single, 0, device_port) AS lp,\n"
      "        f.1 AS remote_port, f.2 AS peer, f.3 AS b, f.4 AS init\n"
      "      FROM (\n"
      "        SELECT home, device, device_port, transport, scope,\n"
      "          (count() = 1 AND countIf(initiator = 'remote') = 0) OR device_port = 0\n"
      "            AS local_single,\n"
      "          groupArray((remote_port, {}, bytes_out + bytes_in, CAST(initiator AS Int8))) AS "
      "fs\n"
      "        FROM {}\n"
      "        GROUP BY home, device, device_port, transport, scope\n"
      "      ) ARRAY JOIN fs AS f\n"
      "    )\n"
      "    GROUP BY home, device, remote_port, transport, scope\n"
      "  ) ARRAY JOIN gs AS g\n"
      ")\n"
      "GROUP BY home, device, lp, rp, t, s, peer FORMAT TabSeparated",
      kPeerDevice, kFlowsToken);
  std::vector<EdgeSummary> out;
  for_each_row(layout, selection, sql, [&out](RowReader row) {
    EdgeSummary edge;
    edge.device = row.device();
    edge.local_port = row.next<std::uint16_t>();
    edge.remote_port = row.next<std::uint16_t>();
    edge.transport = static_cast<Transport>(row.next<std::uint8_t>());
    edge.scope = static_cast<PeerScope>(row.next<std::uint8_t>());
    edge.peer_device = row.next<std::uint64_t>();
    edge.flows = row.next<std::uint64_t>();
    edge.bytes = row.next<std::uint64_t>();
    row.initiators(edge.initiators);
    out.push_back(edge);
  });
  const auto key = [](const EdgeSummary& e) {
    return std::make_tuple(e.device, e.local_port, e.remote_port, e.transport, e.scope,
                           e.peer_device);
  };
  std::sort(out.begin(), out.end(),
            [&key](const EdgeSummary& a, const EdgeSummary& b) { return key(a) < key(b); });
  return out;
}

std::vector<ScanWindowSummary> query_scan_windows(const ClickHouseLayout& layout,
                                                  double window_seconds,
                                                  const FlowSelection& selection) {
  if (!(window_seconds > 0)) throw std::invalid_argument("scan window must be positive");
  // The local fold decides which flows of unknown initiator count (single-use local port), so
  // flows travel through it as an array like in query_edges. Conditions on the fold's own key
  // (scope, local port) may filter before it; the others only after.
  const std::string sql = fmt::format(
      "SELECT home, device, floor(first_ts / {0}) * {0} AS window_start, remote_ip_hi,\n"
      "  remote_ip_lo, remote_ip_set,\n"
      "  any(peer), arraySort(groupUniqArray(remote_port)), count(), countIf(state != 0),\n"
      "  countIf(state IN (2, 3)), min(first_ts), max(last_ts)\n"
      "FROM (\n"
      "  SELECT home, device, local_single, f.1 AS remote_ip_hi, f.2 AS remote_ip_lo,\n"
      "    f.3 AS remote_port, f.4 AS peer, f.5 AS first_ts, f.6 AS last_ts, f.7 AS state,\n"
      "    f.8 AS init, f.9 AS remote_ip_set, {1}\n"
      "  FROM (\n"
      "    SELECT home, device, device_port, transport, scope,\n"
      "      (count() = 1 AND countIf(initiator = 'remote') = 0) OR device_port = 0\n"
      "        AS local_single,\n"
      "      groupArray((remote_ip_hi, remote_ip_lo, remote_port, {2}, first_ts, last_ts,\n"
      "        CAST(state AS Int8), CAST(initiator AS Int8), remote_ip_set)) AS fs\n"
      "    FROM {3}\n"
      "    WHERE scope IN ('local_device', 'local_unknown') AND device_port NOT IN ({4})\n"
      "    GROUP BY home, device, device_port, transport, scope\n"
      "  ) ARRAY JOIN fs AS f\n"
      ")\n"
      "WHERE (init = 1 OR (init = 0 AND local_single)) AND remote_port NOT IN ({4})\n"
      "  AND NOT multicast AND NOT broadcast\n"
      "GROUP BY home, device, window_start, remote_ip_hi, remote_ip_lo, remote_ip_set\n"
      "FORMAT TabSeparated",
      window_seconds, kAddressColumns, kPeerDevice, kFlowsToken, benign_ports());
  struct TargetRow {
    DeviceKey device;
    double window = 0;
    ScanTargetPorts target;
    double first_ts = 0;
    double last_ts = 0;
  };
  std::vector<TargetRow> rows;
  for_each_row(layout, selection, sql, [&rows](RowReader row) {
    TargetRow target;
    target.device = row.device();
    target.window = row.next<double>();
    const auto hi = row.next<std::uint64_t>();
    const auto lo = row.next<std::uint64_t>();
    const bool set = row.next<int>() == 1;
    target.target.target = address_from({hi, lo}, set);
    target.target.peer_device = row.next<std::uint64_t>();
    target.target.ports = parse_port_array(row.text());
    target.target.flows = row.next<std::uint32_t>();
    target.target.flows_outcome_known = row.next<std::uint32_t>();
    target.target.flows_rejected_or_unanswered = row.next<std::uint32_t>();
    target.first_ts = row.next<double>();
    target.last_ts = row.next<double>();
    rows.push_back(std::move(target));
  });
  std::sort(rows.begin(), rows.end(), [](const TargetRow& a, const TargetRow& b) {
    return std::tie(a.device, a.window, a.target.target) <
           std::tie(b.device, b.window, b.target.target);
  });
  std::vector<ScanWindowSummary> out;
  for (auto& row : rows) {
    if (out.empty() || out.back().device != row.device || out.back().window_start != row.window) {
      ScanWindowSummary window;
      window.device = row.device;
      window.window_start = row.window;
      window.first_ts = row.first_ts;
      window.last_ts = row.last_ts;
      out.push_back(std::move(window));
    }
    ScanWindowSummary& window = out.back();
    window.first_ts = std::min(window.first_ts, row.first_ts);
    window.last_ts = std::max(window.last_ts, row.last_ts);
    window.targets.push_back(std::move(row.target));
  }
  return out;
}

void query_totals(const ClickHouseLayout& layout, Summaries& out, const FlowSelection& selection) {
  // bucket = bit width of the byte count, exactly (no floating-point log2; 18.16's lambdas
  // cannot read columns here).
  const std::string sql = fmt::format(
      "SELECT 0, is_local,\n"
      "  toUInt8({1}) AS bucket,\n"
      "  count(), toFloat64(0), toFloat64(0)\n"
      "FROM (SELECT toUInt8(scope != 'external') AS is_local, bytes_out + bytes_in AS b FROM {0})\n"
      "GROUP BY is_local, bucket\n"
      "UNION ALL SELECT 1, 0, 0, count(), min(first_ts), max(last_ts) FROM {0}\n"
      "FORMAT TabSeparated",
      kFlowsToken, bit_width_of_b());
  out.bytes_per_flow_local = {};
  out.bytes_per_flow_external = {};
  out.flows = 0;
  bool any = false;
  for_each_row(layout, selection, sql, [&](RowReader row) {
    const bool is_span = row.next<int>() == 1;
    const bool is_local = row.next<int>() == 1;
    const auto bucket = row.next<std::size_t>();
    const auto flows = row.next<std::uint64_t>();
    const auto first = row.next<double>();
    const auto last = row.next<double>();
    if (!is_span) {
      if (bucket >= BytesHistogram::kBuckets)
        throw ClickHouseError("histogram bucket out of range");
      (is_local ? out.bytes_per_flow_local : out.bytes_per_flow_external).flows[bucket] += flows;
      return;
    }
    if (flows == 0) return;  // a shard without flows
    out.first_ts = any ? std::min(out.first_ts, first) : first;
    out.last_ts = any ? std::max(out.last_ts, last) : last;
    out.flows += flows;
    any = true;
  });
  if (!any) out.first_ts = out.last_ts = 0;
}

}  // namespace iotscope::clickhouse
