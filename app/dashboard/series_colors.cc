#include "series_colors.h"

#include <QRegularExpression>
#include <array>

namespace ms::dashboard {

namespace {

// Tableau 10: distinct, readable on white, and fine for the common colour-vision deficiencies
// in its first few entries (blue/orange).
constexpr std::array<QRgb, 10> kVersionColors = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x8c564b,
                                                 0xe377c2, 0x17becf, 0xbcbd22, 0xd62728, 0x7f7f7f};
// Edges: a darker set, so an edge line is not mistaken for a version area; no pure red or
// green, which mark ejections and returns.
constexpr std::array<QRgb, 8> kEdgeColors = {0x1b6e9e, 0xc2410c, 0x7e22ce, 0x0f766e,
                                             0xa16207, 0xbe185d, 0x475569, 0x78350f};

}  // namespace

QColor SeriesColors::version(const QString& version) {
  if (version.isEmpty() || version == "unknown") return QColor(0x9e9e9e);
  static const QRegularExpression numbered("^v(\\d+)$");
  const auto m = numbered.match(version);
  std::size_t index = 0;
  if (m.hasMatch())
    index = (m.captured(1).toUInt() + kVersionColors.size() - 1) % kVersionColors.size();
  else
    index = qHash(version, 0) % kVersionColors.size();
  return QColor(kVersionColors[index]);
}

QColor SeriesColors::percentile(int which) {
  if (which <= 50) return QColor(0x60a5fa);
  if (which <= 95) return QColor(0x2563eb);
  return QColor(0x1e1b4b);
}

QColor SeriesColors::edge(const QString& key) {
  const auto it = edges_.find(key);
  if (it != edges_.end()) return it->second;
  const QColor c(kEdgeColors[edges_.size() % kEdgeColors.size()]);
  edges_.emplace(key, c);
  return c;
}

QString edgeKey(const std::string& source, const std::string& destination) {
  return QString::fromStdString(source) + QStringLiteral(" → ") +
         QString::fromStdString(destination);
}

}  // namespace ms::dashboard
