#include "report/anonymizer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "report/keyed_hmac.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr char kHexDigits[] = "0123456789abcdef";

std::string to_hex(const std::uint8_t* bytes, std::size_t count) {
  std::string text;
  text.reserve(count * 2);
  for (std::size_t i = 0; i < count; ++i) {
    text.push_back(kHexDigits[bytes[i] >> 4]);
    text.push_back(kHexDigits[bytes[i] & 0x0f]);
  }
  return text;
}

std::string normalized_mac(std::string_view mac) {
  std::string text;
  text.reserve(mac.size());
  for (const char c : mac) {
    if (c == '-' || c == ':' || c == '.') continue;
    text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return text;
}

bool is_key_text(std::string_view text) {
  return text.size() == kKeyBytes * 2 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

std::string trimmed(std::string text) {
  const auto not_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) == 0; };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

std::string read_key_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error(fmt::format("{}: cannot read the anonymization key", file.string()));
  std::ostringstream content;
  content << in.rdbuf();
  std::string key = trimmed(content.str());
  if (!is_key_text(key)) {
    throw std::runtime_error(
        fmt::format("{}: expected an anonymization key of 64 hex digits, found {} characters",
                    file.string(), key.size()));
  }
  return key;
}

std::string random_key_text() {
  std::ifstream random("/dev/urandom", std::ios::binary);
  std::array<std::uint8_t, kKeyBytes> bytes{};
  random.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!random || random.gcount() != static_cast<std::streamsize>(bytes.size())) {
    throw std::runtime_error("/dev/urandom: cannot read 32 random bytes for the anonymization key");
  }
  return to_hex(bytes.data(), bytes.size());
}

// Writes the key only if the file does not exist yet, so two runs racing each other agree.
bool create_key_file(const std::filesystem::path& file, const std::string& key) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error(fmt::format("{}: cannot create the anonymization key file: {}",
                                         file.string(), std::strerror(errno)));
  }
  const std::string line = key + "\n";
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int close_result = ::close(fd);
  if (written != static_cast<ssize_t>(line.size()) || close_result != 0) {
    throw std::runtime_error(
        fmt::format("{}: cannot write the anonymization key file", file.string()));
  }
  return true;
}

}  // namespace

Anonymizer::Anonymizer(const std::string& key) : hmac_(std::make_shared<const KeyedHmac>(key)) {}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  const unsigned char* result = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     data.size(), digest.data(), &length);
  if (result == nullptr || length != digest.size()) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return digest;
}

std::string Anonymizer::tag(std::string_view domain, std::string_view data,
                            std::size_t hex_digits) const {
  // The domain and a separator keep names of different kinds from colliding on equal input.
  std::string message;
  message.reserve(domain.size() + 1 + data.size());
  message.append(domain);
  message.push_back('\x1f');
  message.append(data);
  const Sha256Digest digest = hmac_->digest(message);
  std::string hex = to_hex(digest.data(), digest.size());
  hex.resize(std::min(hex_digits, hex.size()));
  return hex;
}

std::string Anonymizer::device_id(std::string_view home_id, std::string_view source_id) const {
  std::string data(home_id);
  data.push_back('\x1f');
  data.append(source_id);
  return "d" + tag("device", data, 12);
}

std::string Anonymizer::home_id(std::string_view home_id) const {
  return "h" + tag("home", home_id, 12);
}

std::string Anonymizer::address(const IpAddress& address) const {
  const auto& bytes = address.bytes();
  return "addr-" + tag("addr",
                       std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                       10);
}

std::string Anonymizer::mac(std::string_view mac) const {
  return "mac-" + tag("mac", normalized_mac(mac), 10);
}

std::string load_or_create_key(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) return read_key_file(file);
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      throw std::runtime_error(fmt::format("{}: cannot create the folder for the key file: {}",
                                           file.parent_path().string(), error.message()));
    }
  }
  std::string key = random_key_text();
  if (!create_key_file(file, key)) return read_key_file(file);
  return key;
}

}  // namespace iotscope
