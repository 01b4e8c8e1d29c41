#include "edge_lines.h"

#include <cmath>
#include <set>

#include "chart_panel.h"

namespace ms::dashboard {

EdgeLines::EdgeLines(Options options, SeriesColors& colors,
                     std::function<void(QLineSeries*)> addToChart)
    : options_(std::move(options)), colors_(colors), addToChart_(std::move(addToChart)) {}

void EdgeLines::add(double t, GappedLine& line, double v) {
  if (options_.steps && line.open() && !std::isnan(v) && line.lastValue() != v)
    line.add(t, line.lastValue());
  line.add(t, v);
  if (!line.shown() && !std::isnan(v) && (!options_.onlyNonZero || v != 0)) line.show();
}

void EdgeLines::append(double t, const std::vector<runtime::EdgeRow>& rows) {
  std::set<QString> seen;
  for (const auto& row : rows) {
    const QString key = edgeKey(row.source, row.destination);
    auto& line = lines_[key];
    if (!line) {
      line = std::make_unique<GappedLine>(
          key + options_.suffix,
          ChartPanel::linePen(colors_.edge(key), options_.steps ? 1.5 : 2, options_.style),
          addToChart_);
    }
    seen.insert(key);
    add(t, *line, options_.value(row));
  }
  for (auto& [key, line] : lines_)
    if (!seen.count(key)) add(t, *line, options_.zeroWhenAbsent ? 0.0 : NAN);
}

void EdgeLines::trim(double before) {
  for (auto& [key, line] : lines_) line->trim(before);
}

void EdgeLines::clear() { lines_.clear(); }  // each line takes its runs off the chart

bool EdgeLines::anyShown() const {
  for (const auto& [key, line] : lines_)
    if (line->shown() && line->hasValue()) return true;
  return false;
}

QStringList EdgeLines::edges() const {
  QStringList out;
  for (const auto& [key, line] : lines_) out << key;
  return out;
}

const GappedLine* EdgeLines::line(const QString& edge) const {
  const auto it = lines_.find(edge);
  return it == lines_.end() ? nullptr : it->second.get();
}

QList<QPointF> EdgeLines::points(const QString& edge) const {
  const GappedLine* l = line(edge);
  return l ? l->points() : QList<QPointF>();
}

bool EdgeLines::shown(const QString& edge) const {
  const GappedLine* l = line(edge);
  return l && l->shown();
}

std::size_t EdgeLines::pointCount() const {
  std::size_t n = 0;
  for (const auto& [key, line] : lines_) n += line->count();
  return n;
}

}  // namespace ms::dashboard
