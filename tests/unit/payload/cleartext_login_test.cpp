#include "payload/cleartext_login.hpp"

#include <gtest/gtest.h>

#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

TEST(CleartextLogin, FtpAnonymousMatchesZeekFtpLog) {
  // ftp.log: user anonymous, password test.
  const auto login = parse_ftp_login(read_sample("ftp_ipv4.client.bin"));
  ASSERT_TRUE(login.ok()) << login.error().message();
  EXPECT_TRUE(login->login_seen);
  EXPECT_EQ(login->user, "anonymous");
  EXPECT_TRUE(login->password_present);
}

TEST(CleartextLogin, FtpUserAndPassMatchZeekFtpLog) {
  // ftp.log: user Admin, password qwerty.
  const auto login = parse_ftp_login(read_sample("ftp_pass_command.client.bin"));
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->user, "Admin");
  EXPECT_TRUE(login->password_present);
}

TEST(CleartextLogin, FtpWithoutPassOrNotFtp) {
  const auto user_only = parse_ftp_login(as_bytes("USER bob\r\nQUIT\r\n"));
  ASSERT_TRUE(user_only.ok());
  EXPECT_EQ(user_only->user, "bob");
  EXPECT_FALSE(user_only->password_present);
  EXPECT_FALSE(parse_ftp_login(as_bytes("\x16\x03\x01\x00\x10")).ok());
  EXPECT_FALSE(parse_ftp_login(as_bytes("GET / HTTP/1.1\r\n")).ok() &&
               parse_ftp_login(as_bytes("GET / HTTP/1.1\r\n"))->login_seen);
}

TEST(CleartextLogin, TelnetAuthSubnegotiationWithoutNameIsNoLogin) {
  // The client sends only IAC SB AUTHENTICATION ... IAC SE; Zeek logs nothing either.
  const auto client = read_sample("telnet_auth_missing_name.client.bin");
  EXPECT_EQ(strip_telnet_commands(client), "");
  EXPECT_FALSE(parse_telnet_login(client, {}).ok());
}

TEST(CleartextLogin, TelnetLoginAfterNegotiation) {
  using namespace std::string_view_literals;
  const std::string_view server =
      "\xff\xfd\x18\xff\xfd\x20\xff\xfb\x01\r\nBusyBox v1.19 login: \r\nPassword: \r\n$ "sv;
  // IAC SB TERMINAL-TYPE IS "xterm" IAC SE carries a NUL byte.
  const std::string_view client =
      "\xff\xfc\x18\xff\xfa\x18\x00xterm\xff\xf0rox\x7fot\r\nsecret\r\n"sv;
  const auto login = parse_telnet_login(as_bytes(client), as_bytes(server));
  ASSERT_TRUE(login.ok()) << login.error().message();
  EXPECT_TRUE(login->login_seen);
  EXPECT_EQ(login->user, "root");
  EXPECT_TRUE(login->password_present);
}

TEST(CleartextLogin, TelnetStripping) {
  EXPECT_EQ(strip_telnet_commands(as_bytes("a\xff\xff"
                                           "b\xff\xfb\x01"
                                           "c\xff\xf1"
                                           "d")),
            "a\xff"
            "bcd");
  EXPECT_EQ(strip_telnet_commands(as_bytes("x\xff\xfa\x18")), "x");  // unterminated SB
  EXPECT_EQ(strip_telnet_commands(as_bytes("x\xff")), "x");
}

}  // namespace
}  // namespace iotscope
