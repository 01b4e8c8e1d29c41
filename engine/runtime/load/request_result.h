#pragma once

// The outcome of one generated request, as the connection hands it to the statistics.

#include <cstdint>
#include <string>
#include <string_view>

namespace ms::runtime {

// Why a request got no HTTP status (status 0). None when a response arrived.
enum class RequestError {
  None,
  Connect,    // connection refused or failed
  Io,         // reset or closed while writing or reading
  Timeout,    // no complete response before intended send time + timeout
  Protocol,   // unparsable response, header or body over the limit
  QueueFull,  // the open model's backlog of waiting requests was full
};

std::string_view errorName(RequestError error);

struct RequestResult {
  int status = 0;                   // HTTP status; 0 when error != None
  std::string flags;                // raw x-ms-response-flags value, e.g. "UO" or "UH,URX"
  std::string version;              // raw x-ms-version value
  std::uint64_t latencyMicros = 0;  // from the intended send time to the last body byte
  RequestError error = RequestError::None;

  static RequestResult failure(RequestError error, std::uint64_t latencyMicros = 0) {
    RequestResult result;
    result.error = error;
    result.latencyMicros = latencyMicros;
    return result;
  }
};

}  // namespace ms::runtime
