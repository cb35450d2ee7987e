// `--stats FILE` from the file's bytes (lint/table_stats.*). A bad file must end in an
// InputErrorException naming it; a file that loads must survive a round trip through the writer
// (`pgdrydock stats` output is read back by the same reader).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "lint/input_error.h"
#include "lint/table_stats.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

// Returns false when the reader refused the file (an expected outcome); throws logic_error when
// a property fails (the fuzz target turns that into a crash).
inline bool read_stats_file(std::string_view bytes) {
  StatsFile stats;
  try {
    stats = load_stats_file(scratch_file("stats.json", bytes));
  } catch (const InputErrorException&) {
    return false;
  }
  for (const TableStats& t : stats.tables) {
    (void)describe_table_size(t);
    (void)t.rows();
    if (stats.find(t.schema, t.name) == nullptr)
      throw std::logic_error("a table the file lists is not found: " + t.schema + "." + t.name);
    (void)stats.find(t.name); // the lookup findings use (case folding, schema search)
    for (const ColumnStats& c : t.columns)
      (void)t.column(c.name);
  }
  const std::string written = stats_file_to_json(stats);
  StatsFile again;
  try {
    again = load_stats_file(scratch_file("stats-again.json", written));
  } catch (const InputErrorException& e) {
    throw std::logic_error("the reader refuses what the writer wrote: " + std::string(e.what()) +
                           "\n" + written);
  }
  if (stats_file_to_json(again) != written)
    throw std::logic_error("writing, reading and writing again changes the file:\n" + written);
  return true;
}

} // namespace pgdrydock::fuzz
