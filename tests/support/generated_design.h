#pragma once
// Generated designs for scale tests and benchmarks.
#include <string>

namespace ms::test {

// `services` services in a call chain svc0 -> svc1 -> ..., each with v1 and v2 pods behind a
// 90/10 split: 2 x `services` pods plus the ingress gateway. With `rate` > 0, a load profile
// sends that many requests/s to svc0.
std::string chainDesign(int services, double rate = 0);

}  // namespace ms::test
