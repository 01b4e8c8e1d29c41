#pragma once

#include <deque>
#include <memory>
#include <set>

#include "chart_panel.h"
#include "gapped_line.h"

namespace ms::dashboard {

// p50, p95 and p99 latency of one edge over time, from the Istio request-duration histograms
// (the destination proxy's view). Keeps every edge's history, shows one: the entry edge
// (where the load enters the mesh) unless setEdge() picks another. Seconds without requests
// break the lines.
class LatencyChart : public ChartPanel {
  Q_OBJECT

 public:
  explicit LatencyChart(std::shared_ptr<SeriesColors> colors = nullptr, QWidget* parent = nullptr);
  ~LatencyChart() override;

  QStringList edges() const;              // every edge seen; entry edges first
  QString edge() const { return edge_; }  // the one shown; empty before any data
  bool isEntry(const QString& edge) const { return entries_.count(edge) > 0; }
  void setEdge(const QString& edge);             // empty: follow the entry edge
  const GappedLine* line(int percentile) const;  // 50, 95 or 99
  QList<QPointF> points(int percentile) const;
  bool hasData() const override;

 signals:
  void edgesChanged();

 protected:
  void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) override;
  void clearRows() override;
  void trimRows(double before) override;
  QString emptyText() const override;
  std::size_t dataPoints() const override;

 private:
  struct Sample {
    double t, p50, p95, p99;  // NaN: no requests on the edge that tick
  };
  void showEdge(const QString& edge);
  void add(const Sample& s);
  QString defaultEdge() const;

  std::map<QString, std::deque<Sample>> history_;  // a sample per tick since the edge appeared
  std::vector<QString> order_;                     // first seen first
  std::set<QString> entries_;
  QString edge_;
  bool followEntry_ = true;
  std::unique_ptr<GappedLine> p99_, p95_, p50_;  // legend order: drawn highest first
};

}  // namespace ms::dashboard
