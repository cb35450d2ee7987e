// docs/locks.md, written from cases.txt: for each case the statement, every relation it locks
// with mode, rewrite and why, as the model predicts it. The server test proves each case on a
// real PostgreSQL, so the table says what PostgreSQL really does; a test fails when the checked-in
// file differs from what this writes (locks_doc_test.cpp).
#pragma once

#include <string>

#include "case_file.h"

namespace pgdrydock::lockmodel {

// The command that rewrites docs/locks.md (named by the staleness test and the page itself).
inline constexpr const char* kRegenerateLocksDoc =
    "ninja -C build pgdrydock_locks_doc && build/tests/pgdrydock_locks_doc "
    "tests/lockmodel/cases.txt docs/locks.md";

// verified_major: the PostgreSQL major version the server test runs the cases on.
std::string render_locks_doc(const CaseFile& file, int verified_major);

} // namespace pgdrydock::lockmodel
