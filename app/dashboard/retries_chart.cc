#include "retries_chart.h"

namespace ms::dashboard {

namespace {

EdgeLines::Options retryLines() {
  EdgeLines::Options o;
  o.value = [](const runtime::EdgeRow& r) { return r.retriesPerSecond; };
  o.onlyNonZero = true;
  o.zeroWhenAbsent = true;
  return o;
}

}  // namespace

RetriesChart::RetriesChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent),
      lines_(retryLines(), this->colors(), [this](QLineSeries* s) { addToChart(s); }) {
  setTitleText(tr("Retries per edge"));
  valueAxis()->setTitleText(tr("retries per second"));
  refresh();
}

QString RetriesChart::emptyText() const { return tr("No retries measured"); }

}  // namespace ms::dashboard
