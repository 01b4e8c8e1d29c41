#include "split_chart.h"

#include <QLineSeries>

namespace ms::dashboard {

SplitChart::SplitChart(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : ChartPanel(std::move(colors), parent) {
  valueAxis()->setTitleText(tr("share of requests (%)"));
  setTitleText(tr("Canary split"));
  refresh();
}

QStringList SplitChart::versions(const QString& service) const {
  QStringList out;
  const auto it = versions_.find(service);
  if (it != versions_.end())
    for (const QString& v : it->second) out << v;
  return out;
}

QStringList SplitChart::services() const {
  QStringList out;
  for (const QString& s : order_)
    if (isSplit(s)) out << s;
  for (const QString& s : order_)
    if (!isSplit(s)) out << s;
  return out;
}

QString SplitChart::defaultService() const {
  for (const QString& s : order_)
    if (isSplit(s)) return s;
  return QString();
}

void SplitChart::setService(const QString& service) {
  follow_ = service.isEmpty();
  service_ = follow_ ? defaultService() : service;
  rebuild();
  refresh();
}

QAreaSeries* SplitChart::area(const QString& version) const {
  for (const auto& [v, a] : areas_)
    if (v == version) return a;
  return nullptr;
}

bool SplitChart::hasData() const {
  if (areas_.empty()) return false;
  const QLineSeries* top = areas_.back().second->upperSeries();
  for (int i = 0; i < top->count(); ++i)
    if (top->at(i).y() > 0) return true;
  return false;
}

void SplitChart::add(const Sample& s) {
  double below = 0;
  for (const auto& [version, area] : areas_) {
    const auto it = s.percent.find(version);
    const double share = it == s.percent.end() ? 0 : it->second;
    area->lowerSeries()->append(s.t, below);
    below += share;
    area->upperSeries()->append(s.t, below);
  }
}

void SplitChart::rebuild() {
  for (auto& [v, a] : areas_) {
    chart()->removeSeries(a);
    delete a;
  }
  areas_.clear();
  setTitleText(service_.isEmpty() ? tr("Canary split") : tr("Canary split at %1").arg(service_));
  if (service_.isEmpty()) return;
  for (const QString& version : versions(service_)) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    auto* area = new QAreaSeries(upper, lower);
    upper->setParent(area);
    lower->setParent(area);
    area->setName(version);
    const QColor c = SeriesColors::version(version);
    area->setBrush(c);
    area->setPen(QPen(Qt::white, 1));
    areas_.emplace_back(version, area);
    addToChart(area);
  }
  for (const Sample& s : history_[service_]) add(s);
}

void SplitChart::appendRows(double t, const std::vector<runtime::EdgeRow>& rows) {
  std::map<QString, Sample> now;  // every edge into a service carries the service's split
  for (const auto& row : rows) {
    const QString service = QString::fromStdString(row.destination);
    Sample& s = now[service];
    s.t = t;
    if (!s.percent.empty()) continue;
    double total = 0;
    for (const auto& [version, percent] : row.split) total += percent;
    if (total <= 0) continue;
    for (const auto& [version, percent] : row.split)
      s.percent[QString::fromStdString(version.empty() ? "unknown" : version)] += percent * 100 / total;
  }
  bool listChanged = false, shownChanged = false;
  for (const QString& service : order_)
    if (!now.count(service)) now[service] = Sample{t, {}};  // no requests to it this second
  for (auto& [service, sample] : now) {
    if (!history_.count(service)) order_.push_back(service), listChanged = true;
    for (const auto& [version, percent] : sample.percent)
      if (versions_[service].insert(version).second) {
        listChanged = true;
        shownChanged = shownChanged || service == service_;
      }
    history_[service].push_back(sample);
  }
  if (follow_ && defaultService() != service_) {
    service_ = defaultService();
    shownChanged = true;
  }
  if (shownChanged)
    rebuild();
  else if (now.count(service_))
    add(now[service_]);
  if (listChanged) emit servicesChanged();
}

void SplitChart::clearRows() {
  history_.clear();
  versions_.clear();
  order_.clear();
  service_.clear();
  rebuild();
  emit servicesChanged();
}

void SplitChart::trimRows(double before) {
  for (auto& [service, samples] : history_)
    while (!samples.empty() && samples.front().t < before) samples.pop_front();
  for (auto& [v, a] : areas_) {
    trimSeries(a->upperSeries(), before);
    trimSeries(a->lowerSeries(), before);
  }
}

QString SplitChart::emptyText() const {
  if (service_.isEmpty()) return tr("No destination served more than one version");
  return tr("No requests to %1 in the window").arg(service_);
}

std::size_t SplitChart::dataPoints() const {
  std::size_t n = 0;
  for (const auto& [v, a] : areas_) n += static_cast<std::size_t>(a->upperSeries()->count() + a->lowerSeries()->count());
  for (const auto& [service, samples] : history_) n += samples.size();
  return n;
}

void SplitChart::updateValueAxis() {
  valueAxis()->setRange(0, 100);
  valueAxis()->setTickCount(6);
  valueAxis()->setLabelFormat("%.0f");
}

}  // namespace ms::dashboard
