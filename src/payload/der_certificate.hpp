#pragma once
// Just enough DER (X.690) to find an X.509 certificate's issuer and subject Names, so a
// self-signed (self-issued) certificate can be recognised without a crypto library.
#include <cstdint>
#include <vector>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

struct CertificateNames {
  std::vector<std::uint8_t> issuer_der;   // the whole Name TLV as encoded
  std::vector<std::uint8_t> subject_der;  // the whole Name TLV as encoded

  // Issuer and subject encode the same Name: the certificate signed itself (RFC 5280 calls it
  // self-issued; for a server's leaf certificate that means nobody vouches for it).
  bool self_signed() const { return issuer_der == subject_der; }
};

ParseResult<CertificateNames> parse_certificate_names(ByteSpan der);

}  // namespace iotscope
