#pragma once
// Finds where records end. For CSV/TSV a newline ends a record only when the quotes seen since
// the record began are balanced (RFC 4180 quoting always uses quotes in pairs), so a split
// point can be checked from quote parity alone; this rule is shared by sequential reading and
// by the producer that cuts a file into chunks, which therefore always agree.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iotscope {

inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

// How many times `c` occurs in [begin, end): the chunk cutter runs this over whole chunks, so it
// uses SSE2 (x86-64 baseline) where available.
inline std::size_t count_byte(const char* begin, const char* end, char c) {
  std::size_t count = 0;
#if defined(__SSE2__)
  // Per-byte counters (a match is -1) summed every 255 blocks, before they can overflow.
  const __m128i needle = _mm_set1_epi8(c);
  while (end - begin >= 16) {
    __m128i counters = _mm_setzero_si128();
    for (int i = 0; i < 255 && end - begin >= 16; ++i, begin += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(block, needle));
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; begin != end; ++begin) count += *begin == c ? 1 : 0;
  return count;
}

inline bool has_odd_quote_count(const char* begin, const char* end) {
  return (count_byte(begin, end, '"') & 1) != 0;
}

// The index of the newline that ends the record starting at text[0], or npos when the text ends
// first. `newlines` receives the number of newlines inside the record (quoted ones).
inline std::size_t find_record_end(std::string_view text, bool quote_aware,
                                   std::size_t& embedded_newlines) {
  embedded_newlines = 0;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* from = begin;
  bool inside_quotes = false;
  while (from < end) {
    const auto* newline = static_cast<const char*>(std::memchr(from, '\n', end - from));
    if (newline == nullptr) return std::string_view::npos;
    if (quote_aware && std::memchr(from, '"', newline - from) != nullptr) {
      if (has_odd_quote_count(from, newline)) inside_quotes = !inside_quotes;
    }
    if (!inside_quotes) return static_cast<std::size_t>(newline - begin);
    ++embedded_newlines;
    from = newline + 1;
  }
  return std::string_view::npos;
}

// Drops a trailing carriage return (CRLF files).
inline std::string_view without_cr(std::string_view record) {
  if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
  return record;
}

}  // namespace iotscope
