#pragma once

#include <string>
#include <string_view>

#include "controlplane/ca/result.h"

namespace ms::ca {

// "WHAT: <OpenSSL's queued reasons>", and clears OpenSSL's thread-local error queue so a later
// failure does not report this one's reasons.
std::string opensslError(std::string_view what);

// Error{opensslError(what)}, for `return sslFailure("...")`.
Error sslFailure(std::string_view what);

}  // namespace ms::ca
