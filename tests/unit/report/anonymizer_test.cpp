#include "report/anonymizer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "report_fixture.hpp"

namespace iotscope {
namespace {

std::string hex(const Sha256Digest& digest) {
  std::string text;
  for (const auto byte : digest) text += fmt::format("{:02x}", byte);
  return text;
}

TEST(Anonymizer, HmacSha256MatchesRfc4231) {
  // RFC 4231, test case 2.
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Anonymizer, NamesHaveTheDocumentedShapes) {
  const Anonymizer anonymizer("secret");
  EXPECT_TRUE(std::regex_match(anonymizer.device_id("home", "dev"), std::regex("d[0-9a-f]{12}")));
  EXPECT_TRUE(std::regex_match(anonymizer.home_id("home"), std::regex("h[0-9a-f]{12}")));
  EXPECT_TRUE(std::regex_match(anonymizer.address(*IpAddress::parse("10.1.2.3")),
                               std::regex("addr-[0-9a-f]{10}")));
  EXPECT_TRUE(
      std::regex_match(anonymizer.mac("aa:bb:cc:dd:ee:ff"), std::regex("mac-[0-9a-f]{10}")));
}

TEST(Anonymizer, SameInputSameNameOtherKeyOtherName) {
  const Anonymizer one("secret");
  const Anonymizer same("secret");
  const Anonymizer other("another secret");
  const auto ip = *IpAddress::parse("192.168.1.10");
  EXPECT_EQ(one.address(ip), same.address(ip));
  EXPECT_NE(one.address(ip), other.address(ip));
  EXPECT_NE(one.address(ip), one.address(*IpAddress::parse("192.168.1.11")));
  EXPECT_EQ(one.device_id("h", "d"), same.device_id("h", "d"));
  EXPECT_NE(one.device_id("h", "d"), other.device_id("h", "d"));
}

TEST(Anonymizer, TagsAreTheKeyedHashOfDomainAndData) {
  // The key is set up once; the names must stay those of the one-shot definition, so that
  // reports made before and after compare. The empty key too (a warned-about configuration).
  for (const std::string key : {"secret", ""}) {
    const Anonymizer anonymizer(key);
    EXPECT_EQ(anonymizer.tag("device",
                             "home\x1f"
                             "dev",
                             64),
              hex(hmac_sha256(key,
                              "device\x1f"
                              "home\x1f"
                              "dev")));
  }
}

TEST(Anonymizer, CopiesAndThreadsGiveTheSameNames) {
  const Anonymizer anonymizer("secret");
  std::vector<std::string> expected;
  expected.reserve(2000);
  for (int i = 0; i < 2000; ++i)
    expected.push_back(anonymizer.device_id("home", std::to_string(i)));
  const Anonymizer copy = anonymizer;  // NOLINT(performance-unnecessary-copy-initialization)
  std::vector<std::string> first(expected.size());
  std::vector<std::string> second(expected.size());
  {
    const std::jthread other([&] {
      for (std::size_t i = 0; i < second.size(); ++i)
        second[i] = copy.device_id("home", std::to_string(i));
    });
    for (std::size_t i = 0; i < first.size(); ++i)
      first[i] = anonymizer.device_id("home", std::to_string(i));
  }
  EXPECT_EQ(first, expected);
  EXPECT_EQ(second, expected);
}

TEST(Anonymizer, DeviceIdSeparatesHomeFromDevice) {
  const Anonymizer anonymizer("secret");
  // Without a separator "ab"+"c" and "a"+"bc" would collide.
  EXPECT_NE(anonymizer.device_id("ab", "c"), anonymizer.device_id("a", "bc"));
  EXPECT_NE(anonymizer.device_id("same", "x"), anonymizer.device_id("other", "x"));
}

TEST(Anonymizer, MacSpellingDoesNotChangeTheName) {
  const Anonymizer anonymizer("secret");
  EXPECT_EQ(anonymizer.mac("aa:bb:cc:dd:ee:ff"), anonymizer.mac("AA-BB-CC-DD-EE-FF"));
  EXPECT_NE(anonymizer.mac("aa:bb:cc:dd:ee:ff"), anonymizer.mac("aa:bb:cc:dd:ee:fe"));
}

TEST(Anonymizer, Ipv4AndItsMappedFormShareAName) {
  const Anonymizer anonymizer("secret");
  EXPECT_EQ(anonymizer.address(*IpAddress::parse("192.0.2.1")),
            anonymizer.address(*IpAddress::parse("::ffff:192.0.2.1")));
}

TEST(KeyFile, IsCreatedOnceWithOwnerOnlyMode) {
  const auto dir = testing::fresh_dir("key");
  const auto file = dir / "deeper" / "folder" / "report.key";
  const std::string key = load_or_create_key(file);
  EXPECT_TRUE(std::regex_match(key, std::regex("[0-9a-f]{64}")));
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  EXPECT_EQ(load_or_create_key(file), key);  // read back, not replaced
  const auto other = load_or_create_key(dir / "other.key");
  EXPECT_NE(other, key);
  std::filesystem::remove_all(dir);
}

TEST(KeyFile, MalformedKeyFileIsAnErrorNamingTheFile) {
  const auto dir = testing::fresh_dir("bad-key");
  const auto file = dir / "report.key";
  std::ofstream(file) << "not a key\n";
  try {
    load_or_create_key(file);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find("64 hex digits"), std::string::npos) << message;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotscope
