#include "engine/clickhouse/flow_row.hpp"

#include <fmt/format.h>

#include "engine/clickhouse/address_halves.hpp"
#include "engine/clickhouse/sql_literal.hpp"

namespace iotscope::clickhouse {
namespace {

int self_signed_code(const std::optional<TlsFacts>& tls) {
  if (!tls || !tls->self_signed) return -1;
  return *tls->self_signed ? 1 : 0;
}

}  // namespace

void append_flow_row(std::string& out, std::uint64_t chunk_id, const FlowRecord& flow) {
  auto it = std::back_inserter(out);
  const AddressHalves ip = halves_of(flow.remote_ip);
  // Doubles in shortest round-trip form: ClickHouse reads them back to the same bits.
  fmt::format_to(it, "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                 chunk_id, flow.device.home, flow.device.device, flow.device_port, ip.hi, ip.lo,
                 flow.remote_ip.is_unset() ? 0 : 1, flow.remote_port, to_string(flow.transport),
                 to_string(flow.scope), flow.peer_device, flow.first_ts, flow.last_ts,
                 flow.bytes_out, flow.bytes_in, flow.packets_out, flow.packets_in,
                 to_string(flow.initiator), to_string(flow.state));
  append_tsv_field(out, flow.app_protocol);
  fmt::format_to(it, "\t{}\t", to_string(flow.app_how));
  append_tsv_field(out, flow.tls ? flow.tls->version : std::string_view{});
  out.push_back('\t');
  append_tsv_field(out, flow.tls ? flow.tls->cipher : std::string_view{});
  out.push_back('\t');
  append_tsv_field(out, flow.tls ? flow.tls->cipher_grade : std::string_view{});
  fmt::format_to(it, "\t{}\t", self_signed_code(flow.tls));
  append_tsv_field(out, flow.remote_hostname);
  fmt::format_to(it, "\t{}\n", flow.windows);
}

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = 0xCBF29CE484222325ULL ^ seed;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  return h;
}

}  // namespace iotscope::clickhouse
