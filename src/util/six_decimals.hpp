#pragma once
// A double as printf's "%.6f" writes it (Zeek's times and durations). std::to_chars with a
// precision works through the exact binary value and cost a conn.log row 1,300 instructions
// for its two numbers; the split into whole seconds and rounded microseconds below costs a tenth
// of that and hands to std::to_chars only what it cannot settle: negative, huge or non-finite
// values, and fractions whose seventh decimal sits too close to a rounding tie to decide in
// double arithmetic.
#include <string>

namespace iotscope {

void append_six_decimals(std::string& out, double value);

}  // namespace iotscope
