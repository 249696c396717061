#include "sources/zeek/zeek_fields.hpp"

#include <array>
#include <charconv>
#include <iterator>
#include <type_traits>

#include "util/six_decimals.hpp"

namespace iotscope {

namespace {

constexpr std::string_view kUnset = "-";

// --- per member type: set?, TSV text, JSON value ---

template <class T>
bool value_is_set(const std::optional<T>& value) {
  return value.has_value();
}
bool value_is_set(const IpAddress& value) {
  return !value.is_unset();
}
bool value_is_set(const std::string& value) {
  return !value.empty();
}

// Numbers without fmt: fmt::format_to through a back_inserter cost a conn.log row more than
// tracking its connection did.
void append_number(std::string& out, double value) {
  append_six_decimals(out, value);  // Zeek's six decimals, rounded as printf's "%.6f"
}
template <class Integer>
void append_number(std::string& out, Integer value) {
  std::array<char, 24> text{};  // 2^64 has 20 digits
  out.append(text.data(), std::to_chars(text.data(), text.data() + text.size(), value).ptr);
}

template <class T>
void append_tsv_value(std::string& out, const std::optional<T>& value) {
  if (!value) {
    out += kUnset;
    return;
  }
  if constexpr (std::is_same_v<T, bool>) {
    out.push_back(*value ? 'T' : 'F');
  } else if constexpr (std::is_same_v<T, std::string>) {
    append_zeek_escaped(out, *value, false);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    if (value->empty()) out += "(empty)";
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (i > 0) out.push_back(',');
      append_zeek_escaped(out, (*value)[i], true);
    }
  } else {
    append_number(out, *value);
  }
}
void append_tsv_value(std::string& out, const IpAddress& value) {
  if (value.is_unset()) {
    out += kUnset;
  } else {
    value.append_text(out);
  }
}
void append_tsv_value(std::string& out, const std::string& value) {
  if (value.empty())
    out += kUnset;
  else
    append_zeek_escaped(out, value, false);
}

template <class T>
void append_json_value(std::string& out, const std::optional<T>& value) {
  if constexpr (std::is_same_v<T, bool>) {
    out += *value ? "true" : "false";
  } else if constexpr (std::is_same_v<T, std::string>) {
    append_json_string(out, *value);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    out.push_back('[');
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, (*value)[i]);
    }
    out.push_back(']');
  } else {
    append_number(out, *value);
  }
}
void append_json_value(std::string& out, const IpAddress& value) {
  append_json_string(out, value.to_string());
}
void append_json_value(std::string& out, const std::string& value) {
  append_json_string(out, value);
}

// --- the same through a member pointer, as plain function pointers for the tables ---

template <class Record, auto Member>
bool parse_member(Record& record, const ZeekRawValue& raw, std::string& expected) {
  return parse_zeek_value(raw, record.*Member, expected);
}
template <class Record, auto Member>
bool member_is_set(const Record& record) {
  return value_is_set(record.*Member);
}
template <class Record, auto Member>
void member_tsv(const Record& record, std::string& out) {
  append_tsv_value(out, record.*Member);
}
template <class Record, auto Member>
void member_json(const Record& record, std::string& out) {
  append_json_value(out, record.*Member);
}

template <class Record, auto Member>
constexpr ZeekField<Record> field(std::string_view name, std::string_view type) {
  return {name,
          type,
          &parse_member<Record, Member>,
          &member_is_set<Record, Member>,
          &member_tsv<Record, Member>,
          &member_json<Record, Member>};
}

template <auto Member>
constexpr ZeekField<ZeekConn> conn(std::string_view name, std::string_view type) {
  return field<ZeekConn, Member>(name, type);
}
template <auto Member>
constexpr ZeekField<ZeekSsl> ssl(std::string_view name, std::string_view type) {
  return field<ZeekSsl, Member>(name, type);
}

using C = ZeekConn;
constexpr std::array kConnFields{
    conn<&C::ts>("ts", "time"),
    conn<&C::uid>("uid", "string"),
    conn<&C::orig_h>("id.orig_h", "addr"),
    conn<&C::orig_p>("id.orig_p", "port"),
    conn<&C::resp_h>("id.resp_h", "addr"),
    conn<&C::resp_p>("id.resp_p", "port"),
    conn<&C::proto>("proto", "enum"),
    conn<&C::service>("service", "string"),
    conn<&C::duration>("duration", "interval"),
    conn<&C::orig_bytes>("orig_bytes", "count"),
    conn<&C::resp_bytes>("resp_bytes", "count"),
    conn<&C::conn_state>("conn_state", "string"),
    conn<&C::local_orig>("local_orig", "bool"),
    conn<&C::local_resp>("local_resp", "bool"),
    conn<&C::missed_bytes>("missed_bytes", "count"),
    conn<&C::history>("history", "string"),
    conn<&C::orig_pkts>("orig_pkts", "count"),
    conn<&C::orig_ip_bytes>("orig_ip_bytes", "count"),
    conn<&C::resp_pkts>("resp_pkts", "count"),
    conn<&C::resp_ip_bytes>("resp_ip_bytes", "count"),
    conn<&C::tunnel_parents>("tunnel_parents", "set[string]"),
    conn<&C::ip_proto>("ip_proto", "count"),
    conn<&C::orig_l2_addr>("orig_l2_addr", "string"),
    conn<&C::resp_l2_addr>("resp_l2_addr", "string"),
};

using S = ZeekSsl;
constexpr std::array kSslFields{
    ssl<&S::ts>("ts", "time"),
    ssl<&S::uid>("uid", "string"),
    ssl<&S::orig_h>("id.orig_h", "addr"),
    ssl<&S::orig_p>("id.orig_p", "port"),
    ssl<&S::resp_h>("id.resp_h", "addr"),
    ssl<&S::resp_p>("id.resp_p", "port"),
    ssl<&S::version>("version", "string"),
    ssl<&S::cipher>("cipher", "string"),
    ssl<&S::curve>("curve", "string"),
    ssl<&S::server_name>("server_name", "string"),
    ssl<&S::resumed>("resumed", "bool"),
    ssl<&S::last_alert>("last_alert", "string"),
    ssl<&S::next_protocol>("next_protocol", "string"),
    ssl<&S::established>("established", "bool"),
    ssl<&S::ssl_history>("ssl_history", "string"),
    ssl<&S::cert_chain_fps>("cert_chain_fps", "vector[string]"),
    ssl<&S::client_cert_chain_fps>("client_cert_chain_fps", "vector[string]"),
    ssl<&S::cert_chain_fuids>("cert_chain_fuids", "vector[string]"),
    ssl<&S::client_cert_chain_fuids>("client_cert_chain_fuids", "vector[string]"),
    ssl<&S::subject>("subject", "string"),
    ssl<&S::issuer>("issuer", "string"),
    ssl<&S::client_subject>("client_subject", "string"),
    ssl<&S::client_issuer>("client_issuer", "string"),
    ssl<&S::sni_matches_cert>("sni_matches_cert", "bool"),
    ssl<&S::validation_status>("validation_status", "string"),
    ssl<&S::ja3>("ja3", "string"),
    ssl<&S::ja3s>("ja3s", "string"),
};

}  // namespace

std::span<const ZeekField<ZeekConn>> zeek_conn_fields() {
  return kConnFields;
}
std::span<const ZeekField<ZeekSsl>> zeek_ssl_fields() {
  return kSslFields;
}

}  // namespace iotscope
