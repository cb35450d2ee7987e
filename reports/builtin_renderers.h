// Renderers register themselves from their own files, but a static library drops any object
// file nobody references. Calling this from a program that renders reports keeps them all.
#pragma once

namespace pgdrydock {

// Each flag is set by its renderer's registration (reports/<format>_report.cpp).
extern const bool text_report_registered;
extern const bool gcc_report_registered;
extern const bool json_report_registered;
extern const bool sarif_report_registered;
extern const bool github_report_registered;
extern const bool junit_report_registered;
extern const bool gitlab_report_registered;

// True when every built-in renderer registered; referencing the flags is what links them in.
bool ensure_builtin_renderers_linked();

} // namespace pgdrydock
