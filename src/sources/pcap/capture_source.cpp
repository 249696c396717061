#include "sources/pcap/capture_source.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "decode/packet_decoder.hpp"
#include "sources/pcap/arp_request_windows.hpp"
#include "sources/pcap/capture_merger.hpp"
#include "sources/pcap/connection_to_zeek.hpp"
#include "sources/pcap/device_budget.hpp"
#include "sources/pcap/flow_record_budget.hpp"
#include "sources/pcap/flow_workers.hpp"
#include "sources/pcap/memory_cap.hpp"
#include "sources/pcap/probe_windows.hpp"
#include "sources/text/compressed_file.hpp"
#include "sources/zeek/zeek_flow_converter.hpp"
#include "util/hash.hpp"
#include "util/nanoseconds.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kArpRequest = 1;

unsigned worker_count(const CaptureOptions& options) {
  return options.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : options.threads;
}

CaptureLimits limits_of(const CaptureOptions& options) {
  const std::uint64_t cap = options.max_memory != 0 ? options.max_memory : default_memory_cap();
  return capture_limits(cap, worker_count(options), options.make_records);
}

FlowWorkersOptions worker_options(const CaptureOptions& options, const CaptureLimits& limits) {
  FlowWorkersOptions workers;
  workers.workers = worker_count(options);
  workers.flow_table = options.flow_table;
  workers.flow_table.max_connections =
      std::min(options.flow_table.max_connections, limits.max_connections);
  workers.epoch_packets = limits.epoch_packets;
  workers.max_inspected_tcp = limits.max_inspected_tcp;
  workers.max_inspected_other = limits.max_inspected_other;
  workers.batch_bytes = limits.batch_bytes;
  workers.batches_in_flight = limits.batches_in_flight;
  workers.inspection = options.inspection;
  workers.inspection.max_buffered_bytes = static_cast<std::size_t>(limits.max_buffered_bytes);
  // Without records nobody reads the handshake facts (the listener gets service and TLS facts).
  if (!options.make_records) workers.inspection.payload_facts = false;
  workers.inspect_payload = options.inspect_payload;
  return workers;
}

// A device seen only in unanswered connections may be a flood's: the same test as the converter's
// and the flow record budget's, on the state the connection's record will carry.
bool peer_answered(const Connection& c) {
  return answered(outcome_of(c.state));
}

ZeekConversionOptions conversion_options(const CaptureOptions& options, const CaptureLimits& limits,
                                         DeviceBudget& devices) {
  ZeekConversionOptions conversion;
  conversion.home_id = options.home_id;
  conversion.local_networks = options.local;
  conversion.admit_device = [&devices](const DeviceKey& key, bool answered) {
    return devices.admit(key, answered);
  };
  conversion.max_addresses = static_cast<std::size_t>(limits.max_devices * 4);
  return conversion;
}

// Everything one capture run accumulates besides the flows themselves.
class CaptureReader {
 public:
  CaptureReader(const CaptureOptions& options, FlowAggregator& aggregator,
                const ConnectionListener& listener)
      : options_(options),
        aggregator_(aggregator),
        listener_(listener),
        home_(hash_text(options.home_id)),
        limits_(limits_of(options)),
        devices_(limits_.max_devices),
        converter_(conversion_options(options, limits_, devices_)),
        flow_budget_(limits_.max_engine_flows),
        workers_(worker_options(options, limits_),
                 [this](const Connection& c, InspectionResult&& result) {
                   on_connection(c, std::move(result));
                 }),
        arp_(options.window_seconds),
        probes_(options.window_seconds) {}

  void read(CaptureMerger& merger, CaptureContents& out, const ProgressFn& progress);
  void finish(CaptureContents& out);

 private:
  DeviceKey key_of(const IpAddress& ip, bool has_mac, const MacAddress& mac) const {
    return DeviceKey{home_, hash_text(has_mac ? mac_text(mac) : ip.to_string())};
  }
  void on_packet(const DecodedPacket& packet, const CaptureFrame& frame, InputReport& report);
  void on_arp(const DecodedPacket& packet);
  void on_connection(const Connection& c, InspectionResult&& result);
  void annotate(FlowRecord& flow, const InspectionResult& result) const;
  void record_facts(const Connection& c, InspectionResult& result);
  void learn_name(const DeviceKey& key, const std::string& name);
  void count_parse_errors(const Connection& c, const InspectionResult& result);
  void warn_about_limits(const std::vector<PacketDecoder>& decoders, CaptureContents& out) const;

  const CaptureOptions& options_;
  FlowAggregator& aggregator_;
  const ConnectionListener& listener_;
  std::uint64_t home_;
  CaptureLimits limits_;
  DeviceBudget devices_;
  ZeekFlowConverter converter_;
  FlowRecordBudget flow_budget_;
  FlowWorkers workers_;
  ArpRequestWindows arp_;
  ProbeWindows probes_;
  std::vector<Observation> observations_;
  std::map<DeviceKey, std::set<std::string>> names_;
  std::map<std::string, std::uint64_t> gateway_votes_;  // MAC -> connections to the Internet
  std::unordered_map<IpAddress, std::string, decltype([](const IpAddress& ip) {
                       return static_cast<std::size_t>(ip.hash());
                     })>
      dns_names_;
  ZeekConn row_;  // the row of the connection being handed on, refilled for each
  std::uint64_t connections_ = 0;
  std::uint64_t observations_left_out_ = 0;
  std::uint64_t arp_left_out_ = 0;    // ARP requests of devices past the device budget
  std::uint64_t facts_left_out_ = 0;  // payload facts of such devices
  std::uint64_t parse_errors_ = 0;
  std::string first_parse_error_;
};

void CaptureReader::on_arp(const DecodedPacket& packet) {
  const ArpFacts& arp = packet.arp;
  // A gratuitous ARP announces the sender; only questions about others are discovery.
  if (arp.operation != kArpRequest || arp.sender_ip == arp.target_ip) return;
  if (arp.sender_ip.is_unset() || !options_.local.contains(arp.sender_ip)) return;
  const DeviceKey sender = key_of(arp.sender_ip, true, arp.sender_mac);
  if (!devices_.admit(sender, false)) {
    ++arp_left_out_;
    return;
  }
  arp_.add(sender, arp.target_ip, seconds_from_ns(packet.ts_ns));
}

void CaptureReader::on_packet(const DecodedPacket& packet, const CaptureFrame& frame,
                              InputReport& report) {
  switch (packet.kind) {
    case PacketKind::ip:
      workers_.add(packet, frame.buffer);
      break;
    case PacketKind::arp:
      if (options_.make_records) on_arp(packet);
      break;
    case PacketKind::malformed:
      ++report.skipped;
      if (report.issues.size() < options_.max_issues_per_file) {
        report.issues.push_back(InputIssue{
            report.path, 0, 0, frame.byte_offset,
            fmt::format("packet skipped: {}", packet.issue ? packet.issue : "malformed headers")});
      }
      break;
    case PacketKind::fragment:
    case PacketKind::non_ip:
      break;
  }
}

void CaptureReader::learn_name(const DeviceKey& key, const std::string& name) {
  // A device sending a new user agent in every request must not grow its list without end.
  constexpr std::size_t kNamesPerDevice = 64;
  if (name.empty()) return;
  std::set<std::string>& names = names_[key];
  if (names.size() < kNamesPerDevice) names.insert(name);
}

void CaptureReader::annotate(FlowRecord& flow, const InspectionResult& result) const {
  if (!result.service.empty()) {
    flow.app_protocol = result.service;
    flow.app_how = result.how_known;
  }
  flow.tls = result.tls;
  if (!result.hostname.empty()) {
    flow.remote_hostname = result.hostname;
  } else if (const auto it = dns_names_.find(flow.remote_ip); it != dns_names_.end()) {
    flow.remote_hostname = it->second;
  }
}

void CaptureReader::record_facts(const Connection& c, InspectionResult& result) {
  for (auto& fact : result.facts) {
    const ConnectionEndpoint& end = fact.about_originator ? c.orig : c.resp;
    const ConnectionEndpoint& other = fact.about_originator ? c.resp : c.orig;
    if (fact.kind == "dns_answer") {
      if (dns_names_.size() >= limits_.dns_names) dns_names_.clear();
      std::string_view list = fact.fields["addresses"];
      while (!list.empty()) {
        const auto comma = list.find(',');
        if (const auto ip = IpAddress::parse(list.substr(0, comma))) {
          dns_names_[*ip] = fact.fields["query"];
        }
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
      continue;  // names of remote hosts, not facts about a device
    }
    DeviceKey device = key_of(end.ip, end.has_mac, end.mac);
    if (fact.kind == "dhcp" && !fact.fields["client_mac"].empty()) {
      device = DeviceKey{home_, hash_text(fact.fields["client_mac"])};
    } else if (!options_.local.contains(end.ip)) {
      continue;  // facts are about devices of the home
    }
    if (!devices_.admit(device, peer_answered(c))) {
      ++facts_left_out_;
      continue;
    }
    if (fact.kind == "dhcp") learn_name(device, fact.fields["host_name"]);
    if (fact.kind == "mdns_name") learn_name(device, fact.fields["names"]);
    if (fact.kind == "ssdp_name") learn_name(device, fact.fields["server"]);
    if (fact.kind == "http_request") learn_name(device, fact.fields["user_agent"]);
    if (observations_.size() >= limits_.max_observations) {
      ++observations_left_out_;
      continue;
    }
    Observation o;
    o.device = device;
    o.ts = seconds_from_ns(fact.ts_ns);
    o.kind = std::move(fact.kind);
    o.peer = other.ip;
    o.port = c.resp.port;
    o.fields = std::move(fact.fields);
    o.fields["transport"] = std::string(transport_name(c.transport));
    if (options_.local.is_group_address(other.ip)) {
      o.fields["peer_scope"] = "multicast_broadcast";
    } else if (options_.local.contains(other.ip)) {
      o.fields["peer_scope"] = "local_device";
      o.fields["peer_device"] = std::to_string(key_of(other.ip, other.has_mac, other.mac).device);
    } else {
      o.fields["peer_scope"] = "external";
    }
    observations_.push_back(std::move(o));
  }
}

void CaptureReader::on_connection(const Connection& c, InspectionResult&& result) {
  ++connections_;
  fill_zeek_conn(c, result.service, options_.local, row_);
  const ZeekConn& row = row_;
  if (!result.parse_errors.empty()) count_parse_errors(c, result);
  if (listener_) listener_(row, result);
  if (!options_.make_records) return;
  for (FlowRecord& flow : converter_.convert_conn(row)) {
    if (!flow_budget_.admit(flow)) continue;
    annotate(flow, result);
    aggregator_.add(flow);
  }
  if (options_.local.contains(c.orig.ip)) {
    if (c.resp.has_mac && !options_.local.contains(c.resp.ip) && !c.resp.ip.is_multicast() &&
        devices_.admit(key_of(c.resp.ip, true, c.resp.mac), peer_answered(c))) {
      ++gateway_votes_[mac_text(c.resp.mac)];
    }
    const DeviceKey originator = key_of(c.orig.ip, c.orig.has_mac, c.orig.mac);
    if (devices_.admit(originator, peer_answered(c)))
      probes_.count(originator, seconds_from_ns(c.start_ns), probe_style(c, c.first_orig_flags));
  }
  record_facts(c, result);
}

void CaptureReader::count_parse_errors(const Connection& c, const InspectionResult& result) {
  if (parse_errors_ == 0) {
    first_parse_error_ =
        fmt::format("{} in {} {}:{} -> {}:{} (connection starting at {:.6f})",
                    result.parse_errors.front(), transport_name(c.transport), c.orig.ip.to_string(),
                    c.orig.port, c.resp.ip.to_string(), c.resp.port, seconds_from_ns(c.start_ns));
  }
  parse_errors_ += result.parse_errors.size();
}

// Nothing a limit cost goes unsaid: evictions, payload not inspected, flow records left out,
// fragments given up, and payload that did not parse.
void CaptureReader::warn_about_limits(const std::vector<PacketDecoder>& decoders,
                                      CaptureContents& out) const {
  const FlowTableStats table = workers_.stats();
  const std::string cap =
      options_.max_memory != 0
          ? "--max-memory " + memory_size_text(options_.max_memory)
          : "the default memory cap of " + memory_size_text(default_memory_cap());
  if (options_.max_memory != 0 &&
      options_.max_memory < minimum_memory_cap(worker_count(options_))) {
    out.warnings.push_back(fmt::format(
        "{} is below the {} a capture read with {} workers needs at least; the smallest tables "
        "were used, so memory may exceed it",
        cap, memory_size_text(minimum_memory_cap(worker_count(options_))), worker_count(options_)));
  }
  if (table.evictions > 0) {
    out.warnings.push_back(fmt::format(
        "flow table full: {} connections evicted early ({} of them never answered; at most {} "
        "connections tracked at once within {}); their conn.log rows end when they were evicted",
        table.evictions, table.evicted_unanswered, workers_.max_connections(), cap));
  }
  if (const auto [tcp, other] = workers_.uninspected_connections(); tcp + other > 0) {
    out.warnings.push_back(fmt::format(
        "payload of {} connections not inspected ({} TCP, {} other): their first payload came "
        "while {} TCP or {} other connections were mid-inspection (the most within {})",
        tcp + other, tcp, other, limits_.max_inspected_tcp, limits_.max_inspected_other, cap));
  }
  if (devices_.refused_any()) {
    out.warnings.push_back(fmt::format(
        "device table full: what devices past the first {} did was left out of the analyses "
        "({} flow records, {} ARP requests, {} payload facts; a flood of source MAC addresses?), "
        "the most within {}",
        devices_.max_devices(), converter_.stats().flows_refused, arp_left_out_, facts_left_out_,
        cap));
  }
  if (const std::uint64_t cut = workers_.inspections_cut_short(); cut > 0) {
    out.warnings.push_back(fmt::format(
        "payload inspection of {} connections cut short: their TLS or clear-text buffers grew "
        "while those of all connections being inspected held {} (the most within {}); what "
        "they had shown until then was kept",
        cut, memory_size_text(limits_.max_buffered_bytes), cap));
  }
  if (flow_budget_.left_out() > 0) {
    out.warnings.push_back(fmt::format(
        "{} flow records left out of the analyses ({} of unanswered or refused connections): "
        "the first {} were kept, the most within {}",
        flow_budget_.left_out(), flow_budget_.left_out_unanswered(), flow_budget_.kept(), cap));
  }
  if (observations_left_out_ > 0) {
    out.warnings.push_back(fmt::format(
        "{} payload facts about devices left out of the analyses: the first {} were kept, the "
        "most within {}",
        observations_left_out_, limits_.max_observations, cap));
  }
  std::uint64_t evicted = 0;
  std::uint64_t timed_out = 0;
  for (const PacketDecoder& decoder : decoders) {
    evicted += decoder.reassembler().evicted();
    timed_out += decoder.reassembler().timed_out();
  }
  if (evicted > 0) {
    out.warnings.push_back(fmt::format(
        "fragment reassembly full: {} incomplete datagrams given up for newer ones ({} at once "
        "per file), {} more timed out",
        evicted, limits_.fragments.max_reassemblies, timed_out));
  }
  if (parse_errors_ > 0) {
    out.warnings.push_back(fmt::format("{} payload messages could not be parsed; the first: {}",
                                       parse_errors_, first_parse_error_));
  }
}

void CaptureReader::read(CaptureMerger& merger, CaptureContents& out, const ProgressFn& progress) {
  std::vector<PacketDecoder> decoders;
  // Batches hold buffers only for the payload bytes inspection reads; merged files share the
  // number that may be lent.
  const std::size_t lent = options_.inspect_payload ? limits_.lent_read_buffers : 0;
  for (const auto& file : merger.files()) {
    decoders.emplace_back(file->link_type(), limits_.fragments);
    file->lend_buffers(
        std::max<std::size_t>(std::min<std::size_t>(lent, 2), lent / merger.files().size()));
  }
  CaptureFrame frame;
  DecodedPacket packet;
  std::uint64_t since_progress = 0;
  constexpr std::uint64_t kProgressEvery = 1 << 16;
  while (merger.next(frame)) {
    ++out.packets;
    InputReport& report = out.inputs[frame.file_index];
    ++report.records;
    decoders[frame.file_index].decode(frame.data, frame.ts_ns, frame.wire_length, packet);
    on_packet(packet, frame, report);
    if (progress && ++since_progress == kProgressEvery) {
      since_progress = 0;
      progress(merger.consumed_bytes(), merger.total_bytes());
    }
  }
  workers_.finish();
  warn_about_limits(decoders, out);
  for (std::size_t i = 0; i < merger.files().size(); ++i) {
    // The damaged record is lost (the frames before it are kept): it counts as skipped.
    if (const auto& damage = merger.files()[i]->damage()) {
      out.inputs[i].issues.push_back(*damage);
      ++out.inputs[i].skipped;
    }
  }
  if (progress) progress(merger.total_bytes(), merger.total_bytes());
}

void CaptureReader::finish(CaptureContents& out) {
  aggregator_.home_complete(home_);
  std::string gateway;
  std::uint64_t best = 0;
  for (const auto& [mac, votes] : gateway_votes_) {
    if (votes > best) {
      gateway = mac;
      best = votes;
    }
  }
  out.devices = converter_.devices();
  for (auto& device : out.devices) {
    if (const auto it = names_.find(device.key); it != names_.end()) {
      device.learnt_names.assign(it->second.begin(), it->second.end());
    }
    device.is_gateway = !gateway.empty() && device.mac == gateway;
  }
  out.observations = converter_.observations();
  for (auto* batch : {&observations_}) {
    out.observations.insert(out.observations.end(), std::make_move_iterator(batch->begin()),
                            std::make_move_iterator(batch->end()));
  }
  for (auto&& o : arp_.observations()) out.observations.push_back(std::move(o));
  for (auto&& o : probes_.observations()) out.observations.push_back(std::move(o));
  out.flow_table = workers_.stats();
  out.connections = connections_;
}

}  // namespace

bool looks_like_capture(const std::string& path) {
  std::string error;
  const auto reader = DecompressingReader::open(path, error);
  if (!reader) return false;
  std::array<char, 4> head{};
  std::size_t got = 0;
  while (got < head.size()) {
    const std::size_t n = reader->read(std::span<char>(head.data() + got, head.size() - got));
    if (n == 0) break;
    got += n;
  }
  if (got < head.size()) return false;
  std::uint32_t magic = 0;
  std::memcpy(&magic, head.data(), sizeof magic);
  constexpr std::array<std::uint32_t, 5> kMagics{0xA1B2C3D4, 0xD4C3B2A1, 0xA1B23C4D, 0x4D3CB2A1,
                                                 0x0A0D0D0A};
  return std::find(kMagics.begin(), kMagics.end(), magic) != kMagics.end();
}

CaptureContents read_capture_files(std::vector<std::unique_ptr<CaptureFile>> files,
                                   const CaptureOptions& options, FlowAggregator& aggregator,
                                   const ConnectionListener& listener, const ProgressFn& progress) {
  CaptureContents run;
  for (const auto& file : files)
    run.inputs.push_back(InputReport{file->path(), file->format(), 0, 0, 0, {}});
  CaptureMerger merger(std::move(files));
  CaptureReader reader(options, aggregator, listener);
  reader.read(merger, run, progress);
  reader.finish(run);
  return run;
}

CaptureContents read_captures(const std::vector<std::string>& paths, const CaptureOptions& options,
                              FlowAggregator& aggregator, const ConnectionListener& listener,
                              const ProgressFn& progress) {
  CaptureContents out;
  std::vector<std::unique_ptr<CaptureFile>> files;
  for (const auto& path : paths) {
    InputIssue error;
    auto file = CaptureFile::open(path, error);
    if (!file) {
      InputReport failed{path, "unreadable", 0, 0, 0, {error}};
      out.inputs.push_back(std::move(failed));
      continue;
    }
    files.push_back(std::move(file));
  }
  CaptureContents run =
      read_capture_files(std::move(files), options, aggregator, listener, progress);
  run.inputs.insert(run.inputs.end(), std::make_move_iterator(out.inputs.begin()),
                    std::make_move_iterator(out.inputs.end()));
  return run;
}

}  // namespace iotscope
