#include "probe/service_regex.hpp"

#include <algorithm>
#include <utility>

namespace iotscope {

std::optional<std::string_view> RegexCaptures::group(std::size_t n,
                                                     std::string_view subject) const {
  if (n >= groups.size() || !groups[n]) return std::nullopt;
  const Span span = *groups[n];
  if (span.begin > span.end || span.end > subject.size()) return std::nullopt;
  return subject.substr(span.begin, span.end - span.begin);
}

RegexScratch::RegexScratch(RegexLimits limits)
    : match_data_(pcre2_match_data_create(RegexCaptures::kMaxGroup + 1, nullptr)),
      context_(pcre2_match_context_create(nullptr)) {
  pcre2_set_match_limit(context_.get(), limits.match_limit);
  pcre2_set_depth_limit(context_.get(), limits.depth_limit);
}

std::unique_ptr<ServiceRegex> ServiceRegex::compile(std::string_view pattern, bool caseless,
                                                    bool dotall, std::string* error) {
  std::uint32_t options = 0;
  if (caseless) options |= PCRE2_CASELESS;
  if (dotall) options |= PCRE2_DOTALL;
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  Pcre2Code code(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                               options, &error_code, &error_offset, nullptr));
  if (!code) {
    if (error) {
      std::array<PCRE2_UCHAR, 256> text{};
      pcre2_get_error_message(error_code, text.data(), text.size());
      *error = "offset " + std::to_string(error_offset) + ": " +
               std::string(reinterpret_cast<const char*>(text.data()));
    }
    return nullptr;
  }
  return std::unique_ptr<ServiceRegex>(new ServiceRegex(std::move(code)));
}

void ServiceRegex::ensure_jit() const {
  std::call_once(jit_once_,
                 [this] { jit_ok_ = pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE) == 0; });
}

RegexOutcome ServiceRegex::match(std::string_view subject, RegexScratch& scratch,
                                 RegexCaptures* captures) const {
  ensure_jit();
  const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                             subject.size(), 0, 0, scratch.match_data(), scratch.context());
  if (rc == PCRE2_ERROR_NOMATCH) return RegexOutcome::no_match;
  // Every other negative code is a resource limit (match, depth, heap, JIT stack) or a bad
  // subject offset; none of them may stop the scan, so they count as "did not match".
  if (rc < 0) return RegexOutcome::limit_hit;
  if (captures) {
    *captures = RegexCaptures{};
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch.match_data());
    // rc == 0 means the ovector was too small: all 10 kept groups are filled.
    const std::size_t reported = rc == 0 ? RegexCaptures::kMaxGroup + 1 : std::size_t(rc);
    captures->count = std::min(reported, RegexCaptures::kMaxGroup + 1);
    for (std::size_t n = 0; n < captures->count; ++n) {
      const PCRE2_SIZE begin = ovector[2 * n];
      const PCRE2_SIZE end = ovector[2 * n + 1];
      if (begin == PCRE2_UNSET || end == PCRE2_UNSET) continue;
      captures->groups[n] = RegexCaptures::Span{begin, end};
    }
  }
  return RegexOutcome::match;
}

}  // namespace iotscope
