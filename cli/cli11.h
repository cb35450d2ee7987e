// CLI11, included once for the whole CLI. GCC 12 at -O2 reports a false "potential null pointer
// dereference" inside CLI11's own string helpers (CLI/StringTools.hpp, inlined std::string
// moves); it is silenced for the library's code only, never for ours.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop
