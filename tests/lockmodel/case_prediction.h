// What the lock model predicts for a case of cases.txt, with the knowledge lint has: the lint
// catalog of the schema built so far (the base schema and the case's setup, applied as lint
// applies earlier migrations) and the TimeZone the case states. The server test compares it
// with pg_locks; docs/locks.md is written from it.
#pragma once

#include <string>
#include <vector>

#include "case_file.h"
#include "lint/effect.h"

namespace pgdrydock::lockmodel {

struct CasePrediction {
  std::vector<Effect> effects;
  StatementTraits traits;
  std::string error; // the model refuses the statement: it does not parse
};

CasePrediction predict_case(const CaseFile& file, const LockCase& c, int pg_version);

// The model reports the error the server gives (a `rejects:` case): the statement does not
// parse, or it cannot run in a transaction block and the case runs in one. Empty when the
// model would predict locks instead.
std::string model_refusal(const LockCase& c, const CasePrediction& p);

} // namespace pgdrydock::lockmodel
