#include "payload/http_request.hpp"

#include <gtest/gtest.h>

#include "payload/base64.hpp"
#include "payload/http_response.hpp"
#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

TEST(HttpRequest, GetMatchesZeekHttpLog) {
  const auto request = parse_http_request(read_sample("http_get.client.bin"));
  ASSERT_TRUE(request.ok()) << request.error().message();
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->host, "bro.org");
  EXPECT_EQ(request->target, "/download/CHANGES.bro-aux.txt");
  EXPECT_EQ(request->version, "1.1");
  EXPECT_EQ(request->user_agent, "Wget/1.14 (darwin12.2.0)");
  EXPECT_FALSE(request->has_authorization);
  EXPECT_TRUE(request->head_complete);
}

TEST(HttpRequest, BasicAuthUserWithColonInPassword) {
  // http.log: username test, password 1:34.
  const auto request = parse_http_request(read_sample("http_basic_auth_colon.client.bin"));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->host, "172.24.133.205:8000");
  EXPECT_EQ(request->user_agent, "python-requests/2.31.0");
  EXPECT_TRUE(request->basic_auth);
  EXPECT_EQ(request->basic_user, "test");
  EXPECT_TRUE(request->basic_password_present);
}

TEST(HttpRequest, SoapActionHeaderIsUnquoted) {
  const std::string text =
      "POST /ctl/IPConn HTTP/1.1\r\nHOST: 192.168.1.1:5000\r\n"
      "SOAPACTION: \"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"\r\n\r\n";
  const auto request = parse_http_request(as_bytes(text));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->soap_action, "urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping");
}

TEST(HttpRequest, NonHttpAndTruncatedFail) {
  EXPECT_FALSE(parse_http_request(as_bytes("\x16\x03\x01\x02\x00\n")).ok());
  EXPECT_FALSE(parse_http_request(as_bytes("GET / HTTP/1.1")).ok());  // no line end
  EXPECT_FALSE(parse_http_request(as_bytes("GET /\r\n\r\n")).ok());
  EXPECT_FALSE(parse_http_request(as_bytes("GET / HTTP/1.1\r\nno colon here\r\n\r\n")).ok());
  const auto partial = parse_http_request(as_bytes("GET / HTTP/1.1\r\nHost: a\r\nUser-Ag"));
  ASSERT_TRUE(partial.ok());
  EXPECT_FALSE(partial->head_complete);
  EXPECT_EQ(partial->host, "a");
}

TEST(HttpResponse, StatusLine) {
  const auto status = parse_http_status_line(read_sample("http_get.server.bin"));
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->status_code, 200);
  EXPECT_EQ(status->reason, "OK");
  EXPECT_EQ(status->version, "1.1");
  EXPECT_FALSE(parse_http_status_line(as_bytes("HTTP/1.1 2x0 OK\r\n")).ok());
  EXPECT_FALSE(parse_http_status_line(as_bytes("HTTP/1.1 20")).ok());
  EXPECT_FALSE(parse_http_status_line(as_bytes("SSH-2.0-OpenSSH\r\n")).ok());
}

TEST(Base64, DecodesAndRejects) {
  EXPECT_EQ(decode_base64("dGVzdDoxOjM0"), "test:1:34");
  EXPECT_EQ(decode_base64("YQ=="), "a");
  EXPECT_EQ(decode_base64("a$b="), std::nullopt);
  EXPECT_EQ(decode_base64("Y"), std::nullopt);
}

}  // namespace
}  // namespace iotscope
