// Checked against the field's own reference: every Zeek trace that comes with Zeek's own conn.log
// or ssl.log (tests/data/zeek-agreement/MANIFEST.tsv) is read end to end (decode, flows, payload
// inspection) and each connection is compared with the row Zeek logged for it. The per-trace
// table is printed; docs/zeek-agreement.md explains every class of disagreement it shows.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sources/pcap/capture_source.hpp"
#include "sources/zeek/zeek_log_reader.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

const fs::path kData = IOTSCOPE_TEST_DATA;
constexpr double kSameStartSeconds = 1e-3;

struct TraceEntry {
  std::string name;
  std::string pcap;      // relative to tests/data
  std::string conn_log;  // "-" when Zeek's test kept no conn.log
  std::string ssl_log;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> parts;
  std::stringstream in(line);
  for (std::string part; std::getline(in, part, '\t');) parts.push_back(part);
  return parts;
}

std::vector<TraceEntry> read_manifest() {
  std::ifstream in(kData / "zeek-agreement" / "MANIFEST.tsv");
  std::vector<TraceEntry> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto parts = split_tabs(line);
    if (parts.size() == 4) out.push_back({parts[0], parts[1], parts[2], parts[3]});
  }
  return out;
}

// The columns a baseline holds: a cut file has no byte counts, and an absent column must not
// read as a disagreement.
std::set<std::string> log_columns(const fs::path& path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("###")) continue;
    if (line.starts_with("#fields\t")) {
      auto names = split_tabs(line.substr(8));
      return {names.begin(), names.end()};
    }
    if (line.starts_with("#")) continue;
    auto names = split_tabs(line);
    return {names.begin(), names.end()};
  }
  return {};
}

struct OurConnection {
  ZeekConn row;
  InspectionResult result;
};

class DiscardingAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord&) override {}
};

// Our connections in the order of their first packets.
std::vector<OurConnection> run_iotscope(const fs::path& pcap) {
  std::vector<OurConnection> out;
  DiscardingAggregator discard;
  read_captures({pcap.string()}, CaptureOptions{}, discard,
                [&](const ZeekConn& row, const InspectionResult& result) {
                  out.push_back({row, result});
                });
  std::stable_sort(out.begin(), out.end(), [](const OurConnection& a, const OurConnection& b) {
    return a.row.ts.value_or(0) < b.row.ts.value_or(0);
  });
  return out;
}

// What identifies a logged connection: the 5-tuple (absent in some cut files) and, unless btest
// masked it, the start time.
struct ConnKey {
  IpAddress orig_h;
  std::optional<std::uint16_t> orig_p;
  IpAddress resp_h;
  std::optional<std::uint16_t> resp_p;
  std::optional<std::string> proto;
  std::optional<double> ts;
  bool has_tuple() const { return !orig_h.is_unset() && !resp_h.is_unset(); }
};

template <typename Row>
ConnKey key_of(const Row& row) {
  return {row.orig_h, row.orig_p, row.resp_h, row.resp_p, std::nullopt, row.ts};
}
ConnKey key_of_conn(const ZeekConn& row) {
  ConnKey key = key_of(row);
  key.proto = row.proto;
  return key;
}

enum class Orientation { none, same, reversed };

Orientation orientation(const ConnKey& zeek, const ZeekConn& ours) {
  if (zeek.proto && ours.proto != zeek.proto) return Orientation::none;
  if (!zeek.has_tuple()) return Orientation::same;  // nothing to tell the roles apart
  if (zeek.orig_h == ours.orig_h && zeek.orig_p == ours.orig_p && zeek.resp_h == ours.resp_h &&
      zeek.resp_p == ours.resp_p) {
    return Orientation::same;
  }
  if (zeek.orig_h == ours.resp_h && zeek.orig_p == ours.resp_p && zeek.resp_h == ours.orig_h &&
      zeek.resp_p == ours.orig_p) {
    return Orientation::reversed;
  }
  return Orientation::none;
}

// The unused connection of ours that `zeek` describes: same 5-tuple in either orientation; the
// nearest start when Zeek's time is real, else the first in start order whose packet counts
// agree, else the first in start order.
std::optional<std::size_t> find_ours(const ConnKey& zeek, const ZeekConn* zeek_conn,
                                     const std::vector<OurConnection>& ours,
                                     const std::vector<bool>& used) {
  std::optional<std::size_t> first;
  std::optional<std::size_t> same_counts;
  std::optional<std::size_t> nearest;
  double nearest_gap = kSameStartSeconds;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const Orientation o = orientation(zeek, ours[i].row);
    if (used[i] || o == Orientation::none) continue;
    if (!first) first = i;
    if (zeek.ts) {
      const double gap = std::abs(*zeek.ts - ours[i].row.ts.value_or(0));
      if (gap <= nearest_gap) {
        nearest = i;
        nearest_gap = gap;
      }
    }
    const bool same = o == Orientation::same;
    if (!same_counts && zeek_conn && zeek_conn->orig_pkts &&
        zeek_conn->orig_pkts == (same ? ours[i].row.orig_pkts : ours[i].row.resp_pkts) &&
        zeek_conn->resp_pkts == (same ? ours[i].row.resp_pkts : ours[i].row.orig_pkts)) {
      same_counts = i;
    }
  }
  if (zeek.ts) return nearest;
  return same_counts ? same_counts : first;
}

// agreed of compared; a Zeek row we have no connection for counts as compared, not agreed.
struct Tally {
  int agreed = 0;
  int compared = 0;
  void add(bool agrees) {
    ++compared;
    agreed += agrees ? 1 : 0;
  }
  Tally& operator+=(const Tally& o) {
    agreed += o.agreed;
    compared += o.compared;
    return *this;
  }
  std::string text() const { return compared == 0 ? "-" : fmt::format("{}/{}", agreed, compared); }
  double share() const { return compared == 0 ? 1.0 : static_cast<double>(agreed) / compared; }
};

struct TraceAgreement {
  std::string trace;
  int zeek_conns = 0;
  int our_conns = 0;
  int matched = 0;
  Tally direction_state;
  Tally bytes;    // orig_bytes, resp_bytes
  Tally packets;  // orig/resp_pkts and orig/resp_ip_bytes
  Tally history;
  Tally tls;  // version, cipher and SNI all equal
  Tally tls_version;
  Tally tls_cipher;
  Tally tls_sni;
  std::vector<std::string> disagreements;
  std::map<std::string, int> services;  // "zeek -> ours"
};

std::string text(const std::optional<std::string>& value) {
  return value && !value->empty() ? *value : "-";
}
std::string text(const std::optional<std::uint64_t>& value) {
  return value ? std::to_string(*value) : "-";
}

std::string text(const std::optional<std::uint16_t>& port) {
  return port ? std::to_string(*port) : "-";
}

std::string describe(const ZeekConn& c) {
  return fmt::format("{} {}:{} > {}:{} {} {} bytes {}/{} pkts {}/{} ip {}/{} service {}",
                     text(c.proto), c.orig_h.to_string(), text(c.orig_p), c.resp_h.to_string(),
                     text(c.resp_p), text(c.conn_state), text(c.history), text(c.orig_bytes),
                     text(c.resp_bytes), text(c.orig_pkts), text(c.resp_pkts),
                     text(c.orig_ip_bytes), text(c.resp_ip_bytes), text(c.service));
}

// Zeek's conn rows whose cut file has no 5-tuple get it from the ssl.log row of the same uid.
void borrow_tuples(std::vector<ZeekConn>& conns, const std::vector<ZeekSsl>& ssl) {
  for (ZeekConn& c : conns) {
    if (!c.orig_h.is_unset() || c.uid.empty()) continue;
    for (const ZeekSsl& s : ssl) {
      if (s.uid != c.uid) continue;
      c.orig_h = s.orig_h;
      c.orig_p = s.orig_p;
      c.resp_h = s.resp_h;
      c.resp_p = s.resp_p;
    }
  }
}

void compare_conn(const ZeekConn& zeek, const std::set<std::string>& columns,
                  const OurConnection* ours, Orientation o, TraceAgreement& out) {
  const bool has_tuple = !zeek.orig_h.is_unset();
  const bool has = [&] {
    for (const char* name : {"conn_state", "orig_bytes", "orig_pkts", "history"}) {
      if (columns.contains(name)) return true;
    }
    return has_tuple;
  }();
  if (!has) return;
  const bool same = o != Orientation::reversed;
  const auto side = [&](const auto& orig, const auto& resp) { return same ? orig : resp; };
  const ZeekConn* c = ours ? &ours->row : nullptr;
  const bool direction = !has_tuple || (c && o == Orientation::same);
  const bool state = !columns.contains("conn_state") || (c && c->conn_state == zeek.conn_state);
  bool all = direction && state;
  out.direction_state.add(all);
  if (columns.contains("orig_bytes")) {
    const bool ok = c && zeek.orig_bytes == side(c->orig_bytes, c->resp_bytes) &&
                    zeek.resp_bytes == side(c->resp_bytes, c->orig_bytes);
    out.bytes.add(ok);
    all = all && ok;
  }
  if (columns.contains("orig_pkts")) {
    const bool ok = c && zeek.orig_pkts == side(c->orig_pkts, c->resp_pkts) &&
                    zeek.resp_pkts == side(c->resp_pkts, c->orig_pkts) &&
                    (!columns.contains("orig_ip_bytes") ||
                     (zeek.orig_ip_bytes == side(c->orig_ip_bytes, c->resp_ip_bytes) &&
                      zeek.resp_ip_bytes == side(c->resp_ip_bytes, c->orig_ip_bytes)));
    out.packets.add(ok);
    all = all && ok;
  }
  if (columns.contains("history")) {
    const bool ok = c && zeek.history.value_or("") == c->history.value_or("");
    out.history.add(ok);
    all = all && ok;
  }
  if (columns.contains("service") && c) {
    ++out.services[fmt::format("{} -> {}", text(zeek.service), text(ours->result.service))];
  }
  if (!all) {
    out.disagreements.push_back(
        fmt::format("  conn  zeek {}\n        ours {}", describe(zeek),
                    c ? describe(*c) + (same ? "" : " (reversed)") : "(none)"));
  }
}

void compare_ssl(const ZeekSsl& zeek, const OurConnection* ours, TraceAgreement& out) {
  const std::optional<TlsFacts> none;
  const auto& tls = ours ? ours->result.tls : none;
  const std::string version = tls ? tls->version : "";
  const std::string cipher = tls ? tls->cipher : "";
  const std::string sni = ours ? ours->result.hostname : "";
  const bool v = ours && zeek.version.value_or("") == version;
  const bool c = ours && zeek.cipher.value_or("") == cipher;
  const bool s = ours && zeek.server_name.value_or("") == sni;
  out.tls_version.add(v);
  out.tls_cipher.add(c);
  out.tls_sni.add(s);
  out.tls.add(v && c && s);
  if (!(v && c && s)) {
    out.disagreements.push_back(fmt::format(
        "  ssl   zeek {}:{} > {}:{} {} {} sni {}\n        ours {} {} sni {}{}",
        zeek.orig_h.to_string(), zeek.orig_p.value_or(0), zeek.resp_h.to_string(),
        zeek.resp_p.value_or(0), text(zeek.version), text(zeek.cipher), text(zeek.server_name),
        version.empty() ? "-" : version, cipher.empty() ? "-" : cipher, sni.empty() ? "-" : sni,
        ours ? "" : " (no connection)"));
  }
}

TraceAgreement compare_trace(const TraceEntry& entry) {
  TraceAgreement out;
  out.trace = entry.name;
  const std::vector<OurConnection> ours = run_iotscope(kData / entry.pcap);
  out.our_conns = static_cast<int>(ours.size());
  std::vector<ZeekSsl> ssl;
  if (entry.ssl_log != "-") ssl = read_zeek_ssl_log((kData / entry.ssl_log).string()).rows;
  if (entry.conn_log != "-") {
    const fs::path path = kData / entry.conn_log;
    std::vector<ZeekConn> conns = read_zeek_conn_log(path.string()).rows;
    borrow_tuples(conns, ssl);
    const std::set<std::string> columns = log_columns(path);
    std::vector<bool> used(ours.size(), false);
    out.zeek_conns = static_cast<int>(conns.size());
    for (const ZeekConn& zeek : conns) {
      const ConnKey key = key_of_conn(zeek);
      const auto i = find_ours(key, &zeek, ours, used);
      if (i) {
        used[*i] = true;
        ++out.matched;
      }
      compare_conn(zeek, columns, i ? &ours[*i] : nullptr,
                   i ? orientation(key, ours[*i].row) : Orientation::none, out);
    }
  }
  std::vector<bool> used(ours.size(), false);
  for (const ZeekSsl& zeek : ssl) {
    const auto i = find_ours(key_of(zeek), nullptr, ours, used);
    if (i) used[*i] = true;
    compare_ssl(zeek, i ? &ours[*i] : nullptr, out);
  }
  return out;
}

struct AgreementRun {
  std::vector<TraceAgreement> traces;
  TraceAgreement total;
};

AgreementRun run_all() {
  AgreementRun run;
  run.total.trace = "total";
  for (const TraceEntry& entry : read_manifest()) {
    TraceAgreement t = compare_trace(entry);
    TraceAgreement& sum = run.total;
    sum.zeek_conns += t.zeek_conns;
    sum.our_conns += t.our_conns;
    sum.matched += t.matched;
    sum.direction_state += t.direction_state;
    sum.bytes += t.bytes;
    sum.packets += t.packets;
    sum.history += t.history;
    sum.tls += t.tls;
    sum.tls_version += t.tls_version;
    sum.tls_cipher += t.tls_cipher;
    sum.tls_sni += t.tls_sni;
    for (const auto& [pair, n] : t.services) sum.services[pair] += n;
    run.traces.push_back(std::move(t));
  }
  return run;
}

const AgreementRun& agreement() {
  static const AgreementRun run = run_all();
  return run;
}

std::string table_row(const TraceAgreement& t) {
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |", t.trace, t.zeek_conns,
                     t.our_conns, t.matched, t.direction_state.text(), t.bytes.text(),
                     t.packets.text(), t.history.text(), t.tls.text());
}

void print_report(const AgreementRun& run) {
  fmt::print(
      "| trace | Zeek conns | our conns | matched | direction+state | bytes | pkts+ip bytes "
      "| history | TLS (version, cipher, SNI) |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const TraceAgreement& t : run.traces) fmt::print("{}\n", table_row(t));
  fmt::print("{}\n\n", table_row(run.total));
  fmt::print("TLS fields: version {}, cipher {}, SNI {}\n\n", run.total.tls_version.text(),
             run.total.tls_cipher.text(), run.total.tls_sni.text());
  fmt::print("service (Zeek -> ours), information only:\n");
  for (const auto& [pair, n] : run.total.services) fmt::print("  {:4}  {}\n", n, pair);
  fmt::print("\ndisagreements:\n");
  for (const TraceAgreement& t : run.traces) {
    for (const std::string& d : t.disagreements) fmt::print("{}\n{}\n", t.trace, d);
  }
}

// Traces whose Zeek output rests on work iotscope does not do by design or does not do yet
// (docs/zeek-agreement.md has a section per reason). The issue's targets are asserted over the
// other traces; every trace, these included, keeps its measured floor below.
struct OutOfScope {
  const char* trace;
  const char* reason;
};
constexpr OutOfScope kOutOfScope[] = {
    {"Teredo", "no Teredo decapsulation; Zeek's DNS analyzer ends UDP DNS sessions after 10 s"},
    {"dns-corrupt", "no checksum validation (Zeek ran without -C)"},
    {"syn-bad", "no checksum validation (Zeek ran without -C)"},
    {"misordered-ntp", "Zeek's NTP analyzer flips the roles by content"},
    {"chromium-115.0.5790.110-api-cirrus-com",
     "QUIC: the TLS handshake is encrypted (Initial keys)"},
    {"quicdoq", "QUIC: the TLS handshake is encrypted (Initial keys)"},
    {"quicv2-http3-443", "QUIC: the TLS handshake is encrypted (Initial keys)"},
    {"webrtc-stun", "DTLS over UDP is not parsed"},
};

bool out_of_scope(const std::string& trace) {
  return std::any_of(std::begin(kOutOfScope), std::end(kOutOfScope),
                     [&](const OutOfScope& o) { return trace == o.trace; });
}

TEST(ZeekAgreement, MeetsTheIssueTargets) {
  const AgreementRun& run = agreement();
  print_report(run);
  ASSERT_GE(run.traces.size(), 30u);
  Tally direction_state;
  Tally tls;
  for (const TraceAgreement& t : run.traces) {
    if (out_of_scope(t.trace)) continue;
    direction_state += t.direction_state;
    tls += t.tls;
  }
  fmt::print("\nin scope (without {} traces): direction+state {}, TLS {}\n", std::size(kOutOfScope),
             direction_state.text(), tls.text());
  EXPECT_GE(direction_state.compared, 70);
  EXPECT_GE(direction_state.share(), 0.95) << direction_state.text();
  EXPECT_GE(tls.compared, 10);
  EXPECT_GE(tls.share(), 0.98) << tls.text();
}

// Today's measured agreement per trace: a regression in any one trace shows here even while
// the totals still meet the targets.
struct Floor {
  const char* trace;
  int direction_state;
  int bytes;
  int packets;
  int history;
  int tls;
};

constexpr Floor kFloors[] = {
    // trace, direction+state, bytes, pkts+ip bytes, history, TLS (agreeing rows)
    {"Teredo", 16, 15, 15, 16, 0},
    {"dhcp", 4, 4, 4, 4, 0},
    {"dns-corrupt", 0, 0, 0, 0, 0},
    {"ftp-auth-tls", 1, 1, 1, 1, 1},
    {"ftp-ipv4", 5, 5, 5, 5, 0},
    {"ftp-ipv6", 6, 6, 6, 6, 0},
    {"ftp-password-pass-command", 1, 1, 1, 1, 0},
    {"http-get", 1, 1, 1, 1, 0},
    {"http-on-irc-port-missing-syn", 1, 1, 1, 1, 0},
    {"http-single-conn-22", 1, 1, 1, 1, 0},
    {"irc-starttls", 1, 1, 1, 1, 1},
    {"misordered-ntp", 0, 0, 0, 0, 0},
    {"missing-syn", 1, 1, 1, 1, 0},
    {"pop3", 11, 11, 11, 11, 0},
    {"portmapper-many-unanswered-calls", 1, 0, 1, 1, 0},
    {"pppoe", 7, 7, 7, 7, 0},
    {"q-in-q", 2, 2, 2, 2, 0},
    {"query-method-non-standard-port", 1, 0, 0, 1, 0},
    {"server-pre-banner-data", 1, 1, 1, 1, 0},
    {"ssh.client-side-half-duplex", 25, 25, 25, 25, 0},
    {"ssh_kex_dh_group18", 1, 0, 0, 1, 0},
    {"syn-bad", 0, 0, 0, 0, 0},
    {"zeek-image-post-1080-8000-x", 1, 1, 1, 1, 0},
    {"chromium-115.0.5790.110-api-cirrus-com", 1, 0, 0, 1, 0},
    {"missing-intermediate", 0, 0, 0, 0, 3},
    {"quicdoq", 1, 0, 0, 1, 0},
    {"quicv2-http3-443", 1, 0, 0, 1, 0},
    {"tls-1.2-handshake-failure", 0, 0, 0, 0, 1},
    {"tls-conn-with-extensions", 0, 0, 0, 0, 1},
    {"tls1.2", 0, 0, 0, 0, 1},
    {"tls13-ech", 0, 0, 0, 0, 2},
    {"tls13_wolfssl", 0, 0, 0, 0, 1},
    {"tls1_1", 0, 0, 0, 0, 1},
    {"webrtc-stun", 0, 0, 0, 0, 0},
    {"handshake-reorder", 1, 0, 0, 0, 0},
    {"udp-broadcast", 1, 0, 0, 1, 0},
    {"vlan-collisions", 1, 0, 1, 0, 0},
};

TEST(ZeekAgreement, NoTraceFallsBelowItsMeasuredAgreement) {
  const AgreementRun& run = agreement();
  std::map<std::string, const TraceAgreement*> by_name;
  for (const TraceAgreement& t : run.traces) by_name[t.trace] = &t;
  for (const Floor& floor : kFloors) {
    SCOPED_TRACE(floor.trace);
    ASSERT_TRUE(by_name.contains(floor.trace));
    const TraceAgreement& t = *by_name[floor.trace];
    EXPECT_GE(t.direction_state.agreed, floor.direction_state);
    EXPECT_GE(t.bytes.agreed, floor.bytes);
    EXPECT_GE(t.packets.agreed, floor.packets);
    EXPECT_GE(t.history.agreed, floor.history);
    EXPECT_GE(t.tls.agreed, floor.tls);
  }
  EXPECT_EQ(std::size(kFloors), run.traces.size()) << "every trace has a floor";
}

TEST(ZeekAgreement, FixturesAreSmallAndComplete) {
  std::uintmax_t total = 0;
  for (const TraceEntry& entry : read_manifest()) {
    SCOPED_TRACE(entry.name);
    ASSERT_TRUE(fs::exists(kData / entry.pcap));
    EXPECT_LE(fs::file_size(kData / entry.pcap), 2u << 20);
    total += fs::file_size(kData / entry.pcap);
    EXPECT_TRUE(entry.conn_log != "-" || entry.ssl_log != "-");
    for (const std::string& log : {entry.conn_log, entry.ssl_log}) {
      if (log != "-") {
        EXPECT_TRUE(fs::exists(kData / log)) << log;
      }
    }
  }
  EXPECT_LE(total, 4u << 20);
}

}  // namespace
}  // namespace iotscope
