// Progress of a long run (simulate: minutes; lint of a large history: seconds), for the person
// watching a terminal. The work reports what it is doing through this interface; the CLI
// decides whether and how it is shown (cli/progress_display.h: a redrawn line on a terminal,
// one line per phase with --progress, nothing with --quiet). Never written to stdout: reports
// go there.
#pragma once

#include <string_view>

namespace pgdrydock {

class Progress {
public:
  virtual ~Progress() = default;
  // Where the run is overall: `done` of `total` steps (migrations to simulate, files to lint),
  // for the estimate of the remaining time. total 0: unknown.
  virtual void overall(long long done, long long total) = 0;
  // A new phase: "start PostgreSQL", "seed 0042", "replay 0042 up".
  virtual void phase(std::string_view name) = 0;
  // A line for the user's log (the sandbox's location, a warning) on stderr, printed above a
  // progress line so the two do not mix; `line` has no newline.
  virtual void message(std::string_view line) = 0;
  // The run is over: a shown line is cleared or ended.
  virtual void finish() = 0;
};

// A Progress that shows no progress (messages go to stderr as they are): the default of every
// option struct that takes one.
Progress& no_progress();

} // namespace pgdrydock
