#pragma once

// The common part of every dashboard panel: a QtCharts view over time (seconds since the load
// started), fed one measurement tick at a time, keeping only the last windowSeconds() of points
// (live) or everything (reports). Scenario events (config applied, pod killed, ...) show as
// markers along the top of the plot. A panel with nothing to draw says so in the plot.
//
// Panels are widgets: create and feed them on the GUI thread (post the simulation's ticks
// there with a queued connection).

#include <QChartView>
#include <QImage>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/simulation_result.h"
#include "series_colors.h"

class QGraphicsLineItem;
class QGraphicsTextItem;
class QGraphicsSimpleTextItem;

namespace ms::dashboard {

class ChartPanel : public QChartView {
  Q_OBJECT

 public:
  static constexpr double kLiveWindowSeconds = 300;
  static constexpr QSize kReportSize{900, 420};

  // Panels of one dashboard share `colors`; a panel without one gets its own.
  explicit ChartPanel(std::shared_ptr<SeriesColors> colors, QWidget* parent = nullptr);
  ~ChartPanel() override;

  // One tick: `rows` measured over the second before elapsedSeconds (the simulation's tick,
  // SimulationResult::timeline), `events` those since the previous tick (each at its own time).
  void append(double elapsedSeconds, const std::vector<runtime::EdgeRow>& rows,
              const runtime::RunEvents& events);
  void clear();

  // Points older than latest - seconds are dropped; 0 keeps everything (reports).
  void setWindowSeconds(double seconds);
  double windowSeconds() const { return window_; }
  double latestSeconds() const { return latest_; }  // the last tick's time, 0 before any

  virtual bool hasData() const = 0;
  bool noDataNoteVisible() const;
  QString noDataNote() const;
  QString legendText() const;  // the legend's entries as plain text, one a line

  QValueAxis* timeAxis() const { return time_; }
  QValueAxis* valueAxis() const { return value_; }
  // The markers of one kind of event ("config-applied", "endpoint ejected"); null when none
  // of that kind arrived.
  QScatterSeries* eventMarkers(const std::string& kind) const;
  // Every point the panel holds: its series, the data behind them and the event markers.
  std::size_t pointCount() const;

  // The panel drawn at `size` (report PNGs); works without a display (offscreen platform).
  // It resizes the panel: meant for panels outside a layout (a docked one: QWidget::grab()).
  QImage renderImage(QSize size = kReportSize);
  bool savePng(const QString& path, QSize size, QString* error);

  static QPen linePen(const QColor& color, qreal width = 2, Qt::PenStyle style = Qt::SolidLine);
  // Drops the points before `before` from the front of a series sorted by x.
  static void trimSeries(QXYSeries* series, double before);

 signals:
  void updated();  // after every append() and clear()

 protected:
  virtual void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) = 0;
  virtual void clearRows() = 0;
  virtual void trimRows(double before) = 0;
  virtual QString emptyText() const = 0;
  virtual std::size_t dataPoints() const = 0;
  // Which event kinds this panel marks; default: the scenario's own steps.
  virtual bool marksEvent(const std::string& kind) const;
  // Sets the value axis' range from what is shown; default: 0 .. nice max of visible series.
  virtual void updateValueAxis();

  SeriesColors& colors() { return *colors_; }
  // Adds a series to the chart on the time and value axes.
  void addToChart(QAbstractSeries* series, QValueAxis* valueAxis = nullptr);
  void setTitleText(const QString& title);
  // Re-reads every series: axes and the no-data note. append() calls it.
  void refresh();
  // Series of one z are drawn in the order they were added: after adding series (areas that
  // would cover them), put the event markers back on top.
  void raiseMarkers();

  // The largest y among the chart's series on `axis`; 0 when none.
  double maxShown(QValueAxis* axis) const;
  // Nice axis bounds: 0 .. a round number at or above max (at least `atLeast`), ticks at least
  // minStep apart.
  static void setNiceRange(QValueAxis* axis, double max, double atLeast = 1, double minStep = 0);

 private:
  void placeNote();
  void placeEventLines();
  void updateLegend();
  void updateTimeAxis();

  std::shared_ptr<SeriesColors> colors_;
  QValueAxis* time_;
  QValueAxis* value_;
  QValueAxis* markerAxis_;  // hidden 0..1 axis that keeps event markers at the plot's top
  std::map<std::string, QScatterSeries*> markers_;
  QGraphicsSimpleTextItem* note_;
  std::vector<QGraphicsLineItem*> eventLines_;  // a dotted line down from each marker
  // QLegend keeps to one row and elides names; this one wraps, and draws each entry as its
  // series looks (line, dashed line, area, marker shape).
  QGraphicsTextItem* legend_;
  QString legendHtml_;
  qreal legendWidth_ = 0;
  double window_ = kLiveWindowSeconds;
  double latest_ = 0;
  bool started_ = false;
};

}  // namespace ms::dashboard
