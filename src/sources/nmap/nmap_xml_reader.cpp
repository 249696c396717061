#include "sources/nmap/nmap_xml_reader.hpp"

#include <libxml/xmlreader.h>

#include <charconv>
#include <climits>
#include <memory>
#include <optional>
#include <vector>

namespace iotscope {
namespace {

constexpr std::size_t kMaxNmapIssues = 20;

struct ReaderDeleter {
  void operator()(xmlTextReader* reader) const { xmlFreeTextReader(reader); }
};
using ReaderPtr = std::unique_ptr<xmlTextReader, ReaderDeleter>;

std::string xml_text(const xmlChar* text) {
  return text == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(text));
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

template <class T>
std::optional<T> number(const std::string& text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<PortState> port_state(const std::string& state) {
  if (state == "open") return PortState::open;
  if (state == "closed") return PortState::closed;
  // Not known to be open: nmap got no answer, or only one saying "reachable" (ACK scan).
  if (state == "filtered" || state == "open|filtered" || state == "closed|filtered" ||
      state == "unfiltered") {
    return PortState::filtered;
  }
  return std::nullopt;
}

// The document being read: the element path, the host and port under construction, the result.
class NmapDocument {
 public:
  NmapDocument(xmlTextReader* reader, const std::string& name, NmapXmlResult& out)
      : reader_(reader), name_(name), out_(out) {}

  void start_element(const std::string& element) {
    const std::string parent = path_.empty() ? std::string{} : path_.back();
    if (path_.empty() && element != "nmaprun") {
      issue("expected <nmaprun> as the root element, found <" + element + ">");
      stop_ = true;
    } else if (element == "nmaprun") {
      start_run();
    } else if (element == "scaninfo" && parent == "nmaprun") {
      out_.scan.scan_types.push_back(attribute("type") + "/" + attribute("protocol"));
    } else if (element == "finished" && parent == "runstats") {
      out_.scan.finished = true;
      out_.scan.end = number<double>(attribute("time")).value_or(0);
    } else if (element == "host" && parent == "nmaprun") {
      start_host();
    } else if (host_) {
      host_element(element, parent);
    }
  }

  void end_element(const std::string& element) {
    if (element == "port" && port_) {
      finish_port();
    } else if (element == "host" && host_) {
      finish_host();
    }
  }

  void text(const std::string& value) {
    if (!in_cpe_ || !port_) return;
    if (!port_->cpe.empty()) port_->cpe += ' ';
    port_->cpe += value;
  }
  void leave(const std::string& element) {
    if (element == "cpe") in_cpe_ = false;
  }

  void push(std::string element) { path_.push_back(std::move(element)); }
  void pop() {
    if (!path_.empty()) path_.pop_back();
  }
  bool stopped() const { return stop_; }
  bool saw_root() const { return saw_root_; }

  void issue(std::string message) {
    ++out_.report.skipped;
    if (out_.report.issues.size() >= kMaxNmapIssues) return;
    InputIssue item;
    item.file = name_;
    item.line = current_line();
    item.message = std::move(message);
    out_.report.issues.push_back(std::move(item));
  }

 private:
  // The line of the element being read (the parser itself may have read ahead).
  std::uint64_t current_line() const {
    const xmlNode* node = xmlTextReaderCurrentNode(reader_);
    const long line = node == nullptr ? 0 : xmlGetLineNo(node);
    return static_cast<std::uint64_t>(std::max(0L, line));
  }

  std::string attribute(const char* name) const {
    xmlChar* value = xmlTextReaderGetAttribute(reader_, reinterpret_cast<const xmlChar*>(name));
    std::string text = xml_text(value);
    xmlFree(value);
    return text;
  }

  void start_run() {
    saw_root_ = true;
    out_.scan.scanner = attribute("scanner");
    out_.scan.version = attribute("version");
    out_.scan.args = attribute("args");
    out_.scan.start = number<double>(attribute("start")).value_or(0);
  }

  void start_host() {
    host_.emplace();
    host_->start = number<double>(attribute("starttime")).value_or(out_.scan.start);
    host_offers_.clear();
  }

  void host_element(const std::string& element, const std::string& parent) {
    if (element == "status" && parent == "host") {
      host_->status = attribute("state");
    } else if (element == "address" && parent == "host") {
      read_address();
    } else if (element == "hostname" && parent == "hostnames") {
      const std::string hostname = attribute("name");
      if (!hostname.empty()) host_->hostnames.push_back(hostname);
    } else if (element == "port" && parent == "ports") {
      start_port();
    } else if (port_ && element == "state" && parent == "port") {
      read_state();
    } else if (port_ && element == "service" && parent == "port") {
      read_service();
    } else if (port_ && element == "cpe" && parent == "service") {
      in_cpe_ = true;
    }
  }

  void read_address() {
    const std::string type = attribute("addrtype");
    const std::string text = attribute("addr");
    if (type == "mac") {
      host_->mac = lower(text);
      host_->mac_vendor = attribute("vendor");
    } else if (const auto address = IpAddress::parse(text)) {
      host_->address = *address;
    } else {
      issue("expected an IPv4 or IPv6 address in <address addr>, found \"" + text + "\"");
    }
  }

  void start_port() {
    const std::string protocol = attribute("protocol");
    const std::string portid = attribute("portid");
    const auto port = number<std::uint16_t>(portid);
    if (!port) {
      issue("expected a port number 0-65535 in <port portid>, found \"" + portid + "\"");
      return;
    }
    port_.emplace();
    port_->port = *port;
    port_->transport = protocol == "sctp" ? Transport::other
                                          : parse_transport(protocol).value_or(Transport::other);
    port_state_known_ = false;
  }

  void read_state() {
    const std::string state = attribute("state");
    const auto parsed = port_state(state);
    if (!parsed) {
      issue(
          "expected a port state (open, closed, filtered, open|filtered, closed|filtered, "
          "unfiltered), found \"" +
          state + "\"");
      port_.reset();
      return;
    }
    port_->state = *parsed;
    port_->reason = attribute("reason");
    port_state_known_ = true;
  }

  void read_service() {
    port_->service = attribute("name");
    port_->product = attribute("product");
    port_->version = attribute("version");
    port_->info = attribute("extrainfo");
    port_->hostname = attribute("hostname");
    port_->os = attribute("ostype");
    port_->device_type = attribute("devicetype");
    port_->method = attribute("method");
  }

  void finish_port() {
    if (!port_state_known_) {
      issue("expected a <state> inside <port> " + std::to_string(port_->port));
    } else {
      host_offers_.push_back(std::move(*port_));
    }
    port_.reset();
  }

  void finish_host() {
    for (auto& offer : host_offers_) {
      offer.address = host_->address;
      offer.mac = host_->mac;
      offer.ts = host_->start;
      if (offer.hostname.empty() && !host_->hostnames.empty()) {
        offer.hostname = host_->hostnames.front();
      }
      out_.offers.push_back(std::move(offer));
    }
    out_.report.records += host_offers_.size();
    host_offers_.clear();
    out_.hosts.push_back(std::move(*host_));
    host_.reset();
  }

  xmlTextReader* reader_;
  const std::string& name_;
  NmapXmlResult& out_;
  std::vector<std::string> path_;
  std::optional<NmapHost> host_;
  std::vector<ServiceOffer> host_offers_;
  std::optional<ServiceOffer> port_;
  bool port_state_known_ = false;
  bool in_cpe_ = false;
  bool saw_root_ = false;
  bool stop_ = false;
};

struct ErrorSink {
  const std::string* name = nullptr;
  std::optional<InputIssue> first;
};

void record_xml_error(void* user, xmlErrorPtr error) {
  auto* sink = static_cast<ErrorSink*>(user);
  if (sink->first || error == nullptr) return;
  InputIssue item;
  item.file = *sink->name;
  item.line = static_cast<std::uint64_t>(std::max(0, error->line));
  item.column = static_cast<std::uint64_t>(std::max(0, error->int2));
  std::string message = error->message == nullptr ? "malformed XML" : error->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  item.message = "not well-formed nmap XML: " + message;
  sink->first = std::move(item);
}

void handle_node(xmlTextReader* reader, NmapDocument& document) {
  const int type = xmlTextReaderNodeType(reader);
  const std::string element = xml_text(xmlTextReaderConstLocalName(reader));
  if (type == XML_READER_TYPE_ELEMENT) {
    const bool empty = xmlTextReaderIsEmptyElement(reader) == 1;
    document.start_element(element);
    document.push(element);
    if (empty) {
      document.pop();
      document.end_element(element);
      document.leave(element);
    }
  } else if (type == XML_READER_TYPE_END_ELEMENT) {
    document.pop();
    document.end_element(element);
    document.leave(element);
  } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
    document.text(xml_text(xmlTextReaderConstValue(reader)));
  }
}

NmapXmlResult read_with(ReaderPtr reader, const std::string& name) {
  NmapXmlResult out;
  out.report.path = name;
  out.report.format = "nmap-xml";
  if (!reader) {
    out.report.issues.push_back({name, 0, 0, 0, "cannot open the file for reading"});
    return out;
  }
  ErrorSink errors{&name, std::nullopt};
  xmlTextReaderSetStructuredErrorHandler(reader.get(), record_xml_error, &errors);
  NmapDocument document(reader.get(), name, out);
  int status = 0;
  while (!document.stopped() && (status = xmlTextReaderRead(reader.get())) == 1) {
    handle_node(reader.get(), document);
  }
  if (status < 0 || errors.first) {
    ++out.report.skipped;
    out.report.issues.push_back(errors.first.value_or(
        InputIssue{name, 0, 0, 0, "not well-formed nmap XML (libxml2 gave no detail)"}));
  } else if (!document.saw_root() && !document.stopped()) {
    out.report.issues.push_back({name, 0, 0, 0, "expected an nmap XML document, found no element"});
  }
  return out;
}

// No network access, no entity expansion, no DTD loading: the file is untrusted.
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

}  // namespace

NmapXmlResult read_nmap_xml_file(const std::string& path) {
  return read_with(ReaderPtr(xmlReaderForFile(path.c_str(), nullptr, kParseOptions)), path);
}

NmapXmlResult read_nmap_xml_text(std::string_view text, const std::string& name) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) {
    NmapXmlResult out;
    out.report.path = name;
    out.report.format = "nmap-xml";
    out.report.issues.push_back({name, 0, 0, 0, "document larger than 2 GiB; read it as a file"});
    return out;
  }
  return read_with(ReaderPtr(xmlReaderForMemory(text.data(), static_cast<int>(text.size()),
                                                name.c_str(), nullptr, kParseOptions)),
                   name);
}

}  // namespace iotscope
