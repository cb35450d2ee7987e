// The one place simulation results become JSON and come back (nlohmann's to_json/from_json
// hooks, found by argument-dependent lookup). The keys are the report contract that
// docs/simulate.md describes: a statement's observation is merged into the statement's object
// (reports/json_report.cpp), a migration's simulation is its "simulation" object.
#pragma once

#include <nlohmann/json.hpp>

#include "simulate/result/simulation_result.h"

namespace pgdrydock {

void to_json(nlohmann::json& j, const FitCurve& fit);
void from_json(const nlohmann::json& j, FitCurve& fit);
void to_json(nlohmann::json& j, const EstimateResult& estimate);
void from_json(const nlohmann::json& j, EstimateResult& estimate);
void to_json(nlohmann::json& j, const SweepPoint& point);
void from_json(const nlohmann::json& j, SweepPoint& point);
void to_json(nlohmann::json& j, const ObservedRelation& observed);
void from_json(const nlohmann::json& j, ObservedRelation& observed);
void to_json(nlohmann::json& j, const HeldRelation& held);
void from_json(const nlohmann::json& j, HeldRelation& held);
void to_json(nlohmann::json& j, const StatementObservation& observation);
void from_json(const nlohmann::json& j, StatementObservation& observation);
void to_json(nlohmann::json& j, const SimulationError& error);
void from_json(const nlohmann::json& j, SimulationError& error);
void to_json(nlohmann::json& j, const SeedSummary& seed);
void from_json(const nlohmann::json& j, SeedSummary& seed);
void to_json(nlohmann::json& j, const MemoryPlan& memory);
void from_json(const nlohmann::json& j, MemoryPlan& memory);
void to_json(nlohmann::json& j, const ScaleModelPlan& plan);
void from_json(const nlohmann::json& j, ScaleModelPlan& plan);
void to_json(nlohmann::json& j, const BudgetCheck& budget);
void from_json(const nlohmann::json& j, BudgetCheck& budget);
void to_json(nlohmann::json& j, const MigrationSimulation& simulation);
void from_json(const nlohmann::json& j, MigrationSimulation& simulation);

// The contract's form of a result that may be absent: null when it is.
nlohmann::json json_or_null(const std::optional<StatementObservation>& observation);
nlohmann::json json_or_null(const std::optional<MigrationSimulation>& simulation);

// The observation keys of a statement's JSON object (which also holds the lint keys): none
// when the statement was not replayed.
std::optional<StatementObservation> observation_of_statement(const nlohmann::json& statement);

} // namespace pgdrydock
