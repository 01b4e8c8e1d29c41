#include "success_chart.h"

#include <cmath>

namespace ms::dashboard {

namespace {

EdgeLines::Options successLines() {
  EdgeLines::Options o;
  o.value = [](const runtime::EdgeRow& r) { return r.rps > 0 ? r.successPercent : NAN; };
  return o;
}

}  // namespace

SuccessChart::SuccessChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent),
      lines_(successLines(), this->colors(), [this](QLineSeries* s) { addToChart(s); }) {
  setTitleText(tr("Success rate per edge"));
  valueAxis()->setTitleText(tr("success (%)"));
  refresh();
}

void SuccessChart::appendRows(double t, const std::vector<runtime::EdgeRow>& rows) {
  lines_.append(t, rows);
}

QString SuccessChart::emptyText() const { return tr("No requests measured yet"); }

// 0..100 when anything fell below half; else the decade under the lowest value up to 100, so
// a dip from 100 to 97 is visible.
void SuccessChart::updateValueAxis() {
  double lowest = 100;
  for (const QString& edge : lines_.edges()) {
    if (!lines_.shown(edge)) continue;
    for (const QPointF& p : lines_.points(edge)) lowest = std::min(lowest, p.y());
  }
  const double floor = lowest < 50 ? 0 : std::max(0.0, std::floor((lowest - 0.5) / 10) * 10);
  const double span = 100 - floor;
  // A little room above 100 %, so a line at 100 is not hidden in the plot's edge.
  valueAxis()->setTickType(QValueAxis::TicksDynamic);
  valueAxis()->setTickAnchor(0);
  // As many labels as fit the plot's height (QtCharts elides labels that crowd).
  const double fit = std::max(3.0, chart()->plotArea().height() / 28);
  double interval = 50;
  for (double candidate : {2.0, 5.0, 10.0, 20.0, 25.0, 50.0})
    if (span / candidate + 1 <= fit) {
      interval = candidate;
      break;
    }
  valueAxis()->setTickInterval(interval);
  valueAxis()->setRange(floor, 100 + span * 0.08);
  valueAxis()->setLabelFormat("%.0f");
}

}  // namespace ms::dashboard
