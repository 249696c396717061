#include "report/evidence_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <type_traits>

namespace iotscope {
namespace {

void write_value(JsonWriter& json, const EvidenceValue& value, const ReportContext& context) {
  std::visit(
      [&](const auto& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::int64_t>) {
          json.integer(held);
        } else if constexpr (std::is_same_v<Held, double>) {
          json.number(held);
        } else if constexpr (std::is_same_v<Held, std::string>) {
          json.string(context.text(held));
        } else if constexpr (std::is_same_v<Held, std::vector<std::int64_t>>) {
          json.begin_array();
          for (const auto number : held) json.integer(number);
          json.end_array();
        } else {
          json.begin_array();
          for (const auto& text : held) json.string(context.text(text));
          json.end_array();
        }
      },
      value);
}

}  // namespace

void write_evidence(JsonWriter& json, const Evidence& evidence, const ReportContext& context) {
  json.begin_object();
  for (const auto& [name, value] : evidence) {
    json.key(name);  // names are the analyses' own vocabulary, never data
    write_value(json, value, context);
  }
  json.end_object();
}

namespace {

// Straight into one string, in the exact form JsonWriter gives: a stream and a writer per
// finding cost more than the text itself.
void append_evidence_value(std::string& out, const EvidenceValue& value,
                           const ReportContext& context) {
  std::visit(
      [&](const auto& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::int64_t>) {
          const fmt::format_int text(held);
          out.append(text.data(), text.size());
        } else if constexpr (std::is_same_v<Held, double>) {
          if (std::isfinite(held)) {
            fmt::format_to(std::back_inserter(out), "{}", held);
          } else {
            out += "null";
          }
        } else if constexpr (std::is_same_v<Held, std::string>) {
          append_json_string(out, context.text(held));
        } else if constexpr (std::is_same_v<Held, std::vector<std::int64_t>>) {
          out.push_back('[');
          for (std::size_t i = 0; i < held.size(); ++i) {
            if (i > 0) out.push_back(',');
            const fmt::format_int text(held[i]);
            out.append(text.data(), text.size());
          }
          out.push_back(']');
        } else {
          out.push_back('[');
          for (std::size_t i = 0; i < held.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_json_string(out, context.text(held[i]));
          }
          out.push_back(']');
        }
      },
      value);
}

}  // namespace

std::string evidence_json(const Evidence& evidence, const ReportContext& context) {
  std::string out;
  out.reserve(32 * evidence.size() + 2);
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : evidence) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, name);
    out.push_back(':');
    append_evidence_value(out, value, context);
  }
  out.push_back('}');
  return out;
}

}  // namespace iotscope
