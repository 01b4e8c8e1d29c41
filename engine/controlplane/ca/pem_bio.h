#pragma once

#include <string>
#include <string_view>

#include "controlplane/ca/openssl_handles.h"

namespace ms::ca {

// A memory BIO reading `text` (which must outlive it); null if OpenSSL cannot allocate one.
BioPtr readOnlyBio(std::string_view text);

// Everything written to a memory BIO so far.
std::string bioContents(BIO* bio);

}  // namespace ms::ca
