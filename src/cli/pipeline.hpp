#pragma once
// sources -> identification -> engine -> analyses, for the crowdsourced datasets.
#include <cstdint>
#include <string>
#include <vector>

#include "analyses/active_input.hpp"
#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/engine.hpp"
#include "engine/flow_selection.hpp"
#include "identify/oui_registry.hpp"
#include "model/observation.hpp"
#include "model/probe_results.hpp"
#include "sources/iotinspector/dataset_reader.hpp"
#include "sources/zeek/ip_network.hpp"

namespace iotscope {

struct PipelineOptions {
  std::vector<std::string> inputs;          // files, or folders whose data files are all read
  std::vector<std::string> external_scans;  // nmap XML / probe results taken from outside
  unsigned threads = 0;
  double flow_gap_seconds = 60;
  double reorder_seconds = 3600;
  EngineConfig engine;
  AnalysisConfig analysis;
  std::string oui_path = kDefaultOuiPath;
  bool progress = false;
  // Captures and Zeek logs: the home they show and its local networks (default: private,
  // link-local and loopback ranges).
  std::string home_id = "capture";
  LocalNetworks local_networks;
  // Captures: bytes the read may use (--max-memory; 0: default_memory_cap()).
  std::uint64_t max_memory = 0;
  // Where the flows are: empty for the embedded engine (reading `inputs`), else a ClickHouse
  // engine URL whose stored records are read instead (`iotscope load` put them there).
  std::string engine_url;
  FlowSelection selection;  // the homes and flow start times analysed (default: everything)
};

struct StageTimes {
  double read = 0;
  double identify = 0;
  double reduce = 0;
  double analyze = 0;
  double reports = 0;  // set by the command that writes them
};

struct PipelineOutput {
  DatasetContents dataset;
  // run_pipeline: the run totals only (flows, time span, histograms, device activity);
  // read_and_reduce: every table.
  Summaries summaries;
  std::vector<Observation> observations;  // payload facts from captures, logs and probes
  std::vector<ProbeResults> probes;       // as read, addresses raw
  std::vector<std::string> probe_homes;   // the home id each probe run belongs to
  ActiveInput active;                     // the probes' offers keyed to devices
  AnalysisResult result;
  std::vector<std::string> warnings;
  StageTimes seconds;
  std::uint64_t spilled_bytes = 0;  // reduced homes that waited in the spill file
};

// Data files in a folder: CSV / TSV / JSON Lines, plain or compressed; other files are skipped
// with a warning, so a simulator output folder (which also holds truth.json) reads as is.
std::vector<std::string> expand_inputs(const std::vector<std::string>& arguments,
                                       std::vector<std::string>& warnings);

// Every input read, its flows pushed into `engine`: devices as the sources made them, payload
// observations, probe runs and input reports, before probes are keyed to devices and devices
// identified (what `iotscope load` stores).
PipelineOutput read_inputs(const PipelineOptions& options, Engine& engine);

PipelineOutput run_pipeline(const PipelineOptions& options);

// Everything read and reduced, without the analyses: the tables merged over every home.
PipelineOutput read_and_reduce(const PipelineOptions& options);
// The same with each home's tables left in `homes` (sorted by home), for a stage that takes them
// a batch at a time (`iotscope summarize`); the output's summaries stay empty.
PipelineOutput read_and_reduce_by_home(const PipelineOptions& options, HomePieces& homes);

}  // namespace iotscope
