// Values for the types that are not plain built-in scalars: full-text vectors, the ltree and
// hstore extensions' types, ranges and multiranges of any subtype. Arrays of them and domains
// over them come for free (the seeder resolves domains and writes arrays element by element).
#pragma once

#include <string>

#include "simulate/seed/catalog_reader.h"
#include "simulate/seed/seeder_values.h"

namespace pgdrydock {

// The kind of such a type (tsvector, ltree, hstore, typtype 'r' or 'm'); Unknown otherwise.
ValueKind structured_kind_of(const LiveType& type);

// The raw text of value number `n` of such a type, valid input for the type's input function.
// Ranges over integers and numerics are distinct per `n` ([n,n+1)); a range of any other
// subtype is 'empty' (valid for every range type, overlaps nothing, so exclusion constraints
// hold); multiranges wrap the same range.
void append_structured_value(std::string& out, ValueKind kind, const std::string& type_name,
                             long long n);

} // namespace pgdrydock
