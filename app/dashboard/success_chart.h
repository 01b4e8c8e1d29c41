#pragma once

#include "chart_panel.h"
#include "edge_lines.h"

namespace ms::dashboard {

// Success rate (% of requests not 5xx and not unanswered) per edge over time. Seconds in which
// an edge carried no request have no point.
class SuccessChart : public ChartPanel {
  Q_OBJECT

 public:
  explicit SuccessChart(std::shared_ptr<SeriesColors> colors = nullptr, QWidget* parent = nullptr);

  QStringList edges() const { return lines_.edges(); }
  QList<QPointF> points(const QString& edge) const { return lines_.points(edge); }
  const GappedLine* line(const QString& edge) const { return lines_.line(edge); }
  bool hasData() const override { return lines_.anyShown(); }

 protected:
  void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) override;
  void clearRows() override { lines_.clear(); }
  void trimRows(double before) override { lines_.trim(before); }
  QString emptyText() const override;
  std::size_t dataPoints() const override { return lines_.pointCount(); }
  void updateValueAxis() override;

 private:
  EdgeLines lines_;
};

}  // namespace ms::dashboard
