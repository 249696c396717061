#include "util/six_decimals.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace iotscope {
namespace {

// Whole parts up to 2^53 are exact in a double, so floor() and the subtraction below are too.
constexpr double kLargestExactWhole = 9007199254740992.0;
// f * 1e6 with f < 1 is below 2^20, where a double's spacing is 2^-32: the rounded product is
// within 2^-33 of the exact one, so a fraction further than 2^-31 from a tie rounds the same
// either way.
constexpr double kTieMargin = 1.0 / 2147483648.0;

void append_by_to_chars(std::string& out, double value) {
  std::array<char, 400> text{};  // DBL_MAX has 309 digits before the point
  const auto result =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, 6);
  out.append(text.data(), result.ptr);
}

}  // namespace

void append_six_decimals(std::string& out, double value) {
  if (!(value >= 0.0 && value < kLargestExactWhole)) {
    append_by_to_chars(out, value);
    return;
  }
  double whole = std::floor(value);
  const double scaled = (value - whole) * 1e6;
  const double below = std::floor(scaled);
  if (std::fabs(scaled - below - 0.5) < kTieMargin) {
    append_by_to_chars(out, value);
    return;
  }
  auto micros = static_cast<std::uint32_t>(scaled - below > 0.5 ? below + 1 : below);
  if (micros == 1'000'000) {
    micros = 0;
    whole += 1;
  }
  std::array<char, 32> text{};
  char* end = std::to_chars(text.data(), text.data() + 20, static_cast<std::uint64_t>(whole)).ptr;
  *end++ = '.';
  for (int digit = 5; digit >= 0; --digit) {
    end[digit] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  out.append(text.data(), end + 6);
}

}  // namespace iotscope
