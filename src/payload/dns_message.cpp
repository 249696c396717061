#include "payload/dns_message.hpp"

#include <algorithm>

#include "payload/address_text.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxNameLength = 255;  // RFC 1035 3.1, wire form
constexpr std::uint8_t kPointerBits = 0xC0;

void append_label(std::string& name, ByteSpan label) {
  if (!name.empty()) name += '.';
  constexpr std::string_view kHex = "0123456789abcdef";
  for (const std::uint8_t byte : label) {
    if (byte > 0x20 && byte < 0x7F) {
      name += static_cast<char>(byte);
    } else {
      name += "\\x";
      name += kHex[byte >> 4];
      name += kHex[byte & 0x0F];
    }
  }
}

// Reads a possibly compressed name starting at reader's position; reader ends after the name's
// in-place part. message is the whole DNS message, which pointers index.
ParseResult<std::string> read_name(ByteReader& reader, ByteSpan message) {
  std::string name;
  std::size_t wire_length = 0;
  std::optional<ByteReader> jumped;  // reading at a pointer target, not in place
  std::size_t lowest_pointer_origin = reader.offset();
  for (;;) {
    ByteReader& current = jumped ? *jumped : reader;
    const std::size_t label_offset = current.offset();
    const auto length = current.u8();
    if (!length) return current.error("name label length");
    if (*length == 0) break;
    if ((*length & kPointerBits) == kPointerBits) {
      const auto low = current.u8();
      if (!low) return current.error("second byte of compression pointer");
      const std::size_t target = static_cast<std::size_t>(*length & 0x3F) << 8 | *low;
      // Strictly backwards from every pointer followed so far: the walk must end.
      if (target >= lowest_pointer_origin || target < kHeaderSize) {
        return ParseError{label_offset, "compression pointer to an earlier name"};
      }
      lowest_pointer_origin = target;
      jumped.emplace(message.subspan(target), target);
      continue;
    }
    if ((*length & kPointerBits) != 0) return ParseError{label_offset, "label length below 64"};
    wire_length += 1 + *length;
    if (wire_length > kMaxNameLength) return ParseError{label_offset, "name of at most 255 bytes"};
    const auto label = current.take(*length);
    if (!label) return current.error("label of " + std::to_string(*length) + " bytes");
    append_label(name, *label);
  }
  return name;
}

std::optional<ParseError> read_record_data(DnsRecord& record, ByteReader data, ByteSpan message) {
  switch (record.type) {
    case dns_type::kA:
    case dns_type::kAaaa: {
      const std::size_t size = record.type == dns_type::kA ? 4 : 16;
      if (data.remaining() != size) {
        return data.error(std::to_string(size) + "-byte address");
      }
      record.data = size == 4 ? ipv4_text(data.rest()) : ipv6_text(data.rest());
      return std::nullopt;
    }
    case dns_type::kCname:
    case dns_type::kPtr:
    case dns_type::kNs: {
      auto target = read_name(data, message);
      if (!target) return target.error();
      record.data = std::move(target.value());
      return std::nullopt;
    }
    case dns_type::kSrv: {
      const auto priority = data.u16();
      const auto weight = data.u16();
      const auto port = data.u16();
      if (!priority || !weight || !port) return data.error("SRV priority, weight and port");
      record.srv_port = *port;
      auto target = read_name(data, message);
      if (!target) return target.error();
      record.data = std::move(target.value());
      return std::nullopt;
    }
    case dns_type::kTxt:
      while (!data.empty()) {
        const auto length = data.u8();
        const auto text = data.take(*length);
        if (!text) return data.error("TXT string of " + std::to_string(*length) + " bytes");
        if (!record.data.empty()) record.data += ' ';
        record.data += as_text(*text);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

ParseResult<DnsRecord> read_record(ByteReader& reader, ByteSpan message) {
  auto name = read_name(reader, message);
  if (!name) return name.error();
  DnsRecord record;
  record.name = std::move(name.value());
  const auto type = reader.u16();
  const auto klass = reader.u16();
  const auto ttl = reader.u32();
  const auto data_length = reader.u16();
  if (!type || !klass || !ttl || !data_length)
    return reader.error("record type, class, TTL, length");
  record.type = *type;
  record.klass = *klass & 0x7FFF;
  record.ttl = *ttl;
  auto data = reader.sub_reader(*data_length);
  if (!data) return reader.error("record data of " + std::to_string(*data_length) + " bytes");
  if (auto failure = read_record_data(record, *data, message)) return *failure;
  return record;
}

std::optional<ParseError> read_records(ByteReader& reader, ByteSpan message, std::uint16_t count,
                                       std::vector<DnsRecord>& out) {
  // Each record needs at least 11 bytes; never reserve more than the bytes could hold.
  out.reserve(std::min<std::size_t>(count, reader.remaining() / 11));
  for (std::uint16_t i = 0; i < count; ++i) {
    auto record = read_record(reader, message);
    if (!record) return record.error();
    out.push_back(std::move(record.value()));
  }
  return std::nullopt;
}

}  // namespace

ParseResult<DnsMessage> parse_dns_message(ByteSpan bytes) {
  ByteReader reader(bytes);
  const auto id = reader.u16();
  const auto flags = reader.u16();
  const auto question_count = reader.u16();
  const auto answer_count = reader.u16();
  const auto authority_count = reader.u16();
  const auto additional_count = reader.u16();
  if (!additional_count) return reader.error("12-byte DNS header");
  DnsMessage message;
  message.id = *id;
  message.is_response = (*flags & 0x8000) != 0;
  message.opcode = static_cast<std::uint8_t>((*flags >> 11) & 0x0F);
  message.authoritative = (*flags & 0x0400) != 0;
  message.truncated = (*flags & 0x0200) != 0;
  message.recursion_desired = (*flags & 0x0100) != 0;
  message.recursion_available = (*flags & 0x0080) != 0;
  message.rcode = static_cast<std::uint8_t>(*flags & 0x0F);
  message.questions.reserve(std::min<std::size_t>(*question_count, reader.remaining() / 5));
  for (std::uint16_t i = 0; i < *question_count; ++i) {
    auto name = read_name(reader, bytes);
    if (!name) return name.error();
    const auto type = reader.u16();
    const auto klass = reader.u16();
    if (!type || !klass) return reader.error("question type and class");
    message.questions.push_back(DnsQuestion{std::move(name.value()), *type,
                                            static_cast<std::uint16_t>(*klass & 0x7FFF),
                                            (*klass & 0x8000) != 0});
  }
  if (auto failure = read_records(reader, bytes, *answer_count, message.answers)) return *failure;
  if (auto failure = read_records(reader, bytes, *authority_count, message.authorities)) {
    return *failure;
  }
  if (auto failure = read_records(reader, bytes, *additional_count, message.additionals)) {
    return *failure;
  }
  return message;
}

}  // namespace iotscope
