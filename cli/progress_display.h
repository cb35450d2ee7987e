// How the CLI shows a run's progress on stderr (lint/support/progress.h): on a terminal, one
// line redrawn in place (phase, elapsed, estimated time left), drawn only once the run has
// taken a second so that quick runs print nothing; with --progress and no terminal (a CI log),
// one plain line per phase; with --quiet, nothing. stdout (the report) is never touched.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>

#include "lint/support/progress.h"

namespace pgdrydock {

enum class ProgressMode { none, terminal, lines };

// --quiet wins; then a terminal on stderr (not TERM=dumb) redraws; then --progress prints lines.
ProgressMode progress_mode(bool quiet, bool progress_flag);

// A display writing to `err`. `delay`: how long the run must last before anything is drawn
// (terminal mode; lines mode prints from the start since it was asked for).
std::unique_ptr<Progress>
make_progress_display(ProgressMode mode, std::ostream& err,
                      std::chrono::milliseconds delay = std::chrono::milliseconds(1000));

} // namespace pgdrydock
