#include "controlplane/ca/openssl_error.h"

#include <openssl/err.h>

namespace ms::ca {

std::string opensslError(std::string_view what) {
  std::string message(what);
  const char* separator = ": ";
  while (unsigned long code = ERR_get_error()) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    message += separator;
    message += reason;
    separator = "; ";
  }
  return message;
}

Error sslFailure(std::string_view what) { return Error{opensslError(what)}; }

}  // namespace ms::ca
