#include "analysis/validation/admission_rules.h"

namespace ms::analysis {

void runAdmissionRules(const Context&) {}

}  // namespace ms::analysis
