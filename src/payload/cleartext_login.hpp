#pragma once
// Logins sent in the clear over FTP (RFC 959 USER / PASS) and Telnet (RFC 854).
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

struct CleartextLogin {
  bool login_seen = false;        // FTP: a USER command; Telnet: a login or password prompt
  std::string user;               // empty when none was seen
  bool password_present = false;  // FTP: a PASS command with an argument; Telnet: a password
                                  // prompt answered by the client
};

// client_bytes: the client's command stream (USER x\r\nPASS y\r\n...). Errors when the bytes do
// not look like FTP commands (a 3-4 letter command word per line).
ParseResult<CleartextLogin> parse_ftp_login(ByteSpan client_bytes);

// Best effort: Telnet option negotiation (IAC ...) is stripped from both directions; the
// server's text must show a "login:" / "username:" prompt, and the client's first typed line
// (backspaces applied) is taken as the user name. A later "password:" prompt followed by
// another client line sets password_present. Echo-less, line-mode and menu-driven logins are
// not told apart, so the user name is a guess and callers should present it as such.
ParseResult<CleartextLogin> parse_telnet_login(ByteSpan client_bytes, ByteSpan server_bytes);

// The data bytes of a Telnet stream: IAC commands, option negotiation and subnegotiation
// (IAC SB ... IAC SE) removed, IAC IAC kept as one 0xFF byte.
std::string strip_telnet_commands(ByteSpan bytes);

}  // namespace iotscope
