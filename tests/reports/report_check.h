// Checks a rendered report with real parsers (tests/reports/check_report.py: Python's strict
// UTF-8 decoder, xml.etree for JUnit and HTML, json for JSON and SARIF) and nlohmann's strict
// parser for the JSON formats. Shared by tests/reports and tests/examples_every_format.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/builtin_renderers.h"
#include "reports/report_format.h"
#include "reports/simulation_renderers.h"

#include "tests/common/run_command.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {

// Empty when `report` is a valid, complete report of `format`; else what is wrong with it.
inline std::string report_problem(const std::string& format, const std::string& report) {
  if (format == "json" || format == "sarif") {
    try {
      // Strict: throws on ill-formed UTF-8 or a cut document.
      if (nlohmann::json::parse(report).is_discarded())
        return format + ": nlohmann: discarded";
    } catch (const nlohmann::json::exception& e) {
      return format + ": nlohmann: " + e.what();
    }
  }
  testing::TempFolder folder;
  const std::string path = folder.write("report." + format, report);
  CapturedRun run =
      run_captured({"python3", std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/reports/check_report.py",
                    format, path});
  if (run.exit_code == 0)
    return {};
  return run.err.empty() ? format + ": checker exit " + std::to_string(run.exit_code) : run.err;
}

// Every registered format (lint's and simulate's renderers), so a new one is checked as soon as
// it registers.
inline std::vector<std::string> all_report_formats() {
  EXPECT_TRUE(ensure_builtin_renderers_linked());
  EXPECT_TRUE(markdown_report_registered && html_report_registered &&
              simulation_text_report_registered);
  std::vector<std::string> out;
  for (auto name : renderer_names())
    out.emplace_back(name);
  EXPECT_GE(out.size(), 9u);
  return out;
}

} // namespace pgdrydock::test
