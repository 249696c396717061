#pragma once
// What `analyze` and `capture` share after the pipeline: the report model of one run and the
// report files written from it.
#include <filesystem>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"
#include "report/report_model.hpp"

namespace iotscope {

struct ReportFileOptions {
  bool anonymize = true;
  std::string key_file;  // the anonymization secret; empty: the default key file
  std::string svg_dir;   // also write the SVG figures there; empty: none
};

// The model of `output`, which must outlive it (the model points at its summaries); the parts it
// takes are moved out of `output`.
ReportModel make_report_model(PipelineOutput& output, const ReportFileOptions& options);

// Writes every report file of `model` into `out_dir` (created when needed); returns the paths
// written, report.json first. Throws std::runtime_error naming what could not be written.
std::vector<std::filesystem::path> write_report_files(const ReportModel& model,
                                                      const std::filesystem::path& out_dir,
                                                      const ReportFileOptions& options);

// Run-level warnings and the input problems of `model`, one per line on stderr.
void print_report_problems(const ReportModel& model);

// Whether some input rows or files were skipped (exit code kExitInputSkipped).
bool anything_skipped(const std::vector<InputReport>& inputs);

}  // namespace iotscope
