#include "engine/clickhouse/clickhouse_http.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

namespace iotscope::clickhouse {
namespace {

// curl_global_init is not thread-safe; a function-local static runs it exactly once.
void ensure_curl_initialised() {
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == 0; }();
  if (!initialised) throw ClickHouseError("libcurl could not be initialised");
}

// What the write callback collects: the sink, and the body of a failed request for its message.
struct Receiver {
  const ClickHouseHttp::ChunkSink* sink = nullptr;
  std::string error_body;
  bool failed = false;  // HTTP status >= 400: keep the body for the message
  CURL* curl = nullptr;
  bool status_checked = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto& receiver = *static_cast<Receiver*>(user);
  const std::size_t bytes = size * count;
  if (!receiver.status_checked) {
    long status = 0;
    curl_easy_getinfo(receiver.curl, CURLINFO_RESPONSE_CODE, &status);
    receiver.failed = status >= 400;
    receiver.status_checked = true;
  }
  if (receiver.failed) {
    receiver.error_body.append(data, bytes);
  } else if (receiver.sink != nullptr && *receiver.sink) {
    (*receiver.sink)(std::string_view(data, bytes));
  }
  return bytes;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

struct ClickHouseHttp::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

std::string ServerLogin::address() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

ClickHouseHttp::ClickHouseHttp(ServerLogin login, long timeout_seconds)
    : login_(std::move(login)), timeout_seconds_(timeout_seconds), handle_(new Handle) {
  ensure_curl_initialised();
  handle_->curl = curl_easy_init();
  if (handle_->curl == nullptr) throw ClickHouseError("libcurl: no easy handle");
}

ClickHouseHttp::~ClickHouseHttp() = default;

void ClickHouseHttp::perform(const std::string& url, std::string_view body, const ChunkSink& sink) {
  CURL* curl = handle_->curl;
  curl_easy_reset(curl);
  Receiver receiver;
  receiver.sink = &sink;
  receiver.curl = curl;
  char transport_error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &receiver);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, transport_error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http");
  // Basic authentication: the password travels in a header, never in the URL or a log.
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl, CURLOPT_USERNAME, login_.user.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, login_.password.c_str());
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    throw ClickHouseError(
        fmt::format("ClickHouse at {}: {}", login_.address(),
                    transport_error[0] ? transport_error : curl_easy_strerror(code)));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    throw ClickHouseError(fmt::format("ClickHouse at {} (HTTP {}): {}", login_.address(), status,
                                      trimmed(std::move(receiver.error_body))));
  }
}

void ClickHouseHttp::execute(std::string_view sql, const ChunkSink& sink) {
  // wait_end_of_query: an error that happens while the answer is produced becomes an HTTP
  // error instead of text appended to a 200 answer.
  perform(fmt::format("http://{}/?wait_end_of_query=1", login_.address()), sql, sink);
}

void ClickHouseHttp::execute_with_data(std::string_view sql, std::string_view data) {
  char* escaped = curl_easy_escape(handle_->curl, sql.data(), static_cast<int>(sql.size()));
  if (escaped == nullptr) throw ClickHouseError("libcurl: cannot escape a query");
  const std::string url = fmt::format("http://{}/?query={}", login_.address(), escaped);
  curl_free(escaped);
  perform(url, data, ChunkSink{});
}

std::string ClickHouseHttp::query(std::string_view sql) {
  std::string answer;
  execute(sql, [&answer](std::string_view chunk) { answer.append(chunk); });
  return answer;
}

}  // namespace iotscope::clickhouse
