#include "payload/tls_handshake_scanner.hpp"

#include <algorithm>

namespace iotscope {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kApplicationData = 23;
constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kHandshakeHeader = 4;
constexpr std::size_t kMaxRecordLength = (1u << 14) + 2048;  // TLSCiphertext limit

bool looks_like_tls_version(std::uint8_t major, std::uint8_t minor) {
  return (major == 3 && minor <= 4) || (major == 0xFE && minor >= 0xFC);
}

}  // namespace

std::vector<TlsHandshakeMessage> TlsHandshakeScanner::feed(ByteSpan chunk) {
  std::vector<TlsHandshakeMessage> out;
  if (stopped()) return out;
  const std::size_t room = byte_cap_ - bytes_seen_;
  const ByteSpan accepted = chunk.first(std::min(room, chunk.size()));
  bytes_seen_ += accepted.size();
  consume(pending_records_, accepted, [&](ByteSpan data) { return scan_records(data, out); });
  if (!stopped() && bytes_seen_ >= byte_cap_) stop("byte cap reached");
  return out;
}

void TlsHandshakeScanner::stop(std::string reason) {
  stop_reason_ = std::move(reason);
  pending_records_.clear();
  pending_records_.shrink_to_fit();
  handshake_bytes_.clear();
  handshake_bytes_.shrink_to_fit();
}

// Records and messages mostly come whole: `take` reads them where they lie, and only what it
// leaves (a partial one) is kept. Bytes kept from before come first.
template <class Take>
void TlsHandshakeScanner::consume(std::vector<std::uint8_t>& kept, ByteSpan bytes, Take take) {
  if (kept.empty()) {
    const std::size_t used = take(bytes);
    if (!stopped()) kept.assign(bytes.begin() + static_cast<std::ptrdiff_t>(used), bytes.end());
    return;
  }
  kept.insert(kept.end(), bytes.begin(), bytes.end());
  const std::size_t used = take(ByteSpan(kept));
  if (!stopped()) kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(used));
}

// `data` holds every byte not yet scanned, up to the last one seen.
std::size_t TlsHandshakeScanner::scan_records(ByteSpan data,
                                              std::vector<TlsHandshakeMessage>& out) {
  std::size_t consumed = 0;
  while (!stopped()) {
    const ByteSpan rest = data.subspan(consumed);
    const std::size_t record_offset = bytes_seen_ - data.size() + consumed;
    // An SSLv2 record can only open a connection: later ones would be encrypted.
    if (records_seen_ == 0 && !rest.empty() && (rest[0] & 0x80)) {
      const std::size_t taken = scan_sslv2_record(rest, record_offset, out);
      if (taken == 0) break;
      consumed += taken;
      continue;
    }
    if (rest.size() < kRecordHeader) break;
    const std::uint8_t content_type = rest[0];
    const std::size_t length = static_cast<std::size_t>(rest[3]) << 8 | rest[4];
    if (!looks_like_tls_version(rest[1], rest[2]) || length > kMaxRecordLength) {
      stop("not TLS at byte " + std::to_string(record_offset));
      break;
    }
    if (content_type == kChangeCipherSpec || content_type == kApplicationData) {
      stop("encrypted");
      break;
    }
    if (content_type != kHandshake && content_type != kAlert) {
      stop("not TLS at byte " + std::to_string(record_offset));
      break;
    }
    if (rest.size() < kRecordHeader + length) break;
    ++records_seen_;
    consumed += kRecordHeader + length;
    if (content_type == kAlert) continue;  // a warning alert may precede more handshake
    current_record_version_ = static_cast<std::uint16_t>(rest[1] << 8 | rest[2]);
    take_handshake_messages(rest.subspan(kRecordHeader, length), out);
  }
  return consumed;
}

// SSLv2 record header: 2 bytes (high bit set, 15-bit length) without padding. The 3-byte form
// (high bit clear, with padding) is only used for encrypted records and is not handshake.
// Returns the bytes the record took, 0 while it is incomplete (or when scanning stopped).
std::size_t TlsHandshakeScanner::scan_sslv2_record(ByteSpan rest, std::size_t offset,
                                                   std::vector<TlsHandshakeMessage>& out) {
  if (rest.size() < 3) return 0;
  const std::size_t length = static_cast<std::size_t>(rest[0] & 0x7F) << 8 | rest[1];
  const std::uint8_t type = rest[2];
  if (length == 0 || (type != 1 && type != 4)) {
    stop("not TLS at byte " + std::to_string(offset));
    return 0;
  }
  if (rest.size() < 2 + length) return 0;
  TlsHandshakeMessage message;
  message.type = type;
  message.sslv2 = true;
  message.record_version = 0x0002;
  const ByteSpan body = rest.subspan(2, length);
  message.body.assign(body.begin(), body.end());
  out.push_back(std::move(message));
  ++records_seen_;
  // After the SSLv2 hello pair everything is encrypted or in SSLv3+ records; a server answering
  // an SSLv2-format hello with SSLv3/TLS records continues as TLS.
  if (type == 4) stop("encrypted");
  return 2 + length;
}

void TlsHandshakeScanner::take_handshake_messages(ByteSpan fragment,
                                                  std::vector<TlsHandshakeMessage>& out) {
  consume(handshake_bytes_, fragment, [&](ByteSpan data) { return take_messages(data, out); });
}

// Whole messages from the start of `data`; returns the bytes they took.
std::size_t TlsHandshakeScanner::take_messages(ByteSpan data,
                                               std::vector<TlsHandshakeMessage>& out) {
  std::size_t consumed = 0;
  while (data.size() - consumed >= kHandshakeHeader) {
    const std::uint8_t* header = data.data() + consumed;
    const std::size_t length = static_cast<std::size_t>(header[1]) << 16 |
                               static_cast<std::size_t>(header[2]) << 8 | header[3];
    if (length > byte_cap_) {
      stop("handshake message of " + std::to_string(length) + " bytes exceeds the byte cap");
      break;
    }
    if (data.size() - consumed < kHandshakeHeader + length) break;
    TlsHandshakeMessage message;
    message.type = header[0];
    message.record_version = current_record_version_;
    message.body.assign(header + kHandshakeHeader, header + kHandshakeHeader + length);
    out.push_back(std::move(message));
    consumed += kHandshakeHeader + length;
  }
  return consumed;
}

}  // namespace iotscope
