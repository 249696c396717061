#include "identify/tokenized_text.hpp"

#include "util/text.hpp"

namespace iotscope {
namespace {

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
// ASCII apostrophe, backtick and the UTF-8 right single quotation mark (E2 80 99).
std::size_t apostrophe_length(std::string_view text, std::size_t at) {
  if (text[at] == '\'' || text[at] == '`') return 1;
  if (text.substr(at, 3) == "\xE2\x80\x99") return 3;
  return 0;
}

}  // namespace

TokenizedText::TokenizedText(std::string_view text, CaseSplit case_split) {
  const bool split_case = case_split == CaseSplit::split;
  char previous = ' ';
  std::size_t at = 0;
  while (at < text.size() && !full()) {
    if (const std::size_t skip = apostrophe_length(text, at); skip > 0) {
      at += skip;
      continue;
    }
    const char c = text[at++];
    if (!is_lower(c) && !is_upper(c) && !is_ascii_digit(c)) {
      end_word();
      previous = ' ';
      continue;
    }
    if (split_case && is_upper(c) && is_lower(previous)) end_word();
    if (full()) break;
    chars_[used_++] = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    previous = c;
  }
  end_word();
}

void TokenizedText::end_word() {
  if (count_ == kMaxWords || used_ == starts_[count_]) return;  // full, or no word open
  ++count_;
  starts_[count_] = static_cast<std::uint8_t>(used_);
}

std::string_view TokenizedText::span(std::size_t first, std::size_t count) const {
  const std::size_t begin = starts_[first];
  const std::size_t end = starts_[first + count];
  return {chars_.data() + begin, end - begin};
}

}  // namespace iotscope
