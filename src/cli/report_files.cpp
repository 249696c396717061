#include "cli/report_files.hpp"

#include <fmt/format.h>

#include <optional>

#include "cli/anonymization_key_file.hpp"
#include "report/anonymizer.hpp"
#include "report/report_context.hpp"
#include "report/report_writers.hpp"
#include "report/text_scrubber.hpp"

namespace iotscope {

namespace fs = std::filesystem;

ReportModel make_report_model(PipelineOutput& output, const ReportFileOptions& options) {
  ReportModel model;
  model.inputs = std::move(output.dataset.inputs);
  model.devices = std::move(output.dataset.devices);
  model.summaries = &output.summaries;
  model.result = std::move(output.result);
  model.warnings = std::move(output.warnings);
  model.options.anonymize = options.anonymize;
  model.options.anonymization_key = load_or_create_key(
      options.key_file.empty() ? default_key_file() : fs::path(options.key_file));
  return model;
}

std::vector<fs::path> write_report_files(const ReportModel& model, const fs::path& out_dir,
                                         const ReportFileOptions& options) {
  fs::create_directories(out_dir);
  ExtraReports extras;
  if (!options.svg_dir.empty()) extras.svg_dir = fs::path(options.svg_dir);
  return write_all_reports(model, out_dir, extras);
}

void print_report_problems(const ReportModel& model) {
  // The terminal shows what the report shows: with anonymization, no address or dataset id.
  std::optional<Anonymizer> anonymizer;
  if (model.options.anonymize) anonymizer.emplace(model.options.anonymization_key);
  const Anonymizer* names = anonymizer ? &*anonymizer : nullptr;
  for (const std::string& warning : model.warnings) {
    fmt::print(stderr, "warning: {}\n", names ? scrub_addresses(warning, *names) : warning);
  }
  for (const InputReport& input : model.inputs) {
    for (const InputIssue& issue : input.issues) {
      fmt::print(stderr, "{}\n", printable_issue(issue, input.path, names));
    }
  }
}

bool anything_skipped(const std::vector<InputReport>& inputs) {
  for (const InputReport& input : inputs) {
    if (input.skipped > 0 || input.format == "unreadable" || input.format == "unrecognised") {
      return true;
    }
  }
  return false;
}

}  // namespace iotscope
