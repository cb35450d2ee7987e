#include "reports/builtin_renderers.h"

namespace pgdrydock {

bool ensure_builtin_renderers_linked() {
  return text_report_registered && gcc_report_registered && json_report_registered &&
         sarif_report_registered && github_report_registered && junit_report_registered &&
         gitlab_report_registered;
}

} // namespace pgdrydock
