#pragma once

// Admission rules per kind; each reports through a RuleReporter.

#include "analysis/validation/rule_reporter.h"
#include "model/resource.h"

namespace ms::analysis {

void checkVirtualService(const RuleReporter& r, const model::VirtualService& vs);
void checkDestinationRule(const RuleReporter& r, const model::DestinationRule& dr);
void checkGateway(const RuleReporter& r, const model::Gateway& gw);
void checkServiceEntry(const RuleReporter& r, const model::ServiceEntry& se);
void checkSidecar(const RuleReporter& r, const model::Sidecar& sc);
void checkPeerAuthentication(const RuleReporter& r, const model::PeerAuthentication& pa);
void checkAuthorizationPolicy(const RuleReporter& r, const model::AuthorizationPolicy& ap);
void checkRequestAuthentication(const RuleReporter& r, const model::RequestAuthentication& ra);

// Shared pieces.
void checkDestination(const RuleReporter& r, const std::string& path, const model::Destination& d);
void checkStringMatch(const RuleReporter& r, const std::string& path, const model::StringMatch& m);
void checkOneOf(const RuleReporter& r, const std::string& path,
                std::initializer_list<std::pair<const char*, bool>> fields);
void checkSelectorLabels(const RuleReporter& r, const std::string& path, const model::Labels& labels);

}  // namespace ms::analysis
