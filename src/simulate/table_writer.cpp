#include "simulate/table_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "util/hash.hpp"

namespace iotscope::sim {
namespace {

constexpr std::string_view kDeviceColumns[] = {
    "user_key",      "device_id",   "device_ip", "device_oui",   "dhcp_hostname", "device_name",
    "device_vendor", "device_type", "ua_list",   "suspected_pc", "is_inspected",  "ts"};
constexpr std::string_view kFlowColumns[] = {"user_key",
                                             "device_id",
                                             "device_port",
                                             "remote_ip",
                                             "remote_port",
                                             "protocol",
                                             "syn_originator",
                                             "remote_hostname",
                                             "remote_reg_domain",
                                             "remote_ip_country",
                                             "in_byte_count",
                                             "out_byte_count",
                                             "total_byte_count",
                                             "in_pkt_count",
                                             "out_pkt_count",
                                             "ts",
                                             "ts_min",
                                             "ts_mod60",
                                             "ts_mod600"};

template <std::size_t N>
std::string join_header(const std::string_view (&columns)[N], char separator) {
  std::string header;
  for (std::size_t i = 0; i < N; ++i) {
    if (i != 0) header += separator;
    header += columns[i];
  }
  header += '\n';
  return header;
}

char separator_of(TableFormat format) {
  return format == TableFormat::tsv ? '\t' : ',';
}

// Writes a text field; CSV quotes it only when needed, JSON escapes quotes and backslashes.
void append_text(std::string_view text, TableFormat format, std::string& out) {
  if (format == TableFormat::jsonl) {
    out += '"';
    for (const char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
    return;
  }
  const char sep = separator_of(format);
  const bool plain = std::none_of(text.begin(), text.end(), [sep](char c) {
    return c == sep || c == '"' || c == '\n' || c == '\r';
  });
  if (plain) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_number(std::uint64_t value, std::string& out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

char* put_number(char* p, std::uint64_t value) {
  return std::to_chars(p, p + 24, value).ptr;
}

char* put_ipv4(char* p, std::uint32_t address) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    p = put_number(p, (address >> shift) & 0xFFu);
    if (shift != 0) *p++ = '.';
  }
  return p;
}

// One formatted field of either kind in a row being built.
class Fields {
 public:
  Fields(TableFormat format, std::string& out) : format_(format), out_(out) {}
  void text(std::string_view name, std::string_view value) {
    begin(name);
    append_text(value, format_, out_);
  }
  void number(std::string_view name, std::uint64_t value) {
    begin(name);
    append_number(value, out_);
  }
  void ip(std::string_view name, std::uint32_t address) {
    begin(name);
    if (format_ == TableFormat::jsonl) out_ += '"';
    append_ipv4(address, out_);
    if (format_ == TableFormat::jsonl) out_ += '"';
  }
  void end() { out_ += format_ == TableFormat::jsonl ? "}\n" : "\n"; }

 private:
  void begin(std::string_view name) {
    if (format_ == TableFormat::jsonl) {
      out_ += first_ ? "{\"" : ",\"";
      out_ += name;
      out_ += "\":";
    } else if (!first_) {
      out_ += separator_of(format_);
    }
    first_ = false;
  }
  TableFormat format_;
  std::string& out_;
  bool first_ = true;
};

std::string_view syn_text(char syn) {
  if (syn == 'l') return "local";
  if (syn == 'r') return "remote";
  return {};
}

// Everything of a flow's row up to the byte counts, formatted once per flow.
void append_flow_prefix(const Home& home, const Flow& flow, TableFormat format, std::string& out) {
  const SimDevice& device = home.devices[flow.device];
  Fields fields(format, out);
  fields.text("user_key", std::string_view(home.key.data(), home.key.size()));
  fields.text("device_id", std::string_view(device.id.data(), device.id.size()));
  fields.number("device_port", flow.local_port);
  fields.ip("remote_ip", flow.remote_ip);
  fields.number("remote_port", flow.remote_port);
  fields.text("protocol", flow.udp ? "udp" : "tcp");
  fields.text("syn_originator", syn_text(flow.syn));
  std::string host;
  std::string_view domain;
  std::string_view country;
  if (flow.name_kind == NameKind::local_network) {
    host = "(Local Network)";
  } else if (flow.name_kind == NameKind::cloud && flow.name != nullptr) {
    host = flow.name->host;
    if (flow.name_guess) host += '?';
    domain = flow.name->domain;
    country = flow.name->country;
  }
  fields.text("remote_hostname", host);
  fields.text("remote_reg_domain", domain);
  fields.text("remote_ip_country", country);
  // The next field continues this row.
  out += format == TableFormat::jsonl ? ',' : separator_of(format);
}

std::uint32_t packets_for(std::uint32_t bytes) {
  return bytes == 0 ? 0 : 1 + bytes / 1200;
}

std::uint32_t spread(std::uint64_t h, std::uint32_t lo, std::uint32_t hi) {
  return lo + static_cast<std::uint32_t>(h % (std::uint64_t{hi} - lo + 1));
}

}  // namespace

std::string_view devices_header(TableFormat format) {
  static const std::string csv = join_header(kDeviceColumns, ',');
  static const std::string tsv = join_header(kDeviceColumns, '\t');
  if (format == TableFormat::jsonl) return {};
  return format == TableFormat::tsv ? tsv : csv;
}

std::string_view flows_header(TableFormat format) {
  static const std::string csv = join_header(kFlowColumns, ',');
  static const std::string tsv = join_header(kFlowColumns, '\t');
  if (format == TableFormat::jsonl) return {};
  return format == TableFormat::tsv ? tsv : csv;
}

void append_ipv4(std::uint32_t address, std::string& out) {
  char buffer[16];
  out.append(buffer, put_ipv4(buffer, address));
}

void append_devices(const Home& home, TableFormat format, std::string& out) {
  const std::string_view key(home.key.data(), home.key.size());
  for (std::size_t d = 0; d < home.devices.size(); ++d) {
    const SimDevice& device = home.devices[d];
    Fields fields(format, out);
    fields.text("user_key", key);
    fields.text("device_id", std::string_view(device.id.data(), device.id.size()));
    fields.ip("device_ip", home.ip_of(d));
    fields.text("device_oui", std::string_view(device.oui.data(), device.oui.size()));
    fields.text("dhcp_hostname", device.hostname);
    fields.text("device_name", device.label_name);
    fields.text("device_vendor", device.label_vendor);
    fields.text("device_type", device.label_type);
    fields.text("ua_list", device.ua);
    fields.number("suspected_pc", device.model->kind == Kind::computer ? 1 : 0);
    fields.number("is_inspected", device.inspected ? 1 : 0);
    fields.number("ts", device.first_seen);
    fields.end();
  }
}

WindowCounts window_counts(const Flow& flow, std::uint32_t ordinal) {
  const std::uint64_t h1 = mix64(flow.seed + ordinal * 0x9E3779B97F4A7C15ULL);
  const std::uint64_t h2 = mix64(h1 ^ 0xD6E8FEB86659FD93ULL);
  const Volume& v = flow.volume;
  const std::uint32_t sent = spread(h1, v.out_lo, v.out_hi);    // by the initiator
  const std::uint32_t received = spread(h2, v.in_lo, v.in_hi);  // by the initiator
  WindowCounts counts;
  counts.out_bytes = flow.responder ? received : sent;
  counts.in_bytes = flow.responder ? sent : received;
  counts.out_packets = packets_for(counts.out_bytes);
  counts.in_packets = packets_for(counts.in_bytes);
  return counts;
}

RowCounts append_flows(const Home& home, const HomeTraffic& traffic, TableFormat format,
                       FlowTableScratch& scratch, std::string& out) {
  RowCounts counts;
  scratch.prefixes.clear();
  scratch.prefix_offsets.clear();
  scratch.order.clear();
  for (std::uint32_t f = 0; f < traffic.flows.size(); ++f) {
    const Flow& flow = traffic.flows[f];
    scratch.prefix_offsets.push_back(static_cast<std::uint32_t>(scratch.prefixes.size()));
    append_flow_prefix(home, flow, format, scratch.prefixes);
    if (flow.window_count == 0) continue;
    ++counts.flows;
    for (std::uint32_t i = 0; i < flow.window_count; ++i) {
      const std::uint64_t window = traffic.windows[flow.window_begin + i];
      scratch.order.push_back(window << 40 | std::uint64_t{f} << 16 | i);
    }
    if (flow.probe) counts.probe_rows += flow.window_count;
  }
  scratch.prefix_offsets.push_back(static_cast<std::uint32_t>(scratch.prefixes.size()));
  std::sort(scratch.order.begin(), scratch.order.end());
  counts.rows = scratch.order.size();

  const bool json = format == TableFormat::jsonl;
  const char sep = separator_of(format);
  char line[1024];
  for (const std::uint64_t key : scratch.order) {
    const auto f = static_cast<std::uint32_t>((key >> 16) & 0xFFFFFFu);
    const auto ordinal = static_cast<std::uint32_t>(key & 0xFFFFu);
    const std::uint64_t ts = kEpoch + (key >> 40) * kWindowSeconds;
    const WindowCounts c = window_counts(traffic.flows[f], ordinal);
    const std::uint32_t begin = scratch.prefix_offsets[f];
    const std::uint32_t length = scratch.prefix_offsets[f + 1] - begin;
    char* p = line;
    if (length < sizeof line - 300) {
      std::memcpy(p, scratch.prefixes.data() + begin, length);
      p += length;
    } else {
      out.append(scratch.prefixes, begin, length);
    }
    auto field = [&](std::string_view name, std::uint64_t value, bool last) {
      if (json) {
        *p++ = '"';
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        *p++ = '"';
        *p++ = ':';
      }
      p = put_number(p, value);
      if (!last) *p++ = json ? ',' : sep;
    };
    field("in_byte_count", c.in_bytes, false);
    field("out_byte_count", c.out_bytes, false);
    field("total_byte_count", std::uint64_t{c.in_bytes} + c.out_bytes, false);
    field("in_pkt_count", c.in_packets, false);
    field("out_pkt_count", c.out_packets, false);
    field("ts", ts, false);
    field("ts_min", ts / 60, false);
    field("ts_mod60", ts - ts % 60, false);
    field("ts_mod600", ts - ts % 600, true);
    if (json) *p++ = '}';
    *p++ = '\n';
    out.append(line, p);
  }
  return counts;
}

}  // namespace iotscope::sim
