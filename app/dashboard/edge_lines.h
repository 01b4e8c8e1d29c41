#pragma once

// One line per edge whose value a panel reads off each EdgeRow: what SuccessChart,
// RetriesChart and TripsChart are made of. A line can wait off the chart until its edge has a
// non-zero value (retries, overflows: a flat zero per edge would only clutter the legend);
// its points are kept meanwhile, so it appears with its whole history. A tick without a value
// breaks the line (GappedLine).

#include <QValueAxis>
#include <functional>
#include <map>
#include <memory>

#include "gapped_line.h"
#include "runtime/simulation_result.h"
#include "series_colors.h"

namespace ms::dashboard {

class EdgeLines {
 public:
  struct Options {
    std::function<double(const runtime::EdgeRow&)> value;  // NaN: no value this tick
    bool onlyNonZero = false;     // off the chart until the edge has a non-zero value
    bool zeroWhenAbsent = false;  // an edge without a row this tick carried nothing: 0
    bool steps = false;           // a gauge: hold the value until the next tick changes it
    QString suffix;               // appended to the edge in the legend
    Qt::PenStyle style = Qt::SolidLine;
  };

  EdgeLines(Options options, SeriesColors& colors, std::function<void(QLineSeries*)> addToChart);

  void append(double t, const std::vector<runtime::EdgeRow>& rows);
  void trim(double before);
  void clear();

  bool anyShown() const;
  QStringList edges() const;                          // every edge seen, shown or not
  const GappedLine* line(const QString& edge) const;  // null for an unknown edge
  QList<QPointF> points(const QString& edge) const;   // every run of the edge's line
  bool shown(const QString& edge) const;
  std::size_t pointCount() const;  // including lines still off the chart

 private:
  void add(double t, GappedLine& line, double v);

  Options options_;
  SeriesColors& colors_;
  std::function<void(QLineSeries*)> addToChart_;
  std::map<QString, std::unique_ptr<GappedLine>> lines_;
};

}  // namespace ms::dashboard
