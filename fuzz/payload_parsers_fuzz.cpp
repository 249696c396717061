// libFuzzer target for the payload parsers: the first byte picks the parser, the rest is its
// input. Every parser must return a value or an error for any bytes, never crash or read out of
// bounds (ASan + UBSan are on in fuzz builds).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "payload/cleartext_login.hpp"
#include "payload/der_certificate.hpp"
#include "payload/dhcp_message.hpp"
#include "payload/dns_message.hpp"
#include "payload/http_request.hpp"
#include "payload/http_response.hpp"
#include "payload/mqtt_connect.hpp"
#include "payload/natpmp_message.hpp"
#include "payload/ntp_packet.hpp"
#include "payload/pcp_message.hpp"
#include "payload/ssdp_message.hpp"
#include "payload/tls_handshake.hpp"
#include "payload/tls_handshake_scanner.hpp"
#include "payload/upnp_soap.hpp"

namespace {

using iotscope::ByteSpan;

// Feeds the stream in uneven chunks and parses what the scanner yields, as the pipeline would.
void scan_and_parse_tls(ByteSpan input) {
  iotscope::TlsHandshakeScanner scanner(16 * 1024);
  std::size_t at = 0;
  std::size_t chunk = 1;
  while (at < input.size()) {
    const std::size_t size = std::min(chunk, input.size() - at);
    for (const auto& message : scanner.feed(input.subspan(at, size))) {
      if (message.sslv2) {
        (void)iotscope::parse_sslv2_client_hello(message.body);
        (void)iotscope::parse_sslv2_server_hello(message.body);
      } else if (message.type == 1) {
        (void)iotscope::parse_client_hello(message.body);
      } else if (message.type == 2) {
        (void)iotscope::parse_server_hello(message.body);
      } else if (message.type == 11) {
        const auto chain = iotscope::parse_certificate_message(message.body);
        if (chain) (void)iotscope::parse_certificate_names(chain->first_certificate_der);
      }
    }
    at += size;
    chunk = chunk * 3 + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const ByteSpan input(data + 1, size - 1);
  switch (data[0] % 16) {
    case 0:
      scan_and_parse_tls(input);
      break;
    case 1:
      (void)iotscope::parse_client_hello(input);
      (void)iotscope::parse_server_hello(input);
      break;
    case 2:
      (void)iotscope::parse_certificate_message(input);
      (void)iotscope::parse_certificate_names(input);
      break;
    case 3:
      (void)iotscope::parse_dns_message(input);
      break;
    case 4:
      (void)iotscope::parse_http_request(input);
      (void)iotscope::parse_http_status_line(input);
      break;
    case 5:
      (void)iotscope::parse_dhcp_message(input);
      break;
    case 6:
      (void)iotscope::parse_ssdp_message(input);
      break;
    case 7:
      (void)iotscope::parse_upnp_soap_request(input);
      break;
    case 8:
      (void)iotscope::parse_natpmp_message(input);
      break;
    case 9:
      (void)iotscope::parse_pcp_message(input);
      break;
    case 10:
      (void)iotscope::parse_ntp_packet(input);
      break;
    case 11:
      (void)iotscope::parse_mqtt_connect(input);
      (void)iotscope::parse_mqtt_connack(input);
      break;
    case 12:
      (void)iotscope::parse_ftp_login(input);
      break;
    case 13:
      (void)iotscope::parse_telnet_login(input.first(input.size() / 2),
                                         input.subspan(input.size() / 2));
      break;
    case 14:
      (void)iotscope::parse_sslv2_client_hello(input);
      (void)iotscope::parse_sslv2_server_hello(input);
      break;
    default:
      (void)iotscope::strip_telnet_commands(input);
      break;
  }
  return 0;
}
