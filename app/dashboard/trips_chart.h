#pragma once

#include "chart_panel.h"
#include "edge_lines.h"

namespace ms::dashboard {

// Circuit breaking per edge: requests the client's proxy answered 503 UO (connection pool
// overflow) per second, and (dashed, right axis) how many endpoints its outlier detection holds
// ejected. Ejections and returns are marked at their times along the top. An edge appears
// once it overflowed or ejected.
class TripsChart : public ChartPanel {
  Q_OBJECT

 public:
  explicit TripsChart(std::shared_ptr<SeriesColors> colors = nullptr, QWidget* parent = nullptr);

  QStringList edges() const { return overflows_.edges(); }
  // 503 UO per second of an edge, and the endpoints its proxy held ejected.
  QList<QPointF> overflowPoints(const QString& edge) const { return overflows_.points(edge); }
  QList<QPointF> ejectedPoints(const QString& edge) const { return ejected_.points(edge); }
  const GappedLine* overflowLine(const QString& edge) const { return overflows_.line(edge); }
  const GappedLine* ejectedLine(const QString& edge) const { return ejected_.line(edge); }
  QValueAxis* ejectedAxis() const { return ejectedAxis_; }
  bool hasData() const override;

 protected:
  void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) override;
  void clearRows() override;
  void trimRows(double before) override;
  QString emptyText() const override;
  std::size_t dataPoints() const override {
    return overflows_.pointCount() + ejected_.pointCount();
  }
  bool marksEvent(const std::string& kind) const override;
  void updateValueAxis() override;

 private:
  QValueAxis* ejectedAxis_;
  EdgeLines overflows_;
  EdgeLines ejected_;
};

}  // namespace ms::dashboard
