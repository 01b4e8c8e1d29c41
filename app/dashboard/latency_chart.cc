#include "latency_chart.h"

#include <cmath>

namespace ms::dashboard {

LatencyChart::LatencyChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent),
      p50_(makeLine("p50", SeriesColors::percentile(50))),
      p95_(makeLine("p95", SeriesColors::percentile(95))),
      p99_(makeLine("p99", SeriesColors::percentile(99))) {
  for (QLineSeries* s : {p99_, p95_, p50_}) addToChart(s);  // legend: p99 first, as drawn highest
  valueAxis()->setTitleText(tr("latency (ms)"));
  setTitleText(tr("Latency"));
  refresh();
}

QStringList LatencyChart::edges() const {
  QStringList out;
  for (const QString& e : order_)
    if (entries_.count(e)) out << e;
  for (const QString& e : order_)
    if (!entries_.count(e)) out << e;
  return out;
}

QString LatencyChart::defaultEdge() const {
  const QStringList all = edges();
  return all.isEmpty() ? QString() : all.front();
}

void LatencyChart::setEdge(const QString& edge) {
  followEntry_ = edge.isEmpty();
  showEdge(followEntry_ ? defaultEdge() : edge);
  refresh();
}

QLineSeries* LatencyChart::series(int percentile) const {
  return percentile == 50 ? p50_ : percentile == 95 ? p95_ : percentile == 99 ? p99_ : nullptr;
}

bool LatencyChart::hasData() const { return p50_->count() + p95_->count() + p99_->count() > 0; }

void LatencyChart::add(const Sample& s) {
  // A second without requests has no latency: no point (the line joins its neighbours).
  if (!std::isnan(s.p50)) p50_->append(s.t, s.p50);
  if (!std::isnan(s.p95)) p95_->append(s.t, s.p95);
  if (!std::isnan(s.p99)) p99_->append(s.t, s.p99);
}

void LatencyChart::showEdge(const QString& edge) {
  edge_ = edge;
  QList<QPointF> none;
  for (QLineSeries* s : {p50_, p95_, p99_}) s->replace(none);
  const auto it = history_.find(edge);
  if (it != history_.end())
    for (const Sample& s : it->second) add(s);
  setTitleText(edge.isEmpty() ? tr("Latency") : tr("Latency: %1%2").arg(edge, isEntry(edge) ? tr(" (entry)") : QString()));
}

void LatencyChart::appendRows(double t, const std::vector<runtime::EdgeRow>& rows) {
  bool added = false;
  for (const auto& row : rows) {
    const QString key = edgeKey(row.source, row.destination);
    auto [it, fresh] = history_.try_emplace(key);
    if (fresh) {
      order_.push_back(key);
      added = true;
    }
    if (row.entry && entries_.insert(key).second) added = true;
    const Sample s{t, row.p50, row.p95, row.p99};
    it->second.push_back(s);
    if (key == edge_) add(s);
  }
  if (added) {
    if (followEntry_ && defaultEdge() != edge_) showEdge(defaultEdge());
    emit edgesChanged();
  }
}

void LatencyChart::clearRows() {
  history_.clear();
  order_.clear();
  entries_.clear();
  showEdge(QString());
  emit edgesChanged();
}

void LatencyChart::trimRows(double before) {
  for (auto& [key, samples] : history_)
    while (!samples.empty() && samples.front().t < before) samples.pop_front();
  for (QLineSeries* s : {p50_, p95_, p99_}) trimSeries(s, before);
}

QString LatencyChart::emptyText() const {
  return edge_.isEmpty() ? tr("No requests measured yet") : tr("No requests on this edge in the window");
}

std::size_t LatencyChart::dataPoints() const {
  std::size_t n = static_cast<std::size_t>(p50_->count() + p95_->count() + p99_->count());
  for (const auto& [key, samples] : history_) n += samples.size();
  return n;
}

}  // namespace ms::dashboard
