#pragma once
// Keyed, one-way names for identifiers: the same key gives the same name in every report, and
// without the key a name cannot be linked back to the address or id it stands for.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "model/ip_address.hpp"

namespace iotscope {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

class KeyedHmac;

// Thread-safe; copies share the keyed hash.
class Anonymizer {
 public:
  explicit Anonymizer(const std::string& key);

  // "d" + 12 hex digits: a device, named by its home and the dataset's own device id.
  std::string device_id(std::string_view home_id, std::string_view source_id) const;
  // "h" + 12 hex digits: an installation.
  std::string home_id(std::string_view home_id) const;
  // "addr-" + 10 hex digits; IPv4 and its v4-mapped IPv6 form get the same name.
  std::string address(const IpAddress& address) const;
  // "mac-" + 10 hex digits; case and separator (':' or '-') do not change the name.
  std::string mac(std::string_view mac) const;
  // `hex_digits` hex digits of the keyed hash of `data` in the namespace `domain`.
  std::string tag(std::string_view domain, std::string_view data, std::size_t hex_digits) const;

 private:
  // Keyed once: a report names a million devices, and the one-shot HMAC set the key up again for
  // each (2.6 s of the 50,000-home report's single-threaded start).
  std::shared_ptr<const KeyedHmac> hmac_;
};

// The secret of a report series: read from `file`, or 32 random bytes from /dev/urandom written
// there hex-encoded (mode 0600, parent folders created). Throws std::runtime_error naming the
// file when it cannot be read, created, or does not hold 64 hex digits.
std::string load_or_create_key(const std::filesystem::path& file);

}  // namespace iotscope
