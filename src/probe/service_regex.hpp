#pragma once
// One compiled nmap match pattern. PCRE2 objects are owned through RAII handles; the JIT code is
// made on first use (most of the ~12,000 patterns never see a response, and JIT-compiling all of
// them would cost seconds at load), and every match runs under match and depth limits so a
// hostile banner cannot make a pattern backtrack for minutes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

namespace iotscope {

struct Pcre2CodeDeleter {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct Pcre2MatchDataDeleter {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};
struct Pcre2MatchContextDeleter {
  void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};
using Pcre2Code = std::unique_ptr<pcre2_code, Pcre2CodeDeleter>;
using Pcre2MatchData = std::unique_ptr<pcre2_match_data, Pcre2MatchDataDeleter>;
using Pcre2MatchContext = std::unique_ptr<pcre2_match_context, Pcre2MatchContextDeleter>;

// Where capture group n matched in the subject; unset groups have no value. nmap templates only
// reach $1..$9, so groups past 9 are not kept.
struct RegexCaptures {
  static constexpr std::size_t kMaxGroup = 9;
  struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::array<std::optional<Span>, kMaxGroup + 1> groups{};
  std::size_t count = 0;  // groups reported by PCRE2 (1 + highest set group), at most 10

  std::optional<std::string_view> group(std::size_t n, std::string_view subject) const;
};

struct RegexLimits {
  std::uint32_t match_limit = 200'000;  // backtracking steps per pattern per subject
  std::uint32_t depth_limit = 10'000;   // nested backtracking frames (interpreter only)
};

// Scratch space one thread reuses across many patterns: match data sized for 10 groups and a
// match context that carries the limits.
class RegexScratch {
 public:
  explicit RegexScratch(RegexLimits limits = {});
  pcre2_match_data* match_data() const { return match_data_.get(); }
  pcre2_match_context* context() const { return context_.get(); }

 private:
  Pcre2MatchData match_data_;
  Pcre2MatchContext context_;
};

enum class RegexOutcome : std::uint8_t { match, no_match, limit_hit };

class ServiceRegex {
 public:
  // nullptr and a message ("offset N: <pcre2 text>") when the pattern does not compile.
  static std::unique_ptr<ServiceRegex> compile(std::string_view pattern, bool caseless, bool dotall,
                                               std::string* error);

  RegexOutcome match(std::string_view subject, RegexScratch& scratch,
                     RegexCaptures* captures) const;

 private:
  explicit ServiceRegex(Pcre2Code code) : code_(std::move(code)) {}
  void ensure_jit() const;

  Pcre2Code code_;
  mutable std::once_flag jit_once_;
  mutable bool jit_ok_ = false;
};

}  // namespace iotscope
