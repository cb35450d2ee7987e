// The lock model's entry points: dispatch a statement to its family (see effect_families.h).
#include "lint/effects/predict.h"

#include "lint/effects/effect_families.h"

namespace pgdrydock {

std::vector<Effect> predict_effects(const Node& root, const EffectContext& ctx) {
  return predict_effects(root, ctx, CatalogHints{});
}

std::vector<Effect> predict_effects(const Node& root, const EffectContext& ctx,
                                    const CatalogHints& hints) {
  using Family = bool (*)(const Node&, const EffectContext&, EffectList&);
  static constexpr Family kFamilies[] = {
      effects::index_effects, effects::maintenance_effects, effects::create_effects,
      effects::drop_effects,  effects::object_effects,      effects::dml_effects,
  };
  EffectList out;
  if (!effects::alter_table_effects(root, ctx, hints, out))
    for (Family family : kFamilies)
      if (family(root, ctx, out))
        break;
  std::vector<Effect> effects = out.take();
  if (hints.refine_effects)
    hints.refine_effects(root, effects);
  // ctx.created_relations does not change the locks (PostgreSQL takes them all the same); it
  // marks what is new and empty so rules can stay quiet about it.
  if (ctx.created_relations)
    for (Effect& e : effects)
      if (ctx.created_relations->count(e.relation))
        e.creates = true;
  return effects;
}

bool lock_holds_no_one_up(const Node& root, const Effect& effect) {
  if (effect.kind != RelationKind::Index)
    return false;
  return (root.kind() == "DropStmt" || root.kind() == "ReindexStmt") && is_concurrent(root);
}

} // namespace pgdrydock
