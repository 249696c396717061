#include "payload/upnp_soap.hpp"

#include <algorithm>
#include <charconv>

#include "payload/http_head.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

struct XmlTag {
  std::string_view local_name;  // without namespace prefix
  std::string_view attributes;
  bool closing = false;
  bool self_closing = false;
  std::size_t begin = 0;  // offset of '<'
  std::size_t end = 0;    // offset after '>'
};

// The next element tag at or after from, skipping comments, CDATA, declarations and PIs.
std::optional<XmlTag> next_tag(std::string_view text, std::size_t from) {
  while (true) {
    const std::size_t open = text.find('<', from);
    if (open == std::string_view::npos || open + 1 >= text.size()) return std::nullopt;
    if (text.substr(open).starts_with("<!--")) {
      const std::size_t close = text.find("-->", open + 4);
      if (close == std::string_view::npos) return std::nullopt;
      from = close + 3;
      continue;
    }
    const std::size_t close = text.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    if (text[open + 1] == '?' || text[open + 1] == '!') {
      from = close + 1;
      continue;
    }
    XmlTag tag;
    tag.begin = open;
    tag.end = close + 1;
    std::string_view inside = text.substr(open + 1, close - open - 1);
    if (!inside.empty() && inside.front() == '/') {
      tag.closing = true;
      inside.remove_prefix(1);
    }
    if (!inside.empty() && inside.back() == '/') {
      tag.self_closing = true;
      inside.remove_suffix(1);
    }
    const std::size_t name_end = inside.find_first_of(" \t\r\n");
    std::string_view name = inside.substr(0, name_end);
    tag.attributes =
        name_end == std::string_view::npos ? std::string_view{} : inside.substr(name_end);
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
    tag.local_name = name;
    return tag;
  }
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (text.substr(i).starts_with(entity)) {
          out += character;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return std::string(trim_spaces(out));
}

// The value of the first xmlns or xmlns:prefix attribute.
std::string namespace_of(std::string_view attributes) {
  const std::size_t at = attributes.find("xmlns");
  if (at == std::string_view::npos) return {};
  const std::size_t quote = attributes.find_first_of("\"'", at);
  if (quote == std::string_view::npos) return {};
  const std::size_t close = attributes.find(attributes[quote], quote + 1);
  if (close == std::string_view::npos) return {};
  return std::string(attributes.substr(quote + 1, close - quote - 1));
}

template <class Number>
std::optional<Number> to_number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

UpnpAction action_from_name(std::string_view name) {
  if (name == "AddPortMapping") return UpnpAction::add_port_mapping;
  if (name == "AddAnyPortMapping") return UpnpAction::add_any_port_mapping;
  if (name == "DeletePortMapping") return UpnpAction::delete_port_mapping;
  if (name == "GetGenericPortMappingEntry") return UpnpAction::get_generic_port_mapping_entry;
  if (name == "GetSpecificPortMappingEntry") return UpnpAction::get_specific_port_mapping_entry;
  if (name == "GetExternalIPAddress") return UpnpAction::get_external_ip_address;
  return UpnpAction::other;
}

void store_argument(std::string_view name, std::string value, UpnpSoapRequest& request) {
  if (name == "NewExternalPort") {
    request.external_port = to_number<std::uint16_t>(value);
  } else if (name == "NewInternalClient") {
    request.internal_client = std::move(value);
  } else if (name == "NewInternalPort") {
    request.internal_port = to_number<std::uint16_t>(value);
  } else if (name == "NewProtocol") {
    request.protocol = std::move(value);
  } else if (name == "NewLeaseDuration") {
    request.lease_duration = to_number<std::uint32_t>(value);
  } else if (name == "NewPortMappingDescription") {
    request.description = std::move(value);
  } else if (name == "NewPortMappingIndex") {
    request.mapping_index = to_number<std::uint32_t>(value);
  }
}

}  // namespace

std::string_view to_string(UpnpAction action) {
  switch (action) {
    case UpnpAction::add_port_mapping:
      return "AddPortMapping";
    case UpnpAction::add_any_port_mapping:
      return "AddAnyPortMapping";
    case UpnpAction::delete_port_mapping:
      return "DeletePortMapping";
    case UpnpAction::get_generic_port_mapping_entry:
      return "GetGenericPortMappingEntry";
    case UpnpAction::get_specific_port_mapping_entry:
      return "GetSpecificPortMappingEntry";
    case UpnpAction::get_external_ip_address:
      return "GetExternalIPAddress";
    case UpnpAction::other:
      return "other";
  }
  return "other";
}

ParseResult<UpnpSoapRequest> parse_upnp_soap_request(ByteSpan bytes) {
  const std::string_view text = as_text(bytes.first(std::min(bytes.size(), kMaxBodyBytes)));
  std::size_t position = 0;
  std::optional<XmlTag> tag;
  while ((tag = next_tag(text, position)) && (tag->closing || tag->local_name != "Body")) {
    position = tag->end;
  }
  if (!tag) return ParseError{text.size(), "SOAP <Body> element"};
  const auto action_tag = next_tag(text, tag->end);
  if (!action_tag || action_tag->closing) return ParseError{tag->end, "action element in <Body>"};
  UpnpSoapRequest request;
  request.action_name = action_tag->local_name;
  request.action = action_from_name(action_tag->local_name);
  request.service_type = namespace_of(action_tag->attributes);
  if (action_tag->self_closing) return request;
  position = action_tag->end;
  while (auto argument = next_tag(text, position)) {
    if (argument->closing) {
      if (argument->local_name == action_tag->local_name) return request;
      position = argument->end;
      continue;
    }
    if (argument->self_closing) {
      store_argument(argument->local_name, {}, request);
      position = argument->end;
      continue;
    }
    const std::size_t value_end = text.find('<', argument->end);
    if (value_end == std::string_view::npos) break;
    store_argument(argument->local_name,
                   decode_entities(text.substr(argument->end, value_end - argument->end)), request);
    position = value_end;
  }
  // A body cut off inside the action still names the action and the arguments seen so far.
  return request;
}

}  // namespace iotscope
