#include "probe/service_probe_database.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <utility>

#include "util/text.hpp"

namespace iotscope {

bool probe_port_in_ranges(const std::vector<ProbePortRange>& ranges, std::uint16_t port) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [port](const ProbePortRange& range) { return range.contains(port); });
}

bool ServiceProbe::can_detect(std::string_view service) const {
  return std::any_of(rules.begin(), rules.end(),
                     [service](const MatchRule& rule) { return rule.service == service; });
}

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return text;
}

// The first space-separated word and what follows it (leading spaces removed).
std::pair<std::string_view, std::string_view> split_word(std::string_view text) {
  text = skip_spaces(text);
  std::size_t end = 0;
  while (end < text.size() && !is_space(text[end])) ++end;
  return {text.substr(0, end), skip_spaces(text.substr(end))};
}

// Shows a piece of the offending text in a message without flooding it.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string shown;
  for (const char c : text.substr(0, kMax)) {
    const auto byte = static_cast<unsigned char>(c);
    shown += (byte >= 0x20 && byte < 0x7f) ? c : '?';
  }
  if (text.size() > kMax) shown += "...";
  return "\"" + shown + "\"";
}

std::optional<int> parse_int(std::string_view text) {
  text = trim_spaces(text);
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// One delimited field such as m|...|i or p/.../: the letters before the delimiter, the text
// between the delimiters and the letters after the closing one.
struct DelimitedField {
  std::string_view mode;
  std::string_view body;
  std::string_view flags;
  std::string_view rest;
};

std::optional<DelimitedField> next_field(std::string_view text, std::string* expected) {
  std::size_t at = 0;
  while (at < text.size() && (is_alpha(text[at]) || text[at] == ':')) ++at;
  if (at == 0 || at >= text.size() || is_space(text[at])) {
    *expected = "a field like p/text/ or m|regex|, got " + excerpt(text);
    return std::nullopt;
  }
  const char delimiter = text[at];
  const std::size_t close = text.find(delimiter, at + 1);
  if (close == std::string_view::npos) {
    *expected = "a closing '" + std::string(1, delimiter) + "' for " + excerpt(text);
    return std::nullopt;
  }
  std::size_t flags_end = close + 1;
  while (flags_end < text.size() && is_alpha(text[flags_end])) ++flags_end;
  return DelimitedField{text.substr(0, at), text.substr(at + 1, close - at - 1),
                        text.substr(close + 1, flags_end - close - 1), text.substr(flags_end)};
}

}  // namespace

std::optional<std::string> unescape_probe_string(std::string_view text, std::size_t* error_offset) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\\') {
      out += text[at];
      continue;
    }
    const std::size_t escape_at = at;
    auto fail = [&]() -> std::optional<std::string> {
      if (error_offset) *error_offset = escape_at;
      return std::nullopt;
    };
    if (++at >= text.size()) return fail();
    switch (text[at]) {
      case '\\':
        out += '\\';
        break;
      case '0':
        out += '\0';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '"':
        out += '"';
        break;
      case '\'':
        out += '\'';
        break;
      case 'x': {
        if (at + 2 >= text.size()) return fail();
        const int high = hex_digit_value(text[at + 1]);
        const int low = hex_digit_value(text[at + 2]);
        if (high < 0 || low < 0) return fail();
        out += static_cast<char>(high * 16 + low);
        at += 2;
        break;
      }
      default:
        return fail();
    }
  }
  return out;
}

std::optional<std::vector<ProbePortRange>> parse_probe_port_list(std::string_view text) {
  std::vector<ProbePortRange> ranges;
  text = trim_spaces(text);
  if (text.empty()) return std::nullopt;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim_spaces(text.substr(0, comma));
    const std::size_t dash = item.find('-');
    const auto first = parse_int(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : parse_int(item.substr(dash + 1));
    if (!first || !last || *first < 0 || *last > 65535 || *first > *last) return std::nullopt;
    ranges.push_back({static_cast<std::uint16_t>(*first), static_cast<std::uint16_t>(*last)});
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return ranges;
}

// Builds a database line by line. Kept out of the header's public surface: callers only see
// ServiceProbeDatabase::parse.
class ServiceProbeParser {
 public:
  explicit ServiceProbeParser(std::string_view source_name) : source_(source_name) {}

  ServiceProbeDatabase run(std::string_view text) {
    std::size_t line_number = 0;
    while (!text.empty()) {
      const std::size_t newline = text.find('\n');
      const std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
      ++line_number;
      handle_line(trim_spaces(line), line_number);
    }
    finish();
    return std::move(database_);
  }

 private:
  struct PendingFallback {
    std::size_t probe_index = 0;
    std::size_t line = 0;
  };

  void issue(std::size_t line, const std::string& expected) {
    database_.issues_.push_back(
        {line, source_ + ":" + std::to_string(line) + ": expected " + expected});
  }

  ServiceProbe* current() { return in_probe_ ? &database_.probes_.back() : nullptr; }

  void handle_line(std::string_view line, std::size_t number) {
    if (line.empty() || line.front() == '#') return;
    const auto [directive, argument] = split_word(line);
    if (directive == "Probe") return start_probe(argument, number);
    if (directive == "Exclude") return exclude(argument, number);
    if (skipping_probe_) return;  // the lines of a probe whose Probe line was rejected
    ServiceProbe* probe = current();
    if (!probe) {
      return issue(number, "a \"Probe\" or \"Exclude\" directive, got " + excerpt(line));
    }
    if (directive == "match" || directive == "softmatch") {
      return add_rule(*probe, directive == "softmatch", argument, number);
    }
    if (directive == "ports" || directive == "sslports") {
      auto ranges = parse_probe_port_list(argument);
      if (!ranges) return issue(number, "a port list like 21-25,80, got " + excerpt(argument));
      auto& target = directive == "ports" ? probe->ports : probe->ssl_ports;
      target.insert(target.end(), ranges->begin(), ranges->end());
      return;
    }
    if (directive == "rarity") {
      const auto value = parse_int(argument);
      if (!value || *value < 1 || *value > 9) {
        return issue(number, "a rarity from 1 to 9, got " + excerpt(argument));
      }
      probe->rarity = *value;
      return;
    }
    if (directive == "totalwaitms" || directive == "tcpwrappedms") {
      const auto value = parse_int(argument);
      if (!value || *value < 100 || *value > 300000) {
        return issue(number, "milliseconds from 100 to 300000, got " + excerpt(argument));
      }
      (directive == "totalwaitms" ? probe->total_wait_ms : probe->tcpwrapped_ms) = *value;
      return;
    }
    if (directive == "fallback") return add_fallbacks(*probe, argument, number);
    issue(number,
          "a directive (match, softmatch, ports, sslports, rarity, totalwaitms, "
          "tcpwrappedms, fallback, Probe), got " +
              excerpt(directive));
  }

  void exclude(std::string_view argument, std::size_t number) {
    if (!database_.probes_.empty() || skipping_probe_) {
      return issue(number, "Exclude before the first Probe");
    }
    // Like nmap's -p: "T:" and "U:" switch the protocol for the items that follow.
    bool tcp = true;
    bool udp = true;
    std::string_view rest = trim_spaces(argument);
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      std::string_view item = trim_spaces(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      if (item.size() > 2 && item[1] == ':') {
        tcp = item[0] == 'T';
        udp = item[0] == 'U';
        item.remove_prefix(2);
      }
      const auto ranges = parse_probe_port_list(item);
      if (!ranges)
        return issue(number, "an Exclude port list like T:9100-9107, got " + excerpt(item));
      if (tcp)
        database_.excluded_tcp_.insert(database_.excluded_tcp_.end(), ranges->begin(),
                                       ranges->end());
      if (udp)
        database_.excluded_udp_.insert(database_.excluded_udp_.end(), ranges->begin(),
                                       ranges->end());
    }
  }

  void start_probe(std::string_view argument, std::size_t number) {
    in_probe_ = false;
    skipping_probe_ = true;
    const auto [protocol_word, after_protocol] = split_word(argument);
    ServiceProbe probe;
    probe.line = number;
    if (protocol_word == "TCP") {
      probe.protocol = ProbeProtocol::tcp;
    } else if (protocol_word == "UDP") {
      probe.protocol = ProbeProtocol::udp;
    } else {
      return issue(number, "TCP or UDP after Probe, got " + excerpt(protocol_word));
    }
    const auto [name, after_name] = split_word(after_protocol);
    if (name.empty() || !(is_alpha(name.front()) || is_ascii_digit(name.front()))) {
      return issue(number, "a probe name, got " + excerpt(after_protocol));
    }
    probe.name = std::string(name);
    if (after_name.size() < 3 || after_name.front() != 'q') {
      return issue(number,
                   "a probe string q|...| after the probe name, got " + excerpt(after_name));
    }
    const char delimiter = after_name[1];
    const std::size_t close = after_name.find(delimiter, 2);
    if (close == std::string_view::npos) {
      return issue(number, "a closing '" + std::string(1, delimiter) + "' for the probe string");
    }
    std::size_t bad_escape = 0;
    auto payload = unescape_probe_string(after_name.substr(2, close - 2), &bad_escape);
    if (!payload) {
      return issue(number, "a known escape (\\\\ \\0 \\n \\r \\t \\xHH ...) at byte " +
                               std::to_string(bad_escape) + " of the probe string");
    }
    probe.payload = std::move(*payload);
    const std::string_view trailer = trim_spaces(after_name.substr(close + 1));
    if (trailer == "no-payload") {
      probe.no_payload = true;
    } else if (!trailer.empty()) {
      return issue(number,
                   "nothing or \"no-payload\" after the probe string, got " + excerpt(trailer));
    }
    database_.probes_.push_back(std::move(probe));
    in_probe_ = true;
    skipping_probe_ = false;
  }

  void add_fallbacks(ServiceProbe& probe, std::string_view argument, std::size_t number) {
    std::string_view rest = argument;
    while (!rest.empty()) {
      const std::size_t end = rest.find_first_of(", \t");
      const std::string_view name = rest.substr(0, end);
      if (!name.empty()) probe.fallback_names.emplace_back(name);
      if (end == std::string_view::npos) break;
      rest = rest.substr(end + 1);
    }
    if (probe.fallback_names.empty()) return issue(number, "probe names after fallback");
    fallbacks_.push_back({database_.probes_.size() - 1, number});
  }

  void add_rule(ServiceProbe& probe, bool soft, std::string_view argument, std::size_t number) {
    const auto [service, after_service] = split_word(argument);
    if (service.empty() || after_service.empty()) {
      return issue(number, "a service name and m/regex/ after match, got " + excerpt(argument));
    }
    MatchRule rule;
    rule.service = std::string(service);
    rule.soft = soft;
    rule.line = number;
    std::string expected;
    auto pattern = next_field(after_service, &expected);
    if (!pattern) return issue(number, expected);
    if (pattern->mode != "m") {
      return issue(number, "m<delimiter>regex<delimiter> after the service name, got " +
                               excerpt(after_service));
    }
    for (const char flag : pattern->flags) {
      if (flag == 'i') {
        rule.caseless = true;
      } else if (flag == 's') {
        rule.dotall = true;
      } else {
        return issue(number, "regex flags i or s, got '" + std::string(1, flag) + "'");
      }
    }
    rule.pattern = std::string(pattern->body);
    if (!parse_templates(rule.templates, pattern->rest, number)) return;
    std::string compile_error;
    auto regex = ServiceRegex::compile(rule.pattern, rule.caseless, rule.dotall, &compile_error);
    if (!regex) return issue(number, "a PCRE2 regular expression (" + compile_error + ")");
    rule.regex = std::move(regex);
    probe.rules.push_back(std::move(rule));
  }

  bool parse_templates(VersionTemplates& templates, std::string_view text, std::size_t number) {
    text = skip_spaces(text);
    std::string expected;
    while (!text.empty()) {
      auto field = next_field(text, &expected);
      if (!field) {
        issue(number, expected);
        return false;
      }
      if (field->mode == "cpe:") {
        if (!field->flags.empty() && field->flags != "a") {
          issue(number, "only the flag 'a' after a cpe:/.../ field, got " + excerpt(field->flags));
          return false;
        }
        templates.cpe.push_back("cpe:/" + std::string(field->body));
      } else if (!field->flags.empty()) {
        issue(number, "a space after the " + std::string(field->mode) + " field, got " +
                          excerpt(field->flags));
        return false;
      } else if (std::string* slot = template_slot(templates, field->mode)) {
        *slot = std::string(field->body);  // a repeated field replaces the earlier one, as nmap
      } else {
        issue(number, "a version field p/ v/ i/ h/ o/ d/ or cpe:/, got " + excerpt(field->mode));
        return false;
      }
      text = skip_spaces(field->rest);
    }
    return true;
  }

  static std::string* template_slot(VersionTemplates& templates, std::string_view mode) {
    if (mode == "p") return &templates.product;
    if (mode == "v") return &templates.version;
    if (mode == "i") return &templates.info;
    if (mode == "h") return &templates.hostname;
    if (mode == "o") return &templates.os;
    if (mode == "d") return &templates.device_type;
    return nullptr;
  }

  void finish() {
    for (const PendingFallback& pending : fallbacks_) {
      const ServiceProbe& probe = database_.probes_[pending.probe_index];
      for (const std::string& name : probe.fallback_names) {
        if (!database_.find_fallback(probe.protocol, name)) {
          issue(pending.line, "a known probe name in fallback, got " + excerpt(name));
        }
      }
    }
    std::stable_sort(
        database_.issues_.begin(), database_.issues_.end(),
        [](const DatabaseIssue& a, const DatabaseIssue& b) { return a.line < b.line; });
  }

  std::string source_;
  ServiceProbeDatabase database_;
  std::vector<PendingFallback> fallbacks_;
  bool in_probe_ = false;
  bool skipping_probe_ = false;
};

ServiceProbeDatabase ServiceProbeDatabase::parse(std::string_view text,
                                                 std::string_view source_name) {
  return ServiceProbeParser(source_name).run(text);
}

std::optional<ServiceProbeDatabase> ServiceProbeDatabase::load(const std::filesystem::path& path,
                                                               std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = path.string() + ": cannot be opened for reading";
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string content(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size < 0 || !in.read(content.data(), size)) {
    if (error) *error = path.string() + ": read error";
    return std::nullopt;
  }
  return parse(content, path.string());
}

std::size_t ServiceProbeDatabase::rule_count() const {
  std::size_t count = 0;
  for (const ServiceProbe& probe : probes_) count += probe.rules.size();
  return count;
}

const ServiceProbe* ServiceProbeDatabase::find(ProbeProtocol protocol,
                                               std::string_view name) const {
  for (const ServiceProbe& probe : probes_) {
    if (probe.protocol == protocol && probe.name == name) return &probe;
  }
  return nullptr;
}

const ServiceProbe* ServiceProbeDatabase::find_fallback(ProbeProtocol protocol,
                                                        std::string_view name) const {
  if (const ServiceProbe* same = find(protocol, name)) return same;
  // The real database names UDP probes as fallbacks of their TCP twins
  // (DNSVersionBindReqTCP -> DNSVersionBindReq); nmap accepts that, so do we.
  const ProbeProtocol other =
      protocol == ProbeProtocol::tcp ? ProbeProtocol::udp : ProbeProtocol::tcp;
  return find(other, name);
}

const ServiceProbe* ServiceProbeDatabase::null_probe() const {
  for (const ServiceProbe& probe : probes_) {
    if (probe.is_null()) return &probe;
  }
  return nullptr;
}

std::vector<const ServiceProbe*> ServiceProbeDatabase::match_chain(
    const ServiceProbe& probe) const {
  std::vector<const ServiceProbe*> chain{&probe};
  auto append = [&chain](const ServiceProbe* next) {
    if (next && std::find(chain.begin(), chain.end(), next) == chain.end()) chain.push_back(next);
  };
  for (const std::string& name : probe.fallback_names) {
    append(find_fallback(probe.protocol, name));
  }
  if (probe.protocol == ProbeProtocol::tcp) append(null_probe());
  return chain;
}

bool ServiceProbeDatabase::is_excluded(ProbeProtocol protocol, std::uint16_t port) const {
  return probe_port_in_ranges(protocol == ProbeProtocol::tcp ? excluded_tcp_ : excluded_udp_, port);
}

}  // namespace iotscope
