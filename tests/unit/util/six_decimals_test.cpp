#include "util/six_decimals.hpp"

#include <gtest/gtest.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace iotscope {
namespace {

std::string by_to_chars(double value) {
  std::array<char, 400> text{};
  const auto result =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, 6);
  return {text.data(), result.ptr};
}

std::string six_decimals(double value) {
  std::string out = "x";  // appends, never overwrites
  append_six_decimals(out, value);
  return out.substr(1);
}

TEST(SixDecimals, WritesTimesAsPrintfDoes) {
  EXPECT_EQ(six_decimals(0.0), "0.000000");
  EXPECT_EQ(six_decimals(1793491200.123456), "1793491200.123456");
  EXPECT_EQ(six_decimals(0.25), "0.250000");
  EXPECT_EQ(six_decimals(12.0000004), "12.000000");
  EXPECT_EQ(six_decimals(12.0000006), "12.000001");
}

TEST(SixDecimals, CarriesARoundedUpFractionIntoTheWholePart) {
  EXPECT_EQ(six_decimals(0.9999996), "1.000000");
  EXPECT_EQ(six_decimals(1793491199.9999999), "1793491200.000000");
}

TEST(SixDecimals, ExactTiesRoundToEvenAsPrintfDoes) {
  // 2^-7 = 0.0078125 and 3 * 2^-7 = 0.0234375 sit exactly between two sixth decimals.
  EXPECT_EQ(six_decimals(0.0078125), "0.007812");
  EXPECT_EQ(six_decimals(0.0234375), "0.023438");
  EXPECT_EQ(six_decimals(5.0078125), by_to_chars(5.0078125));
}

TEST(SixDecimals, NegativeHugeAndNonFiniteValuesAreWrittenAsToCharsWritesThem) {
  for (const double value :
       {-1.5, -0.0000004, 1e16, 1e300, std::numeric_limits<double>::max(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN(), 9007199254740991.5})
    EXPECT_EQ(six_decimals(value), by_to_chars(value)) << value;
}

TEST(SixDecimals, AgreesWithToCharsOnMillionsOfTimesAndDurations) {
  std::mt19937_64 random(20261124);
  std::uniform_int_distribution<std::int64_t> nanoseconds(
      0, std::int64_t{4'000'000'000} * 1'000'000'000);
  std::uniform_real_distribution<double> any(0.0, 1e10);
  std::uniform_int_distribution<std::int64_t> microseconds(0, std::int64_t{1} << 52);
  for (int i = 0; i < 1'000'000; ++i) {
    // As conn.log gets them: nanoseconds as seconds, arbitrary doubles, and values at or a
    // hair beside a seventh-decimal tie.
    const double from_ns = static_cast<double>(nanoseconds(random)) / 1e9;
    const double arbitrary = any(random);
    const double near_tie = (static_cast<double>(microseconds(random)) + 0.5) / 1e6;
    for (const double value : {from_ns, arbitrary, near_tie, std::nextafter(near_tie, 0.0),
                               std::nextafter(near_tie, 1e300)})
      ASSERT_EQ(six_decimals(value), by_to_chars(value)) << value;
  }
}

}  // namespace
}  // namespace iotscope
