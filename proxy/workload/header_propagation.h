#pragma once
// What an application copies from the request it is serving onto each call
// it makes: the tracing headers Istio asks every application to forward
// (without them a trace breaks at the hop), plus the behaviour's own list
// (Bookinfo forwards end-user, which is how a header match two hops down
// still sees it).
#include <string>
#include <vector>

#include "http/message.h"

namespace mp {

// The tracing headers always propagated.
const std::vector<std::string>& tracingHeaders();

// Copies every value of each tracing header and each name in extra from
// incoming onto out (names in lower case).
void propagateHeaders(const Fields& incoming, const std::vector<std::string>& extra,
                      Fields& out);

}  // namespace mp
