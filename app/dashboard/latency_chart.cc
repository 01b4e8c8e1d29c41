#include "latency_chart.h"

#include <cmath>

namespace ms::dashboard {

LatencyChart::LatencyChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent) {
  auto line = [this](int p) {
    auto l =
        std::make_unique<GappedLine>(QString("p%1").arg(p), linePen(SeriesColors::percentile(p)),
                                     [this](QLineSeries* s) { addToChart(s); });
    l->show();
    return l;
  };
  p99_ = line(99);
  p95_ = line(95);
  p50_ = line(50);
  valueAxis()->setTitleText(tr("latency (ms)"));
  setTitleText(tr("Latency"));
  refresh();
}

LatencyChart::~LatencyChart() = default;

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

const GappedLine* LatencyChart::line(int percentile) const {
  return percentile == 50   ? p50_.get()
         : percentile == 95 ? p95_.get()
         : percentile == 99 ? p99_.get()
                            : nullptr;
}

QList<QPointF> LatencyChart::points(int percentile) const {
  const GappedLine* l = line(percentile);
  return l ? l->points() : QList<QPointF>();
}

bool LatencyChart::hasData() const { return p50_->count() + p95_->count() + p99_->count() > 0; }

void LatencyChart::add(const Sample& s) {
  p50_->add(s.t, s.p50);
  p95_->add(s.t, s.p95);
  p99_->add(s.t, s.p99);
}

void LatencyChart::showEdge(const QString& edge) {
  edge_ = edge;
  for (GappedLine* l : {p50_.get(), p95_.get(), p99_.get()}) l->clear();
  const auto it = history_.find(edge);
  if (it != history_.end())
    for (const Sample& s : it->second) add(s);
  setTitleText(edge.isEmpty()
                   ? tr("Latency")
                   : tr("Latency: %1%2").arg(edge, isEntry(edge) ? tr(" (entry)") : QString()));
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
    it->second.push_back({t, row.p50, row.p95, row.p99});
  }
  for (auto& [key, samples] : history_)
    if (samples.empty() || samples.back().t != t)
      samples.push_back({t, NAN, NAN, NAN});  // no requests
  const auto shown = history_.find(edge_);
  if (shown != history_.end()) add(shown->second.back());
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
  for (GappedLine* l : {p50_.get(), p95_.get(), p99_.get()}) l->trim(before);
}

QString LatencyChart::emptyText() const {
  return edge_.isEmpty() ? tr("No requests measured yet")
                         : tr("No requests on this edge in the window");
}

std::size_t LatencyChart::dataPoints() const {
  std::size_t n = p50_->count() + p95_->count() + p99_->count();
  for (const auto& [key, samples] : history_) n += samples.size();
  return n;
}

}  // namespace ms::dashboard
