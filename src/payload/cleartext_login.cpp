#include "payload/cleartext_login.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "payload/http_head.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kIac = 255;
constexpr std::uint8_t kSb = 250;
constexpr std::uint8_t kSe = 240;
constexpr std::uint8_t kWill = 251;
constexpr std::uint8_t kDont = 254;
constexpr std::size_t kMaxScanBytes = 16 * 1024;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find_first_of("\r\n");
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
    if (!text.empty() && text.front() == '\n') text.remove_prefix(1);  // CRLF
    if (!text.empty() && text.front() == '\0') text.remove_prefix(1);  // Telnet CR NUL
  }
  return lines;
}

bool is_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

std::string lower_text(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  return out;
}

// Applies backspace / delete as a terminal would.
std::string typed_text(std::string_view line) {
  std::string out;
  for (const char c : line) {
    if (c == '\b' || c == '\x7f') {
      if (!out.empty()) out.pop_back();
    } else if (c != '\0') {
      out += c;
    }
  }
  return std::string(trim_spaces(out));
}

}  // namespace

ParseResult<CleartextLogin> parse_ftp_login(ByteSpan client_bytes) {
  const std::string_view text =
      as_text(client_bytes.first(std::min(client_bytes.size(), kMaxScanBytes)));
  CleartextLogin login;
  for (const std::string_view line : split_lines(text)) {
    const std::size_t line_offset = static_cast<std::size_t>(line.data() - text.data());
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    const std::string_view command = line.substr(0, space);
    if (command.size() < 3 || command.size() > 4 ||
        !std::all_of(command.begin(), command.end(), is_letter)) {
      if (line_offset == 0) return ParseError{0, "FTP command word of 3 or 4 letters"};
      break;  // the rest is no longer a command stream (e.g. after AUTH TLS)
    }
    const std::string_view argument =
        space == std::string_view::npos ? std::string_view{} : trim_spaces(line.substr(space + 1));
    if (equals_ignoring_case(command, "USER")) {
      login.login_seen = true;
      login.user = argument;
      login.password_present = false;
    } else if (equals_ignoring_case(command, "PASS")) {
      login.password_present = !argument.empty();
    }
  }
  return login;
}

std::string strip_telnet_commands(ByteSpan bytes) {
  std::string data;
  data.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != kIac) {
      data += static_cast<char>(bytes[i]);
      continue;
    }
    if (i + 1 >= bytes.size()) break;
    const std::uint8_t command = bytes[i + 1];
    if (command == kIac) {
      data += static_cast<char>(kIac);
      ++i;
    } else if (command == kSb) {
      // Subnegotiation runs to IAC SE; a missing end swallows the rest, as a client would.
      std::size_t j = i + 2;
      while (j + 1 < bytes.size() && !(bytes[j] == kIac && bytes[j + 1] == kSe)) ++j;
      i = j + 1;
    } else if (command >= kWill && command <= kDont) {
      i += 2;  // IAC WILL/WONT/DO/DONT option
    } else {
      ++i;  // two-byte commands: NOP, GA, AYT, ...
    }
  }
  return data;
}

ParseResult<CleartextLogin> parse_telnet_login(ByteSpan client_bytes, ByteSpan server_bytes) {
  const std::string server_text = lower_text(
      strip_telnet_commands(server_bytes.first(std::min(server_bytes.size(), kMaxScanBytes))));
  constexpr std::array<std::string_view, 4> kUserPrompts = {
      "login:", "username:", "user name:", "user:"};
  std::size_t user_prompt = std::string::npos;
  for (const std::string_view prompt : kUserPrompts) {
    user_prompt = std::min(user_prompt, server_text.find(prompt));
  }
  const std::size_t password_prompt = server_text.find("password:");
  CleartextLogin login;
  if (user_prompt == std::string::npos && password_prompt == std::string::npos) {
    return ParseError{server_bytes.size(), "a \"login:\" or \"password:\" prompt from the server"};
  }
  login.login_seen = true;
  const std::string client_text =
      strip_telnet_commands(client_bytes.first(std::min(client_bytes.size(), kMaxScanBytes)));
  std::vector<std::string> typed;
  for (const std::string_view line : split_lines(client_text)) {
    std::string text = typed_text(line);
    if (!text.empty()) typed.push_back(std::move(text));
  }
  std::size_t next_line = 0;
  if (user_prompt != std::string::npos &&
      (password_prompt == std::string::npos || user_prompt < password_prompt) && !typed.empty()) {
    login.user = typed[next_line++];
  }
  login.password_present = password_prompt != std::string::npos && next_line < typed.size();
  return login;
}

}  // namespace iotscope
