// `--stats FILE` from the file's bytes (lint/table_stats.*). A bad file must end in an input
// Error naming it; a file that loads must survive a round trip through the writer
// (`pgdrydock stats` output is read back by the same reader).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "lint/support/error.h"
#include "lint/table_stats.h"
#include "tests/fuzz/entries/scratch.h"

namespace pgdrydock::fuzz {

// Returns false when the reader refused the file (an expected outcome); throws logic_error when
// a property fails (the fuzz target turns that into a crash).
inline bool read_stats_file(std::string_view bytes) {
  const Expected<StatsFile> loaded = load_stats_file(scratch_file("stats.json", bytes));
  if (!loaded)
    return false;
  const StatsFile& stats = *loaded;
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
  const Expected<StatsFile> again = load_stats_file(scratch_file("stats-again.json", written));
  if (!again)
    throw std::logic_error("the reader refuses what the writer wrote: " +
                           format_error(again.error()) + "\n" + written);
  if (stats_file_to_json(*again) != written)
    throw std::logic_error("writing, reading and writing again changes the file:\n" + written);
  return true;
}

} // namespace pgdrydock::fuzz
