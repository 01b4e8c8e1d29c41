#pragma once

// Colours shared by every panel of a dashboard or report, so that one version or one edge has
// the same colour everywhere. Versions get fixed colours (v1 blue, v2 orange, v3 green, ...,
// whatever the service); edges get theirs in the order they are first seen.

#include <QColor>
#include <QString>
#include <map>

namespace ms::dashboard {

class SeriesColors {
 public:
  // "v1" -> blue, "v2" -> orange, ...; "unknown" and "" grey; other names a stable pick.
  static QColor version(const QString& version);
  // p50, p95, p99 of a latency chart: light to dark.
  static QColor percentile(int which);  // 50, 95 or 99

  QColor edge(const QString& edgeKey);

 private:
  std::map<QString, QColor> edges_;
};

// "productpage-v1 → reviews": how panels name an edge in legends, titles and pickers.
QString edgeKey(const std::string& source, const std::string& destination);

}  // namespace ms::dashboard
