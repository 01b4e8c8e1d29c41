#pragma once

// Parser for the Prometheus text exposition format 0.0.4, the format every meshproxy serves on
// /stats/prometheus. Errors are values carrying the line number: a bad line is reported and
// skipped, the rest of the scrape is still used. Nothing throws out of parsePrometheusText.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ms::metrics {

enum class MetricType { Untyped, Counter, Gauge, Histogram, Summary };

const char* toString(MetricType type);

struct Label {
  std::string name;
  std::string value;
  friend bool operator==(const Label&, const Label&) = default;
};

// Sorted by name, so that equal label sets compare and hash equal whatever the exposed order.
using Labels = std::vector<Label>;

// The value of a label, or "" when absent (Prometheus treats an absent label as empty).
const std::string& labelValue(const Labels& labels, std::string_view name);

struct Sample {
  std::string name;  // the full sample name, e.g. x_bucket for histogram x
  Labels labels;
  double value = 0;
  std::optional<std::int64_t> timestampMs;
};

struct MetricFamily {
  std::string name;  // the base name: x for x_bucket, x_sum, x_count of histogram x
  MetricType type = MetricType::Untyped;
  std::string help;
  std::vector<Sample> samples;
};

struct ParseError {
  int line = 0;  // 1-based
  std::string message;
};

struct ParseResult {
  std::vector<MetricFamily> families;
  std::vector<ParseError> errors;
  bool ok() const { return errors.empty(); }
  const MetricFamily* family(std::string_view name) const;
};

// Bounds so that a broken or hostile endpoint cannot make us allocate without limit.
struct ParserLimits {
  std::size_t maxBytes = 16 * 1024 * 1024;
  std::size_t maxLineLength = 64 * 1024;
  std::size_t maxLabels = 64;
  std::size_t maxErrors = 100;  // further errors are counted in the last one
};

ParseResult parsePrometheusText(std::string_view text, const ParserLimits& limits = {});

// A value as the format writes it (1.5, +Inf, -Inf, NaN), whatever the C locale.
std::optional<double> parsePrometheusFloat(std::string_view token);

}  // namespace ms::metrics
