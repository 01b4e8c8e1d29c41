#pragma once

// A line over time that breaks where a tick had no value, instead of drawing a straight line
// across the gap as if it had been measured. QLineSeries cannot skip points, so each unbroken
// run is its own series (same name and pen); a run of one point shows as a dot.

#include <QLineSeries>
#include <QPen>
#include <functional>
#include <vector>

namespace ms::dashboard {

class GappedLine {
 public:
  GappedLine(QString name, QPen pen, std::function<void(QLineSeries*)> addToChart);
  ~GappedLine();  // takes its runs off the chart: destroy it before the chart
  GappedLine(const GappedLine&) = delete;
  GappedLine& operator=(const GappedLine&) = delete;

  // The value at a tick; NaN: none (the line breaks there). Call it for every tick.
  void add(double t, double v);
  // The line goes on from its last point (no gap since): a gauge can step from it.
  bool open() const { return open_; }
  void trim(double before);  // drops points before `before`
  void clear();              // every point, off the chart too
  // Puts the line on the chart: its runs so far and every later one. Until then its points are
  // kept off the chart.
  void show();
  bool shown() const { return shown_; }

  QList<QPointF> points() const;  // every run, in time order
  std::size_t count() const;
  int runs() const { return static_cast<int>(runs_.size()); }
  QLineSeries* run(int i) const { return runs_[static_cast<std::size_t>(i)]; }
  bool hasValue() const { return !runs_.empty(); }
  double lastValue() const;  // NaN when empty
  const QString& name() const { return name_; }
  const QPen& pen() const { return pen_; }

 private:
  void remove(QLineSeries* run);
  static void markSingle(QLineSeries* run);

  QString name_;
  QPen pen_;
  std::function<void(QLineSeries*)> addToChart_;
  std::vector<QLineSeries*> runs_;
  bool shown_ = false;
  bool open_ = false;  // the last run may go on
};

}  // namespace ms::dashboard
