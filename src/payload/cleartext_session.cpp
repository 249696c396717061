#include "payload/cleartext_session.hpp"

#include <algorithm>
#include <string>

#include "payload/cleartext_login.hpp"
#include "payload/http_request.hpp"
#include "payload/mqtt_connect.hpp"
#include "payload/upnp_soap.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kTelnetPort = 23;
constexpr std::uint8_t kTelnetIac = 0xFF;
constexpr std::uint8_t kMqttConnect = 0x10;
// The server's first bytes that pick the protocol where the client's do not: FTP's "220" banner.
constexpr std::size_t kServerBytesThatPick = 3;

void append_capped(std::vector<std::uint8_t>& kept, ByteSpan bytes, std::size_t cap) {
  const std::size_t room = cap - std::min(cap, kept.size());
  kept.insert(kept.end(), bytes.begin(), bytes.begin() + std::min(room, bytes.size()));
}

bool starts_with(ByteSpan bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char c, std::uint8_t b) { return static_cast<std::uint8_t>(c) == b; });
}

const char* flag(bool value) {
  return value ? "true" : "false";
}

// Observation kinds are snake case (docs/observations.md), not the SOAP action's own spelling:
// the exposure analysis looks for "upnp_add_port_mapping".
std::string upnp_observation_kind(UpnpAction action) {
  switch (action) {
    case UpnpAction::add_port_mapping:
      return "upnp_add_port_mapping";
    case UpnpAction::add_any_port_mapping:
      return "upnp_add_any_port_mapping";
    case UpnpAction::delete_port_mapping:
      return "upnp_delete_port_mapping";
    case UpnpAction::get_generic_port_mapping_entry:
      return "upnp_get_generic_port_mapping_entry";
    case UpnpAction::get_specific_port_mapping_entry:
      return "upnp_get_specific_port_mapping_entry";
    case UpnpAction::get_external_ip_address:
      return "upnp_get_external_ip_address";
    case UpnpAction::other:
      break;
  }
  return "upnp_other";
}

enum class Protocol : std::uint8_t { mqtt, ftp, telnet, http };

// The parser the kept bytes go to (`client` not empty): the client's first bytes pick MQTT and
// FTP, the server's FTP's banner, and Telnet also by its port; HTTP otherwise.
Protocol protocol_of(ByteSpan client, ByteSpan server, std::uint16_t server_port) {
  if (client[0] == kMqttConnect) return Protocol::mqtt;
  if (starts_with(client, "USER ") || starts_with(server, "220")) return Protocol::ftp;
  if (server_port == kTelnetPort || client[0] == kTelnetIac ||
      (!server.empty() && server[0] == kTelnetIac)) {
    return Protocol::telnet;
  }
  return Protocol::http;
}

// `base` holds what every fact of the connection shares; nullptr when no facts are wanted.
void http_facts(ByteSpan client, const PayloadFact* base, InspectionResult& out) {
  const auto request = parse_http_request(client);
  if (!request) return;
  out.service = "http";
  out.how_known = HowKnown::payload;
  if (!request->host.empty()) out.hostname = request->host;
  out.credentials_in_clear = out.credentials_in_clear || request->basic_auth;
  if (base == nullptr) return;
  PayloadFact fact = *base;
  fact.kind = "http_request";
  fact.fields = {{"method", request->method},
                 {"host", request->host},
                 {"path", request->target},
                 {"user_agent", request->user_agent},
                 {"basic_auth", flag(request->basic_auth)}};
  if (request->basic_auth) fact.fields["user"] = request->basic_user;
  out.facts.push_back(std::move(fact));
  if (request->soap_action.empty()) return;
  const auto soap = parse_upnp_soap_request(client);
  if (!soap || soap->action == UpnpAction::other) return;
  PayloadFact upnp = *base;
  upnp.kind = upnp_observation_kind(soap->action);
  upnp.fields = {{"action", soap->action_name}, {"service_type", soap->service_type}};
  if (soap->external_port) upnp.fields["external_port"] = std::to_string(*soap->external_port);
  if (soap->internal_port) upnp.fields["internal_port"] = std::to_string(*soap->internal_port);
  if (!soap->internal_client.empty()) upnp.fields["internal_client"] = soap->internal_client;
  if (!soap->protocol.empty()) upnp.fields["protocol"] = soap->protocol;
  if (soap->lease_duration) upnp.fields["lease"] = std::to_string(*soap->lease_duration);
  if (!soap->description.empty()) upnp.fields["description"] = soap->description;
  out.facts.push_back(std::move(upnp));
}

void mqtt_facts(ByteSpan client, ByteSpan server, const PayloadFact* base, InspectionResult& out) {
  const auto connect = parse_mqtt_connect(client);
  if (!connect) return;
  out.service = "mqtt";
  out.how_known = HowKnown::payload;
  out.credentials_in_clear = out.credentials_in_clear || connect->password_present;
  if (base == nullptr) return;
  PayloadFact fact = *base;
  fact.kind = "mqtt_connect";
  fact.fields = {{"version", connect->version},
                 {"client_id", connect->client_id},
                 {"username_present", flag(connect->username_present)},
                 {"password_present", flag(connect->password_present)},
                 {"tls", "false"}};
  if (connect->username_present) fact.fields["user"] = connect->username;
  if (const auto ack = parse_mqtt_connack(server)) fact.fields["status"] = ack->status_text();
  out.facts.push_back(std::move(fact));
}

void login_facts(const CleartextLogin& login, std::string_view service, const PayloadFact* base,
                 InspectionResult& out) {
  if (!login.login_seen) return;
  out.service = std::string(service);
  out.how_known = HowKnown::payload;
  out.credentials_in_clear = out.credentials_in_clear || login.password_present;
  if (base == nullptr) return;
  PayloadFact fact = *base;
  fact.kind = std::string(service) + "_login";
  fact.fields = {{"user", login.user}, {"password_present", flag(login.password_present)}};
  out.facts.push_back(std::move(fact));
}

}  // namespace

void CleartextSession::feed(bool from_client, ByteSpan bytes) {
  if (from_client) {
    append_capped(client_, bytes, kClientCap);
  } else {
    append_capped(server_, bytes, kServerCap);
  }
}

void CleartextSession::clear() {
  for (auto* kept : {&client_, &server_}) {
    if (kept->capacity() > kKeptCapacity) {
      std::vector<std::uint8_t>().swap(*kept);
    } else {
      kept->clear();
    }
  }
}

bool CleartextSession::full() const {
  return client_.size() >= kClientCap && server_.size() >= kServerCap;
}

bool CleartextSession::names_service(std::uint16_t server_port) const {
  const ByteSpan client(client_);
  const ByteSpan server(server_);
  if (client.empty()) return false;
  switch (protocol_of(client, server, server_port)) {
    case Protocol::mqtt:
      return parse_mqtt_connect(client).ok();
    case Protocol::http:
      return !server.empty() && parse_http_request(client).ok();
    case Protocol::ftp:
    case Protocol::telnet:
      break;
  }
  return false;
}

bool CleartextSession::settled(std::uint16_t server_port) const {
  const ByteSpan client(client_);
  const ByteSpan server(server_);
  if (client.empty() || server.size() < kServerBytesThatPick) return false;
  switch (protocol_of(client, server, server_port)) {
    case Protocol::mqtt:
      return parse_mqtt_connect(client) && parse_mqtt_connack(server);
    case Protocol::http: {
      const auto request = parse_http_request(client);
      return request && request->head_complete && request->soap_action.empty() &&
             request->method != "CONNECT";
    }
    case Protocol::ftp:
    case Protocol::telnet:
      break;
  }
  return false;
}

void CleartextSession::conclude(std::uint16_t server_port, std::int64_t ts_ns,
                                bool client_is_originator, InspectionResult& out,
                                bool with_facts) const {
  const ByteSpan client(client_);
  const ByteSpan server(server_);
  PayloadFact shared;
  shared.about_originator = client_is_originator;  // facts describe the client
  shared.ts_ns = ts_ns;
  const PayloadFact* base = with_facts ? &shared : nullptr;
  if (client.empty()) return;
  switch (protocol_of(client, server, server_port)) {
    case Protocol::mqtt:
      mqtt_facts(client, server, base, out);
      break;
    case Protocol::ftp:
      if (const auto login = parse_ftp_login(client)) login_facts(*login, "ftp", base, out);
      break;
    case Protocol::telnet:
      if (const auto login = parse_telnet_login(client, server)) {
        login_facts(*login, "telnet", base, out);
      }
      break;
    case Protocol::http:
      http_facts(client, base, out);
      break;
  }
}

}  // namespace iotscope
