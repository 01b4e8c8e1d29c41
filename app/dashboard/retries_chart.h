#pragma once

#include "chart_panel.h"
#include "edge_lines.h"

namespace ms::dashboard {

// Retries per second per edge (Envoy's upstream_rq_retry at the source's proxies). An edge
// appears once it has retried; a second without requests counts as no retries.
class RetriesChart : public ChartPanel {
  Q_OBJECT

 public:
  explicit RetriesChart(std::shared_ptr<SeriesColors> colors = nullptr, QWidget* parent = nullptr);

  QStringList edges() const { return lines_.edges(); }
  QList<QPointF> points(const QString& edge) const { return lines_.points(edge); }
  bool shown(const QString& edge) const { return lines_.shown(edge); }
  bool hasData() const override { return lines_.anyShown(); }

 protected:
  void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) override {
    lines_.append(t, rows);
  }
  void clearRows() override { lines_.clear(); }
  void trimRows(double before) override { lines_.trim(before); }
  QString emptyText() const override;
  std::size_t dataPoints() const override { return lines_.pointCount(); }

 private:
  EdgeLines lines_;
};

}  // namespace ms::dashboard
