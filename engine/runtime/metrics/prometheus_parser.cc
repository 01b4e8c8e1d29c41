#include "metrics/prometheus_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace ms::metrics {

const char* toString(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::Summary:
      return "summary";
    case MetricType::Untyped:
      break;
  }
  return "untyped";
}

const std::string& labelValue(const Labels& labels, std::string_view name) {
  static const std::string kEmpty;
  for (const auto& l : labels)
    if (l.name == name) return l.value;
  return kEmpty;
}

const MetricFamily* ParseResult::family(std::string_view name) const {
  for (const auto& f : families)
    if (f.name == name) return &f;
  return nullptr;
}

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isMetricNameStart(char c) { return isNameStart(c) || c == ':'; }
bool isMetricNameChar(char c) { return isMetricNameStart(c) || isDigit(c); }
bool isLabelNameChar(char c) { return isNameStart(c) || isDigit(c); }

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

// Go's strconv.ParseFloat as Prometheus uses it: decimal, Inf, +Inf, -Inf, NaN in any case.
// std::from_chars rather than strtod, which would follow a locale QCoreApplication may set.
std::optional<double> parsePrometheusFloat(std::string_view token) {
  if (!token.empty() && token[0] == '+') {
    token.remove_prefix(1);
    if (!token.empty() && token[0] == '-') return std::nullopt;
  }
  if (token.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return v;
}

namespace {

std::optional<double> parseFloat(std::string_view token) { return parsePrometheusFloat(token); }

std::optional<std::int64_t> parseInt(std::string_view token) {
  if (!token.empty() && token[0] == '+') token.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (token.empty() || ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return v;
}

std::optional<MetricType> parseType(std::string_view t) {
  std::string lower(t);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "counter") return MetricType::Counter;
  if (lower == "gauge") return MetricType::Gauge;
  if (lower == "histogram") return MetricType::Histogram;
  if (lower == "summary") return MetricType::Summary;
  if (lower == "untyped") return MetricType::Untyped;
  return std::nullopt;
}

// Reads one line; every method returns an error message, empty on success.
class LineReader {
 public:
  explicit LineReader(std::string_view line) : s_(line) {}

  bool atEnd() const { return pos_ >= s_.size(); }
  char peek() const { return atEnd() ? '\0' : s_[pos_]; }
  void skipBlanks() {
    while (!atEnd() && isBlank(s_[pos_])) ++pos_;
  }
  std::string_view token() {
    std::size_t start = pos_;
    while (!atEnd() && !isBlank(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view metricName() {
    if (atEnd() || !isMetricNameStart(s_[pos_])) return {};
    std::size_t start = pos_;
    while (!atEnd() && isMetricNameChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view labelName() {
    if (atEnd() || !isNameStart(s_[pos_])) return {};
    std::size_t start = pos_;
    while (!atEnd() && isLabelNameChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  // The rest of the line; HELP text knows only the escapes \\ and \n.
  std::string help(std::string& error) {
    std::string out;
    for (; !atEnd(); ++pos_) {
      char c = s_[pos_];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++pos_ >= s_.size()) return error = "unfinished escape sequence in HELP", out;
      if (s_[pos_] == '\\')
        out += '\\';
      else if (s_[pos_] == 'n')
        out += '\n';
      else
        return error = std::string("invalid escape sequence '\\") + s_[pos_] + "' in HELP", out;
    }
    return out;
  }
  // A quoted label value, the opening quote already consumed; escapes \\, \" and \n.
  std::string quoted(std::string& error) {
    std::string out;
    for (; !atEnd(); ++pos_) {
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++pos_ >= s_.size()) break;
      if (s_[pos_] == '\\' || s_[pos_] == '"')
        out += s_[pos_];
      else if (s_[pos_] == 'n')
        out += '\n';
      else
        return error = std::string("invalid escape sequence '\\") + s_[pos_] + "' in label value",
               out;
    }
    error = "unterminated label value";
    return out;
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  Parser(const ParserLimits& limits, ParseResult& out) : limits_(limits), out_(out) {}

  void line(int number, std::string_view text) {
    line_ = number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // tolerate CRLF
    if (text.size() > limits_.maxLineLength)
      return fail("line longer than " + std::to_string(limits_.maxLineLength) + " bytes");
    LineReader r(text);
    r.skipBlanks();
    if (r.atEnd()) return;
    if (r.consume('#')) return comment(r);
    sample(r);
  }

  void finish() {
    if (suppressed_ > 0)
      out_.errors.push_back({0, std::to_string(suppressed_) + " more errors not shown"});
  }

  void fail(std::string message) {
    if (out_.errors.size() < limits_.maxErrors)
      out_.errors.push_back({line_, std::move(message)});
    else
      ++suppressed_;
  }

 private:
  struct FamilyState {
    std::size_t index;
    bool typed = false, hasHelp = false, hasSamples = false;
  };

  FamilyState& familyFor(std::string_view name) {
    auto it = byName_.find(std::string(name));
    if (it != byName_.end()) return it->second;
    out_.families.push_back(MetricFamily{std::string(name), MetricType::Untyped, {}, {}});
    return byName_.emplace(std::string(name), FamilyState{out_.families.size() - 1}).first->second;
  }

  void comment(LineReader& r) {
    r.skipBlanks();
    std::string_view keyword = r.token();
    if (keyword != "HELP" && keyword != "TYPE") return;  // an ordinary comment
    r.skipBlanks();
    if (r.atEnd()) return;  // "# HELP" alone is a comment too, as in Prometheus
    std::string_view name = r.metricName();
    if (name.empty() || !(r.atEnd() || isBlank(r.peek())))
      return fail("invalid metric name in " + std::string(keyword) + " line");
    r.skipBlanks();
    FamilyState& f = familyFor(name);
    if (keyword == "HELP") return help(r, f);
    type(r, f);
  }

  void help(LineReader& r, FamilyState& f) {
    if (f.hasHelp) return fail("second HELP line for metric " + out_.families[f.index].name);
    std::string error;
    std::string text = r.help(error);
    if (!error.empty()) return fail(error);
    f.hasHelp = true;
    out_.families[f.index].help = std::move(text);
  }

  void type(LineReader& r, FamilyState& f) {
    MetricFamily& family = out_.families[f.index];
    std::string_view word = r.token();
    r.skipBlanks();
    auto t = parseType(word);
    if (!t || !r.atEnd()) return fail("unknown metric type '" + std::string(word) + "'");
    if (f.typed) return fail("second TYPE line for metric " + family.name);
    if (f.hasSamples) return fail("TYPE line for metric " + family.name + " after its samples");
    f.typed = true;
    family.type = *t;
  }

  // The family a sample belongs to: histogram and summary samples carry a suffix.
  FamilyState& familyOfSample(std::string_view name) {
    auto typedAs = [&](std::string_view base, MetricType a, MetricType b) -> FamilyState* {
      auto it = byName_.find(std::string(base));
      if (it == byName_.end()) return nullptr;
      MetricType t = out_.families[it->second.index].type;
      return t == a || t == b ? &it->second : nullptr;
    };
    if (byName_.count(std::string(name)) == 0) {
      if (endsWith(name, "_bucket"))
        if (auto* f = typedAs(name.substr(0, name.size() - 7), MetricType::Histogram,
                              MetricType::Histogram))
          return *f;
      for (std::string_view suffix : {"_sum", "_count"})
        if (endsWith(name, suffix))
          if (auto* f = typedAs(name.substr(0, name.size() - suffix.size()), MetricType::Histogram,
                                MetricType::Summary))
            return *f;
    }
    return familyFor(name);
  }

  bool labels(LineReader& r, Labels& out) {
    for (;;) {
      r.skipBlanks();
      if (r.consume('}')) break;
      std::string_view name = r.labelName();
      if (name.empty()) return fail("invalid label name"), false;
      if (name == "__name__") return fail("label name __name__ is reserved"), false;
      r.skipBlanks();
      if (!r.consume('=')) return fail("expected '=' after label name " + std::string(name)), false;
      r.skipBlanks();
      if (!r.consume('"'))
        return fail("expected '\"' to open the value of label " + std::string(name)), false;
      std::string error;
      std::string value = r.quoted(error);
      if (!error.empty()) return fail(error), false;
      if (out.size() >= limits_.maxLabels)
        return fail("more than " + std::to_string(limits_.maxLabels) + " labels"), false;
      for (const auto& l : out)
        if (l.name == name) return fail("duplicate label name " + std::string(name)), false;
      out.push_back({std::string(name), std::move(value)});
      r.skipBlanks();
      if (r.consume('}')) break;
      if (!r.consume(',')) return fail("expected ',' or '}' after label value"), false;
    }
    std::sort(out.begin(), out.end(),
              [](const Label& a, const Label& b) { return a.name < b.name; });
    return true;
  }

  void sample(LineReader& r) {
    Sample s;
    s.name = std::string(r.metricName());
    if (s.name.empty()) return fail("invalid metric name");
    r.skipBlanks();
    if (r.consume('{') && !labels(r, s.labels)) return;
    r.skipBlanks();
    if (r.atEnd()) return fail("expected a value for " + s.name);
    std::string_view valueToken = r.token();
    auto value = parseFloat(valueToken);
    if (!value) return fail("invalid value '" + std::string(valueToken) + "'");
    s.value = *value;
    r.skipBlanks();
    if (!r.atEnd()) {
      std::string_view ts = r.token();
      s.timestampMs = parseInt(ts);
      if (!s.timestampMs) return fail("invalid timestamp '" + std::string(ts) + "'");
      r.skipBlanks();
      if (!r.atEnd()) return fail("unexpected text after the timestamp");
    }
    FamilyState& f = familyOfSample(s.name);
    MetricFamily& family = out_.families[f.index];
    if (!checkSpecialLabels(family, s)) return;
    f.hasSamples = true;
    family.samples.push_back(std::move(s));
  }

  // Histogram buckets need a numeric le, summary quantiles a numeric quantile.
  bool checkSpecialLabels(const MetricFamily& family, const Sample& s) {
    auto numeric = [&](const char* label) {
      auto it = std::find_if(s.labels.begin(), s.labels.end(),
                             [&](const Label& l) { return l.name == label; });
      if (it == s.labels.end()) return fail(s.name + " without label " + label), false;
      if (!parseFloat(it->value))
        return fail("invalid " + std::string(label) + " value '" + it->value + "'"), false;
      return true;
    };
    if (family.type == MetricType::Histogram) {
      if (s.name == family.name)
        return fail("histogram sample " + s.name + " without _bucket, _sum or _count"), false;
      if (endsWith(s.name, "_bucket")) return numeric("le");
    }
    if (family.type == MetricType::Summary && s.name == family.name) return numeric("quantile");
    return true;
  }

  const ParserLimits& limits_;
  ParseResult& out_;
  std::unordered_map<std::string, FamilyState> byName_;
  int line_ = 0;
  std::size_t suppressed_ = 0;
};

}  // namespace

ParseResult parsePrometheusText(std::string_view text, const ParserLimits& limits) {
  ParseResult result;
  try {
    Parser parser(limits, result);
    if (text.size() > limits.maxBytes) {
      parser.fail("exposition larger than " + std::to_string(limits.maxBytes) + " bytes");
      return result;
    }
    int number = 0;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      parser.line(++number, text.substr(0, nl));
      text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
    parser.finish();
  } catch (const std::exception& e) {  // only bad_alloc can get here; keep it a value
    result.families.clear();
    result.errors.push_back({0, std::string("parser failed: ") + e.what()});
  }
  return result;
}

}  // namespace ms::metrics
