#include "payload/der_certificate.hpp"

#include <optional>

namespace iotscope {
namespace {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kExplicitVersion = 0xA0;  // [0] EXPLICIT Version

struct Tlv {
  std::uint8_t tag = 0;
  ByteSpan whole;    // tag, length and content
  ByteSpan content;  // content only
  std::size_t content_offset = 0;
};

// One TLV in low-tag-number form with a definite length (DER forbids the indefinite form).
ParseResult<Tlv> read_tlv(ByteReader& reader, std::string_view what) {
  const ByteSpan start = reader.rest();
  const std::size_t start_offset = reader.offset();
  const auto tag = reader.u8();
  const auto first_length = reader.u8();
  if (!tag || !first_length) return reader.error(std::string(what) + " tag and length");
  if ((*tag & 0x1F) == 0x1F) return ParseError{start_offset, "low tag number form"};
  std::size_t length = *first_length;
  if (*first_length & 0x80) {
    const std::size_t length_bytes = *first_length & 0x7F;
    if (length_bytes == 0 || length_bytes > 4) {
      return ParseError{start_offset + 1, "definite length of 1 to 4 bytes"};
    }
    length = 0;
    for (std::size_t i = 0; i < length_bytes; ++i) {
      const auto byte = reader.u8();
      if (!byte) return reader.error(std::string(what) + " length bytes");
      length = (length << 8) | *byte;
    }
  }
  const std::size_t content_offset = reader.offset();
  const std::size_t header_size = content_offset - start_offset;
  const auto content = reader.take(length);
  if (!content)
    return reader.error(std::string(what) + " content of " + std::to_string(length) + " bytes");
  return Tlv{*tag, start.first(header_size + length), *content, content_offset};
}

ParseResult<Tlv> read_expected(ByteReader& reader, std::uint8_t tag, std::string_view what) {
  const std::size_t at = reader.offset();
  auto tlv = read_tlv(reader, what);
  if (!tlv) return tlv;
  if (tlv->tag != tag)
    return ParseError{at, std::string(what) + " (DER tag " + std::to_string(tag) + ")"};
  return tlv;
}

}  // namespace

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
// TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
//                               validity, subject, ... }
ParseResult<CertificateNames> parse_certificate_names(ByteSpan der) {
  ByteReader outer(der);
  const auto certificate = read_expected(outer, kSequence, "Certificate SEQUENCE");
  if (!certificate) return certificate.error();
  ByteReader cert_reader(certificate->content, certificate->content_offset);
  const auto tbs = read_expected(cert_reader, kSequence, "TBSCertificate SEQUENCE");
  if (!tbs) return tbs.error();
  ByteReader tbs_reader(tbs->content, tbs->content_offset);
  if (!tbs_reader.empty() && tbs_reader.rest()[0] == kExplicitVersion) {
    const auto version = read_tlv(tbs_reader, "version");
    if (!version) return version.error();
  }
  const auto serial = read_expected(tbs_reader, kInteger, "serialNumber INTEGER");
  if (!serial) return serial.error();
  const auto algorithm = read_expected(tbs_reader, kSequence, "signature AlgorithmIdentifier");
  if (!algorithm) return algorithm.error();
  const auto issuer = read_expected(tbs_reader, kSequence, "issuer Name");
  if (!issuer) return issuer.error();
  const auto validity = read_expected(tbs_reader, kSequence, "validity SEQUENCE");
  if (!validity) return validity.error();
  const auto subject = read_expected(tbs_reader, kSequence, "subject Name");
  if (!subject) return subject.error();
  return CertificateNames{{issuer->whole.begin(), issuer->whole.end()},
                          {subject->whole.begin(), subject->whole.end()}};
}

}  // namespace iotscope
