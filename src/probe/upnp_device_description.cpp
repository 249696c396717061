#include "probe/upnp_device_description.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <miniupnpc/miniwget.h>

#include <climits>
#include <cstdlib>
#include <memory>

namespace iotscope {
namespace {

constexpr std::size_t kMaxFieldLength = 256;  // a friendly name, not a novel

struct DocumentDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct BufferDeleter {
  void operator()(void* buffer) const { std::free(buffer); }
};

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

const xmlNode* first_child(const xmlNode* parent, const char* name) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (named(child, name)) return child;
  }
  return nullptr;
}

std::string child_text(const xmlNode* parent, const char* name) {
  const xmlNode* child = first_child(parent, name);
  if (child == nullptr) return {};
  xmlChar* content = xmlNodeGetContent(child);
  std::string text = content == nullptr ? std::string{} : reinterpret_cast<const char*>(content);
  xmlFree(content);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.size() > kMaxFieldLength) text.resize(kMaxFieldLength);
  return text;
}

}  // namespace

std::optional<UpnpDeviceDescription> parse_upnp_device_description(std::string_view xml) {
  if (xml.empty() || xml.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  // No network, no entity expansion, no DTD: the document comes from an untrusted device.
  const std::unique_ptr<xmlDoc, DocumentDeleter> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "description.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return std::nullopt;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return std::nullopt;
  const xmlNode* device = named(root, "device") ? root : first_child(root, "device");
  if (device == nullptr) return std::nullopt;
  UpnpDeviceDescription out;
  out.device_type = child_text(device, "deviceType");
  out.friendly_name = child_text(device, "friendlyName");
  out.manufacturer = child_text(device, "manufacturer");
  out.model_name = child_text(device, "modelName");
  out.model_number = child_text(device, "modelNumber");
  out.model_description = child_text(device, "modelDescription");
  return out;
}

DescriptionFetch fetch_upnp_device_description(const std::string& url,
                                               const AddressAllowed& allowed) {
  DescriptionFetch out;
  const auto host = url_host_address(url);
  if (!host) {
    out.error = "refused " + url + ": the host is not an IP address (no DNS lookups)";
    return out;
  }
  if (!allowed(*host)) {
    out.error = "refused " + url + ": " + host->to_string() + " is outside the targets";
    return out;
  }
  int size = 0;
  int status = 0;
  const std::unique_ptr<void, BufferDeleter> body(miniwget(url.c_str(), &size, 0, &status));
  if (!body || size <= 0) {
    out.error =
        "no device description from " + url + " (HTTP status " + std::to_string(status) + ")";
    return out;
  }
  out.description = parse_upnp_device_description(
      std::string_view(static_cast<const char*>(body.get()), static_cast<std::size_t>(size)));
  if (!out.description) out.error = url + " is not a UPnP device description";
  return out;
}

}  // namespace iotscope
