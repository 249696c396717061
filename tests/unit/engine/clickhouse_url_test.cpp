#include "engine/clickhouse/clickhouse_url.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace iotscope::clickhouse {
namespace {

std::string error_of(const std::string& url) {
  try {
    parse_clickhouse_url(url);
  } catch (const ClickHouseUrlError& e) {
    return e.what();
  }
  return "";
}

TEST(ClickHouseUrl, ParsesUserHostPortDatabaseAndCluster) {
  const auto url = parse_clickhouse_url("clickhouse://alice@db.example.org:8123/iot?cluster=lab_2");
  EXPECT_EQ(url.user, "alice");
  EXPECT_EQ(url.host, "db.example.org");
  EXPECT_EQ(url.port, 8123);
  EXPECT_EQ(url.database, "iot");
  EXPECT_EQ(url.cluster, "lab_2");
  EXPECT_EQ(url.address(), "db.example.org:8123");
}

TEST(ClickHouseUrl, DefaultsToUserDefaultAndOneServer) {
  const auto url = parse_clickhouse_url("clickhouse://127.0.0.1:18123/iotscope");
  EXPECT_EQ(url.user, "default");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 18123);
  EXPECT_TRUE(url.cluster.empty());
}

TEST(ClickHouseUrl, AcceptsBracketedIpv6) {
  const auto url = parse_clickhouse_url("clickhouse://[::1]:8123/d");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.address(), "[::1]:8123");
}

TEST(ClickHouseUrl, RefusesPasswordInUrl) {
  const std::string message = error_of("clickhouse://bob:secret@h:8123/db");
  EXPECT_NE(message.find("password in the URL is refused"), std::string::npos) << message;
  EXPECT_NE(message.find("IOTSCOPE_CLICKHOUSE_PASSWORD"), std::string::npos) << message;
}

TEST(ClickHouseUrl, NamesWhatIsWrong) {
  EXPECT_NE(error_of("http://h:8123/db").find("does not start with clickhouse://"),
            std::string::npos);
  EXPECT_NE(error_of("clickhouse://h/db").find("no ':port'"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:0/db").find("'0' is no port number"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:70000/db").find("'70000' is no port"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123x/db").find("'8123x' is no port"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123").find("no '/db'"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123/").find("no database name"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123/a;drop").find("database 'a;drop' is no plain name"),
            std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123/db?cluster=a`b").find("cluster 'a`b' is no plain"),
            std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123/db?user=x").find("unknown parameter 'user=x'"),
            std::string::npos);
  EXPECT_NE(error_of("clickhouse://h h:8123/db").find("'h h' is no host"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://@h:8123/db").find("empty user"), std::string::npos);
  EXPECT_NE(error_of("clickhouse://h:8123").find("(expected clickhouse://[user@]host:port/db"),
            std::string::npos);
}

TEST(ClickHouseUrl, PasswordFromVariableOrFile) {
  EXPECT_EQ(password_from(nullptr, nullptr), "");
  EXPECT_EQ(password_from("s3cret", nullptr), "s3cret");
  const std::string path = ::testing::TempDir() + "/clickhouse_password_test";
  {
    std::ofstream out(path);
    out << "from file\n";
  }
  EXPECT_EQ(password_from(nullptr, path.c_str()), "from file");
  EXPECT_THROW(password_from("a", path.c_str()), ClickHouseUrlError);
  std::remove(path.c_str());
  try {
    password_from(nullptr, path.c_str());
    FAIL() << "a missing file must throw";
  } catch (const ClickHouseUrlError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

}  // namespace
}  // namespace iotscope::clickhouse
