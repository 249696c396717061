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
  pending_records_.insert(pending_records_.end(), accepted.begin(), accepted.end());
  scan_records(out);
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

void TlsHandshakeScanner::scan_records(std::vector<TlsHandshakeMessage>& out) {
  std::size_t consumed = 0;
  while (!stopped()) {
    const ByteSpan rest = ByteSpan(pending_records_).subspan(consumed);
    // An SSLv2 record can only open a connection: later ones would be encrypted.
    if (records_seen_ == 0 && !rest.empty() && (rest[0] & 0x80)) {
      pending_records_.erase(pending_records_.begin(),
                             pending_records_.begin() + static_cast<std::ptrdiff_t>(consumed));
      consumed = 0;
      if (!scan_sslv2_record(out)) return;
      continue;
    }
    if (rest.size() < kRecordHeader) break;
    const std::uint8_t content_type = rest[0];
    const std::size_t length = static_cast<std::size_t>(rest[3]) << 8 | rest[4];
    const std::size_t record_offset = bytes_seen_ - pending_records_.size() + consumed;
    if (!looks_like_tls_version(rest[1], rest[2]) || length > kMaxRecordLength) {
      stop("not TLS at byte " + std::to_string(record_offset));
      return;
    }
    if (content_type == kChangeCipherSpec || content_type == kApplicationData) {
      stop("encrypted");
      return;
    }
    if (content_type != kHandshake && content_type != kAlert) {
      stop("not TLS at byte " + std::to_string(record_offset));
      return;
    }
    if (rest.size() < kRecordHeader + length) break;
    ++records_seen_;
    consumed += kRecordHeader + length;
    if (content_type == kAlert) continue;  // a warning alert may precede more handshake
    current_record_version_ = static_cast<std::uint16_t>(rest[1] << 8 | rest[2]);
    const ByteSpan fragment = rest.subspan(kRecordHeader, length);
    handshake_bytes_.insert(handshake_bytes_.end(), fragment.begin(), fragment.end());
    take_handshake_messages(out);
  }
  if (!stopped()) {
    pending_records_.erase(pending_records_.begin(),
                           pending_records_.begin() + static_cast<std::ptrdiff_t>(consumed));
  }
}

// SSLv2 record header: 2 bytes (high bit set, 15-bit length) without padding. The 3-byte form
// (high bit clear, with padding) is only used for encrypted records and is not handshake.
bool TlsHandshakeScanner::scan_sslv2_record(std::vector<TlsHandshakeMessage>& out) {
  if (pending_records_.size() < 3) return false;
  const std::size_t length =
      static_cast<std::size_t>(pending_records_[0] & 0x7F) << 8 | pending_records_[1];
  const std::uint8_t type = pending_records_[2];
  if (length == 0 || (type != 1 && type != 4)) {
    stop("not TLS at byte " + std::to_string(bytes_seen_ - pending_records_.size()));
    return false;
  }
  if (pending_records_.size() < 2 + length) return false;
  TlsHandshakeMessage message;
  message.type = type;
  message.sslv2 = true;
  message.record_version = 0x0002;
  message.body.assign(pending_records_.begin() + 2,
                      pending_records_.begin() + 2 + static_cast<std::ptrdiff_t>(length));
  out.push_back(std::move(message));
  // After the SSLv2 hello pair everything is encrypted or in SSLv3+ records; a server answering
  // an SSLv2-format hello with SSLv3/TLS records continues as TLS.
  pending_records_.erase(pending_records_.begin(),
                         pending_records_.begin() + 2 + static_cast<std::ptrdiff_t>(length));
  ++records_seen_;
  if (type == 4) {
    stop("encrypted");
    return false;
  }
  return true;
}

void TlsHandshakeScanner::take_handshake_messages(std::vector<TlsHandshakeMessage>& out) {
  std::size_t consumed = 0;
  while (handshake_bytes_.size() - consumed >= kHandshakeHeader) {
    const std::uint8_t* header = handshake_bytes_.data() + consumed;
    const std::size_t length = static_cast<std::size_t>(header[1]) << 16 |
                               static_cast<std::size_t>(header[2]) << 8 | header[3];
    if (length > byte_cap_) {
      stop("handshake message of " + std::to_string(length) + " bytes exceeds the byte cap");
      return;
    }
    if (handshake_bytes_.size() - consumed < kHandshakeHeader + length) break;
    TlsHandshakeMessage message;
    message.type = header[0];
    message.record_version = current_record_version_;
    message.body.assign(header + kHandshakeHeader, header + kHandshakeHeader + length);
    out.push_back(std::move(message));
    consumed += kHandshakeHeader + length;
  }
  handshake_bytes_.erase(handshake_bytes_.begin(),
                         handshake_bytes_.begin() + static_cast<std::ptrdiff_t>(consumed));
}

}  // namespace iotscope
