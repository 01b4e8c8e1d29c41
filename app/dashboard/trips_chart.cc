#include "trips_chart.h"

#include <QChart>

namespace ms::dashboard {

namespace {

EdgeLines::Options overflowLines() {
  EdgeLines::Options o;
  o.value = [](const runtime::EdgeRow& r) { return r.overflows; };  // a tick's row spans one second
  o.onlyNonZero = true;
  o.zeroWhenAbsent = true;
  o.suffix = QStringLiteral(" 503 UO/s");
  return o;
}

EdgeLines::Options ejectedLines() {
  EdgeLines::Options o;
  o.value = [](const runtime::EdgeRow& r) { return r.ejectedEndpoints; };
  o.onlyNonZero = true;
  o.steps = true;
  o.suffix = QStringLiteral(" ejected");
  o.style = Qt::DashLine;
  return o;
}

}  // namespace

TripsChart::TripsChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent),
      ejectedAxis_(new QValueAxis),
      overflows_(overflowLines(), this->colors(), [this](QLineSeries* s) { addToChart(s); }),
      ejected_(ejectedLines(), this->colors(), [this](QLineSeries* s) {
        addToChart(s, ejectedAxis_);
        ejectedAxis_->setVisible(true);
      }) {
  setTitleText(tr("Circuit breaking: overflows (503 UO) and ejections"));
  valueAxis()->setTitleText(tr("503 UO per second"));
  ejectedAxis_->setTitleText(tr("endpoints ejected"));
  ejectedAxis_->setTitleFont(valueAxis()->titleFont());
  ejectedAxis_->setLabelsFont(valueAxis()->labelsFont());
  ejectedAxis_->setLabelsColor(valueAxis()->labelsColor());
  ejectedAxis_->setGridLineVisible(false);
  ejectedAxis_->setVisible(false);
  chart()->addAxis(ejectedAxis_, Qt::AlignRight);
  refresh();
}

bool TripsChart::hasData() const {
  return overflows_.anyShown() || ejected_.anyShown() || eventMarkers("endpoint ejected");
}

void TripsChart::appendRows(double t, const std::vector<runtime::EdgeRow>& rows) {
  overflows_.append(t, rows);
  ejected_.append(t, rows);
}

void TripsChart::clearRows() {
  overflows_.clear();
  ejected_.clear();
  ejectedAxis_->setVisible(false);
}

void TripsChart::trimRows(double before) {
  overflows_.trim(before);
  ejected_.trim(before);
}

QString TripsChart::emptyText() const { return tr("No overflows (503 UO) and no ejections"); }

bool TripsChart::marksEvent(const std::string& kind) const {
  return ChartPanel::marksEvent(kind) || kind == "endpoint ejected" || kind == "endpoint returned";
}

void TripsChart::updateValueAxis() {
  ChartPanel::updateValueAxis();
  // Endpoints come whole; room above the most, so its line is not in the plot's edge.
  setNiceRange(ejectedAxis_, maxShown(ejectedAxis_) * 1.25, 1, 1);
}

}  // namespace ms::dashboard
