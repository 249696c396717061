#pragma once
// Every report writer in one include, for the command line.
#include "report/csv_tables.hpp"
#include "report/markdown_report.hpp"
#include "report/report_json.hpp"
#include "report/terminal_summary.hpp"
#include "report/write_all_reports.hpp"
