#include "edge_lines.h"

#include <QChart>
#include <cmath>

#include "chart_panel.h"

namespace ms::dashboard {

EdgeLines::EdgeLines(Options options, SeriesColors& colors, std::function<void(QLineSeries*)> addToChart)
    : options_(std::move(options)), colors_(colors), addToChart_(std::move(addToChart)) {}

EdgeLines::~EdgeLines() {
  for (auto& [key, line] : lines_)
    if (!line.shown) delete line.series;  // a shown series belongs to the chart
}

void EdgeLines::add(double t, Line& line, double v) {
  if (std::isnan(v)) return;
  QLineSeries* s = line.series;
  if (options_.steps && s->count() > 0 && s->at(s->count() - 1).y() != v)
    s->append(t, s->at(s->count() - 1).y());
  s->append(t, v);
  if (!line.shown && (!options_.onlyNonZero || v != 0)) {
    line.shown = true;
    addToChart_(s);
  }
}

void EdgeLines::append(double t, const std::vector<runtime::EdgeRow>& rows) {
  std::map<QString, bool> seen;
  for (const auto& row : rows) {
    const QString key = edgeKey(row.source, row.destination);
    Line& line = lines_[key];
    if (!line.series)
      line.series = ChartPanel::makeLine(key + options_.suffix, colors_.edge(key), options_.steps ? 1.5 : 2,
                                         options_.style);
    seen[key] = true;
    add(t, line, options_.value(row));
  }
  if (options_.zeroWhenAbsent)
    for (auto& [key, line] : lines_)
      if (!seen.count(key)) add(t, line, 0);
}

void EdgeLines::trim(double before) {
  for (auto& [key, line] : lines_) ChartPanel::trimSeries(line.series, before);
}

void EdgeLines::clear(QChart* chart) {
  for (auto& [key, line] : lines_) {
    if (line.shown) chart->removeSeries(line.series);
    delete line.series;
  }
  lines_.clear();
}

bool EdgeLines::anyShown() const {
  for (const auto& [key, line] : lines_)
    if (line.shown && line.series->count() > 0) return true;
  return false;
}

QStringList EdgeLines::edges() const {
  QStringList out;
  for (const auto& [key, line] : lines_) out << key;
  return out;
}

QLineSeries* EdgeLines::series(const QString& edge) const {
  const auto it = lines_.find(edge);
  return it == lines_.end() ? nullptr : it->second.series;
}

bool EdgeLines::shown(const QString& edge) const {
  const auto it = lines_.find(edge);
  return it != lines_.end() && it->second.shown;
}

std::size_t EdgeLines::pointCount() const {
  std::size_t n = 0;
  for (const auto& [key, line] : lines_) n += static_cast<std::size_t>(line.series->count());
  return n;
}

}  // namespace ms::dashboard
