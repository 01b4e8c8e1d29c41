#pragma once
// x-request-id, W3C traceparent and B3 propagation: keep what the caller
// sent, create what is missing so every hop can be correlated.
#include <random>
#include <string>

#include "http/message.h"

namespace mp {

void ensureTraceHeaders(Fields& h, std::mt19937_64& rng);
std::string hex(uint64_t v, int digits);

}  // namespace mp
