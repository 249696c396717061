#pragma once
// Labels come from user datasets in any encoding; every report file is UTF-8. Text that is not
// valid UTF-8 keeps its valid parts and shows each invalid byte as U+FFFD, as report.json does.
#include <cstddef>
#include <string>
#include <string_view>

namespace iotscope {

// U+FFFD, what an invalid byte becomes.
inline constexpr std::string_view kUtf8Replacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at text[i] (1 for ASCII), or 0 when it is not valid: no
// overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);
// Appends the sequence at text[i] to `out`, or U+FFFD when it is not valid; returns the bytes
// of `text` it stands for.
std::size_t append_utf8_sequence(std::string& out, std::string_view text, std::size_t i);
bool is_valid_utf8(std::string_view text);
// `text` with every byte that starts no valid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace iotscope
