// Observing what a statement really locks: pg_locks of its backend, pg_class before and after.
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "lock_case.h"

namespace pgdrydock::lockmodel {
namespace {

constexpr const char* kRelationsQuery = R"(
  SELECT c.oid, n.nspname || '.' || c.relname, c.relkind, c.relfilenode,
         coalesce((SELECT tn.nspname || '.' || tc.relname FROM pg_index i
                     JOIN pg_class tc ON tc.oid = i.indrelid
                     JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                    WHERE i.indexrelid = c.oid),
                  (SELECT tn.nspname || '.' || tc.relname FROM pg_depend d
                     JOIN pg_class tc ON tc.oid = d.refobjid
                     JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                    LIMIT 1), '')
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
     AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%')";

std::map<unsigned, RelationInfo> read_relations(pqxx::transaction_base& tx) {
  std::map<unsigned, RelationInfo> out;
  for (const auto& row : tx.exec(kRelationsQuery)) {
    RelationInfo info;
    info.name = row[1].as<std::string>();
    info.kind = row[2].as<std::string>()[0];
    info.filenode = row[3].as<long long>();
    info.owner_table = row[4].as<std::string>();
    out[row[0].as<unsigned>()] = info;
  }
  return out;
}

void record(std::map<unsigned, LockMode>& locks, unsigned oid, const std::string& mode_name) {
  auto mode = lock_from_pg_name(mode_name);
  if (!mode)
    return;
  auto [it, inserted] = locks.emplace(oid, *mode);
  if (!inserted && *mode > it->second)
    it->second = *mode;
}

// Names every locked oid as it was known before the statement (a renamed relation keeps its
// old name; a new one gets its new name; one that vanished was a rewrite temporary).
Observation assemble(const std::map<unsigned, RelationInfo>& before,
                     const std::map<unsigned, RelationInfo>& after,
                     const std::map<unsigned, LockMode>& locks) {
  Observation obs;
  for (const auto& [oid, info] : before)
    obs.before[info.name] = info;
  std::map<std::string, long long> after_by_name;
  for (const auto& [oid, info] : after)
    after_by_name[info.name] = info.filenode;
  for (const auto& [oid, info] : before) {
    auto same = after.find(oid);
    if (same != after.end())
      obs.filenode_after[info.name] = same->second.filenode;
    else if (after_by_name.count(info.name)) // replaced by a new relation of the same name
      obs.filenode_after[info.name] = after_by_name[info.name];
  }
  for (const auto& [oid, mode] : locks) {
    std::string name;
    if (auto b = before.find(oid); b != before.end()) {
      name = b->second.name;
    } else if (auto a = after.find(oid); a != after.end()) {
      name = a->second.name;
      if (!obs.before.count(name))
        obs.new_relations[name] = a->second;
    } else {
      obs.transient.push_back(std::to_string(oid));
      continue;
    }
    auto [it, inserted] = obs.locks.emplace(name, mode);
    if (!inserted && mode > it->second)
      it->second = mode;
  }
  return obs;
}

} // namespace

Observation observe_in_transaction(const std::string& conninfo, const LockCase& c) {
  pqxx::connection conn(conninfo);
  pqxx::work tx(conn);
  std::map<unsigned, RelationInfo> before = read_relations(tx);
  tx.exec(c.sql);
  std::map<unsigned, LockMode> locks;
  // The user relations only: only relation locks in this database; system catalogs and
  // toast tables are filtered out by name below (they are not in `before`/`after`).
  for (const auto& row :
       tx.exec("SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() "
               "AND locktype = 'relation' AND database = "
               "(SELECT oid FROM pg_database WHERE datname = current_database())"))
    record(locks, row[0].as<unsigned>(), row[1].as<std::string>());
  std::map<unsigned, RelationInfo> after = read_relations(tx);
  std::map<unsigned, LockMode> user_locks;
  for (const auto& [oid, mode] : locks)
    if (before.count(oid) || after.count(oid) || !oid_is_catalog(tx, oid))
      user_locks[oid] = mode;
  tx.abort();
  return assemble(before, after, user_locks);
}

bool oid_is_catalog(pqxx::transaction_base& tx, unsigned oid) {
  // A relation that exists in neither snapshot is either a system relation (pg_catalog,
  // pg_toast...) or a temporary the statement created and dropped again.
  auto r = tx.exec("SELECT 1 FROM pg_class WHERE oid = " + std::to_string(oid));
  return !r.empty() || oid < 16384; // FirstNormalObjectId: below it, built-in catalogs
}

Observation observe_autocommit(const std::string& conninfo, const LockCase& c) {
  pqxx::connection runner(conninfo);
  pqxx::connection blocker(conninfo);
  pqxx::connection sampler(conninfo);
  std::map<unsigned, RelationInfo> before;
  {
    pqxx::work tx(sampler);
    before = read_relations(tx);
  }
  int pid = 0;
  {
    pqxx::nontransaction nt(runner);
    pid = nt.exec("SELECT pg_backend_pid()")[0][0].as<int>();
  }
  // REPEATABLE READ keeps the blocker's snapshot, which CONCURRENTLY waits for.
  auto hold = std::make_unique<pqxx::transaction<pqxx::isolation_level::repeatable_read>>(blocker);
  hold->exec(c.blocker);

  std::atomic<bool> done{false};
  std::string error;
  std::thread run([&] {
    try {
      pqxx::nontransaction nt(runner);
      nt.exec(c.sql);
    } catch (const std::exception& e) {
      error = e.what();
    }
    done = true;
  });

  std::map<unsigned, LockMode> locks;
  const std::string lock_query =
      "SELECT relation, mode FROM pg_locks WHERE locktype = 'relation' AND pid = " +
      std::to_string(pid);
  const std::string wait_query =
      "SELECT wait_event_type IS NOT DISTINCT FROM 'Lock' FROM pg_stat_activity WHERE pid = " +
      std::to_string(pid);
  auto started = std::chrono::steady_clock::now();
  int waiting_samples = 0;
  std::string sampling_error;
  try {
    while (!done) {
      pqxx::nontransaction nt(sampler);
      for (const auto& row : nt.exec(lock_query))
        if (!row[0].is_null())
          record(locks, row[0].as<unsigned>(), row[1].as<std::string>());
      auto waiting = nt.exec(wait_query);
      if (!waiting.empty() && waiting[0][0].as<bool>())
        ++waiting_samples;
      // Release the blocker once the statement has been seen waiting for a while (its locks
      // are then all sampled), or after a deadline.
      if (hold && (waiting_samples >= 20 ||
                   std::chrono::steady_clock::now() - started > std::chrono::seconds(5))) {
        hold->commit();
        hold.reset();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  } catch (const std::exception& e) {
    // Never leave the statement's thread blocked behind the blocker: release, then join.
    sampling_error = e.what();
    hold.reset(); // aborts the blocker's transaction
  }
  run.join();
  if (hold)
    hold->commit();
  if (!error.empty())
    throw std::runtime_error(error);
  if (!sampling_error.empty())
    throw std::runtime_error("sampling pg_locks: " + sampling_error);
  pqxx::work tx(sampler);
  std::map<unsigned, RelationInfo> after = read_relations(tx);
  std::map<unsigned, LockMode> user_locks;
  for (const auto& [oid, mode] : locks)
    if (before.count(oid) || after.count(oid) || !oid_is_catalog(tx, oid))
      user_locks[oid] = mode;
  return assemble(before, after, user_locks);
}

} // namespace pgdrydock::lockmodel
