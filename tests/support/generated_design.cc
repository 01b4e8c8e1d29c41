#include "generated_design.h"

namespace ms::test {

std::string chainDesign(int services, double rate) {
  std::string y = "apiVersion: meshstudio.dev/v1alpha1\nkind: MeshDesign\nmetadata: {name: chain}\nspec:\n  services:\n";
  for (int i = 0; i < services; ++i) {
    y += "  - name: svc" + std::to_string(i) + "\n    ports: [{name: http, port: 8080}]\n    workloads:\n";
    for (const char* v : {"v1", "v2"}) {
      y += std::string("    - version: ") + v + "\n      behaviour:\n        latency: {distribution: fixed, mean: 1ms}\n";
      if (i + 1 < services) y += "        calls:\n          targets: [{service: svc" + std::to_string(i + 1) + ", port: 8080}]\n";
    }
  }
  if (rate > 0) y += "  load: {target: svc0, port: 8080, rate: " + std::to_string(rate) + "}\n";
  for (int i = 0; i < services; ++i) {
    const std::string s = "svc" + std::to_string(i);
    y += "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: " + s + "}\nspec:\n  host: " + s +
         "\n  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]\n";
    y += "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + s + "}\nspec:\n  hosts: [" + s +
         "]\n  http:\n  - route:\n    - {destination: {host: " + s + ", subset: v1}, weight: 90}\n    - {destination: {host: " + s +
         ", subset: v2}, weight: 10}\n";
  }
  return y;
}

}  // namespace ms::test
