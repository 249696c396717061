#include "payload/cipher_suites.hpp"

#include <gtest/gtest.h>

#include "payload/cipher_suite_table.hpp"

namespace iotscope {
namespace {

TEST(CipherSuites, NamesAreZeekSpelling) {
  EXPECT_EQ(cipher_suite_name(0xC02F), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_name(0x0004), "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_EQ(cipher_suite_name(0x1302), "TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(cipher_suite_name(0xCCA8), "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(cipher_suite_name(0xCC13), "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD");
  EXPECT_EQ(cipher_suite_name(0x00FF), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(cipher_suite_name(0x010080), "SSLv20_CK_RC4_128_WITH_MD5");
  EXPECT_EQ(cipher_suite_name(0x0A0A), "");
  EXPECT_EQ(cipher_suite_label(0xBEEF), "unknown-48879");
}

TEST(CipherSuites, TableIsSortedAndUnique) {
  for (std::size_t i = 1; i < kCipherSuiteTable.size(); ++i) {
    EXPECT_LT(kCipherSuiteTable[i - 1].code, kCipherSuiteTable[i].code);
  }
  for (const auto& entry : kCipherSuiteTable) {
    EXPECT_EQ(cipher_suite_name(entry.code), entry.name);
  }
}

TEST(CipherSuites, GradeRuleInsecure) {
  for (const std::uint32_t code : {0x0000u, 0x0001u, 0x0003u, 0x0004u, 0x0005u, 0x000Au, 0x0018u,
                                   0x0034u, 0xC016u, 0x0009u, 0xC0B4u, 0x010080u}) {
    EXPECT_EQ(grade_cipher_suite(code), CipherGrade::insecure) << cipher_suite_name(code);
  }
}

TEST(CipherSuites, GradeRuleWeak) {
  // CBC with SHA-1 or SHA-2, and AEAD without forward secrecy.
  for (const std::uint32_t code : {0x002Fu, 0x0035u, 0xC013u, 0xC027u, 0x009Cu, 0x009Du, 0x00A8u}) {
    EXPECT_EQ(grade_cipher_suite(code), CipherGrade::weak) << cipher_suite_name(code);
  }
}

TEST(CipherSuites, GradeRuleStrong) {
  for (const std::uint32_t code : {0xC02Fu, 0xC030u, 0xC02Bu, 0x009Eu, 0xCCA8u, 0xCCA9u, 0xC0ACu,
                                   0x1301u, 0x1302u, 0x1303u, 0x1304u, 0xD001u}) {
    EXPECT_EQ(grade_cipher_suite(code), CipherGrade::strong) << cipher_suite_name(code);
  }
}

TEST(CipherSuites, SignallingValuesAndUnknownHaveNoGrade) {
  EXPECT_EQ(grade_cipher_suite(0x00FFu), std::nullopt);
  EXPECT_EQ(grade_cipher_suite(0x5600u), std::nullopt);
  EXPECT_EQ(grade_cipher_suite(0xBEEFu), std::nullopt);
}

TEST(CipherSuites, GreaseIsRecognised) {
  EXPECT_TRUE(is_grease(0x0A0A));
  EXPECT_TRUE(is_grease(0xFAFA));
  EXPECT_FALSE(is_grease(0x0A1A));
  EXPECT_FALSE(is_grease(0xC02F));
}

}  // namespace
}  // namespace iotscope
