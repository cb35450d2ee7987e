#include "lint/effect.h"

#include <array>

namespace pgdrydock {
namespace {
constexpr std::array<const char*, 8> kNames = {
    "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
    "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};

// kConflicts[a] has bit b (bit 0 = AccessShare) set when mode a conflicts with mode b (PostgreSQL's lock.c table).
constexpr std::array<unsigned, 8> kConflicts = {
    /* AccessShare          */ 0b10000000,
    /* RowShare             */ 0b11000000,
    /* RowExclusive         */ 0b11110000,
    /* ShareUpdateExclusive */ 0b11111000,
    /* Share                */ 0b11101100,
    /* ShareRowExclusive    */ 0b11111100,
    /* Exclusive            */ 0b11111110,
    /* AccessExclusive      */ 0b11111111,
};
} // namespace

const char* pg_lock_name(LockMode mode) { return kNames[static_cast<std::size_t>(mode)]; }

std::optional<LockMode> lock_from_pg_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (name == kNames[i]) return static_cast<LockMode>(i);
  return std::nullopt;
}

bool lock_conflicts(LockMode held, LockMode wanted) {
  unsigned row = kConflicts[static_cast<std::size_t>(held)];
  return (row >> static_cast<unsigned>(wanted)) & 1U; // bit i = mode i
}

bool blocks_reads(LockMode mode) { return lock_conflicts(mode, LockMode::AccessShare); }
bool blocks_writes(LockMode mode) { return lock_conflicts(mode, LockMode::RowExclusive); }

const char* to_string(RelationKind kind) {
  switch (kind) {
  case RelationKind::Table: return "table";
  case RelationKind::Index: return "index";
  case RelationKind::Sequence: return "sequence";
  case RelationKind::View: return "view";
  case RelationKind::MaterializedView: return "materialized view";
  case RelationKind::Unknown: return "unknown";
  }
  return "unknown";
}

} // namespace pgdrydock
