#include "probe/service_matcher.hpp"

#include <cctype>
#include <charconv>
#include <variant>

namespace iotscope {

namespace {

bool is_print(unsigned char byte) {
  return byte >= 0x20 && byte < 0x7f;
}

void trim_trailing_spaces_and_commas(std::string& text) {
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ',')) {
    text.pop_back();
  }
}

// One argument of a $COMMAND(...): an integer or a double-quoted, C-escaped string.
using CommandArgument = std::variant<long, std::string>;

struct TemplateCommand {
  std::string name;  // empty for a plain $N
  std::vector<CommandArgument> arguments;
  std::size_t group = 0;
};

// Parses "$2", "$P(3)" or "$SUBST(1,\"_\",\".\")" at text[0] == '$'; *consumed gets its length.
std::optional<TemplateCommand> parse_command(std::string_view text, std::size_t* consumed) {
  TemplateCommand command;
  if (text.size() < 2) return std::nullopt;
  if (text[1] >= '0' && text[1] <= '9') {
    command.group = static_cast<std::size_t>(text[1] - '0');
    *consumed = 2;
    return command;
  }
  std::size_t at = 1;
  while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
  if (at == 1 || at >= text.size() || text[at] != '(' || at > 16) return std::nullopt;
  command.name = std::string(text.substr(1, at - 1));
  ++at;
  while (true) {
    while (at < text.size() && text[at] == ' ') ++at;
    if (at >= text.size()) return std::nullopt;
    if (text[at] == ')') break;
    if (command.arguments.size() == 5) return std::nullopt;
    if (text[at] == '"') {
      std::string raw;
      ++at;
      while (at < text.size() && text[at] != '"') {
        if (text[at] == '\\' && at + 1 < text.size()) raw += text[at++];
        raw += text[at++];
      }
      if (at >= text.size()) return std::nullopt;
      ++at;  // closing quote
      auto value = unescape_probe_string(raw);
      if (!value) return std::nullopt;
      command.arguments.emplace_back(std::move(*value));
    } else {
      long value = 0;
      const auto [end, ec] = std::from_chars(text.data() + at, text.data() + text.size(), value);
      if (ec != std::errc{}) return std::nullopt;
      at = static_cast<std::size_t>(end - text.data());
      command.arguments.emplace_back(value);
    }
    while (at < text.size() && text[at] == ' ') ++at;
    if (at < text.size() && text[at] == ',') {
      ++at;
    } else if (at >= text.size() || text[at] != ')') {
      return std::nullopt;
    }
  }
  *consumed = at + 1;
  if (command.arguments.empty() || !std::holds_alternative<long>(command.arguments[0])) {
    return std::nullopt;
  }
  const long group = std::get<long>(command.arguments[0]);
  if (group < 1 || group > 9) return std::nullopt;
  command.group = static_cast<std::size_t>(group);
  return command;
}

const std::string* string_argument(const TemplateCommand& command, std::size_t index) {
  if (index >= command.arguments.size()) return nullptr;
  return std::get_if<std::string>(&command.arguments[index]);
}

std::optional<std::string> run_command(const TemplateCommand& command, std::string_view capture) {
  if (command.name.empty()) return std::string(capture);
  if (command.name == "P" && command.arguments.size() == 1) return printable_only(capture);
  if (command.name == "SUBST" && command.arguments.size() == 3) {
    const std::string* from = string_argument(command, 1);
    const std::string* to = string_argument(command, 2);
    if (!from || !to || from->empty()) return std::nullopt;
    return substitute_all(capture, *from, *to);
  }
  if (command.name == "I" && command.arguments.size() == 2) {
    const std::string* order = string_argument(command, 1);
    if (!order || (*order != ">" && *order != "<")) return std::nullopt;
    const auto value = unpack_unsigned(capture, *order == ">");
    if (!value) return std::nullopt;
    return std::to_string(*value);
  }
  return std::nullopt;
}

std::string fill_or_empty(std::string_view template_text, std::string_view subject,
                          const RegexCaptures& captures) {
  if (template_text.empty()) return {};
  auto filled = substitute_template(template_text, subject, captures, false);
  if (!filled) return {};
  // Captures are raw bytes from the wire; the record must stay printable text.
  return printable_escape(*filled, kMaxVersionFieldLength);
}

ServiceMatch build_match(const MatchRule& rule, std::string_view probe_name,
                         std::string_view subject, const RegexCaptures& captures) {
  ServiceMatch match;
  match.service = rule.service;
  match.soft = rule.soft;
  match.probe_name = std::string(probe_name);
  match.line = rule.line;
  const VersionTemplates& templates = rule.templates;
  match.product = fill_or_empty(templates.product, subject, captures);
  match.version = fill_or_empty(templates.version, subject, captures);
  match.info = fill_or_empty(templates.info, subject, captures);
  match.hostname = fill_or_empty(templates.hostname, subject, captures);
  match.os = fill_or_empty(templates.os, subject, captures);
  match.device_type = fill_or_empty(templates.device_type, subject, captures);
  for (const std::string& cpe_template : templates.cpe) {
    auto cpe = substitute_template(cpe_template, subject, captures, true);
    if (cpe && !cpe->empty()) match.cpe.push_back(printable_escape(*cpe, kMaxVersionFieldLength));
  }
  return match;
}

std::optional<ServiceMatch> match_rule_list(const std::vector<MatchRule>& rules,
                                            std::string_view probe_name, std::string_view response,
                                            RegexScratch& scratch, std::string_view fixed_service) {
  RegexCaptures captures;
  for (const MatchRule& rule : rules) {
    if (!rule.regex) continue;
    if (!fixed_service.empty() && rule.service != fixed_service) continue;
    if (rule.regex->match(response, scratch, &captures) == RegexOutcome::match) {
      return build_match(rule, probe_name, response, captures);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string printable_escape(std::string_view bytes, std::size_t max_chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(bytes.size(), max_chars));
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    std::string piece;
    if (c == '\\') {
      piece = "\\\\";
    } else if (is_print(byte)) {
      piece = std::string(1, c);
    } else if (c == '\r') {
      piece = "\\r";
    } else if (c == '\n') {
      piece = "\\n";
    } else if (c == '\t') {
      piece = "\\t";
    } else {
      piece = {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
    }
    if (out.size() + piece.size() > max_chars) break;
    out += piece;
  }
  return out;
}

std::string printable_only(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    if (is_print(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

std::string substitute_all(std::string_view bytes, std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(bytes);
  std::string out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.substr(at, from.size()) == from) {
      out += to;
      at += from.size();
    } else {
      out += bytes[at++];
    }
  }
  return out;
}

std::optional<std::uint64_t> unpack_unsigned(std::string_view bytes, bool big_endian) {
  if (bytes.size() > 8) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const std::size_t index = big_endian ? i : bytes.size() - 1 - i;
    value = (value << 8) | static_cast<unsigned char>(bytes[index]);
  }
  return value;
}

std::string cpe_escape(std::string_view value) {
  static constexpr std::string_view kEscaped = ":/?#[]@!$&'()*+,;=%<>\"";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (kEscaped.find(c) != std::string_view::npos) {
      out += {'%', kHex[byte >> 4], kHex[byte & 0xf]};
    } else if (c == ' ') {
      out += '_';
    } else {
      out += static_cast<char>(std::tolower(byte));
    }
  }
  return out;
}

std::optional<std::string> substitute_template(std::string_view template_text,
                                               std::string_view subject,
                                               const RegexCaptures& captures, bool for_cpe) {
  std::string out;
  std::size_t at = 0;
  while (at < template_text.size()) {
    const std::size_t dollar = template_text.find('$', at);
    out += template_text.substr(at, dollar - at);
    if (dollar == std::string_view::npos) break;
    std::size_t consumed = 0;
    const auto command = parse_command(template_text.substr(dollar), &consumed);
    if (!command || command->group == 0) return std::nullopt;
    const auto capture = captures.group(command->group, subject);
    if (!capture) return std::nullopt;
    auto value = run_command(*command, *capture);
    if (!value) return std::nullopt;
    out += for_cpe ? cpe_escape(*value) : *value;
    at = dollar + consumed;
  }
  trim_trailing_spaces_and_commas(out);
  return out;
}

std::optional<ServiceMatch> ServiceMatcher::match(const ServiceProbe& probe,
                                                  std::string_view response,
                                                  std::string_view fixed_service) const {
  RegexScratch scratch(limits_);
  for (const ServiceProbe* source : database_->match_chain(probe)) {
    auto found = match_rule_list(source->rules, source->name, response, scratch, fixed_service);
    if (found) return found;
  }
  return std::nullopt;
}

std::optional<ServiceMatch> ServiceMatcher::match_rules(const std::vector<MatchRule>& rules,
                                                        std::string_view response,
                                                        RegexScratch& scratch,
                                                        std::string_view fixed_service) {
  return match_rule_list(rules, "", response, scratch, fixed_service);
}

}  // namespace iotscope
