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

QAreaSeries* SplitChart::area(int run, const QString& version) const {
  if (run < 0 || run >= runs()) return nullptr;
  for (const auto& [v, a] : runs_[static_cast<std::size_t>(run)])
    if (v == version) return a;
  return nullptr;
}

QList<QPointF> SplitChart::upper(const QString& version) const {
  QList<QPointF> out;
  for (int r = 0; r < runs(); ++r)
    if (const QAreaSeries* a = area(r, version)) out += a->upperSeries()->points();
  return out;
}

QList<QPointF> SplitChart::lower(const QString& version) const {
  QList<QPointF> out;
  for (int r = 0; r < runs(); ++r)
    if (const QAreaSeries* a = area(r, version)) out += a->lowerSeries()->points();
  return out;
}

bool SplitChart::hasData() const { return !runs_.empty(); }

void SplitChart::add(const Sample& s) {
  if (s.percent.empty()) {  // no requests: a gap
    open_ = false;
    return;
  }
  if (!open_) {
    Run run;
    for (const QString& version : versions(service_)) {
      auto* upper = new QLineSeries;
      auto* lower = new QLineSeries;
      auto* area = new QAreaSeries(upper, lower);
      upper->setParent(area);
      lower->setParent(area);
      area->setName(version);
      area->setBrush(SeriesColors::version(version));
      area->setPen(QPen(Qt::white, 1));
      run.emplace_back(version, area);
      addToChart(area);
    }
    runs_.push_back(std::move(run));
    open_ = true;
    raiseMarkers();
  }
  double below = 0;
  for (const auto& [version, area] : runs_.back()) {
    const auto it = s.percent.find(version);
    const double share = it == s.percent.end() ? 0 : it->second;
    area->lowerSeries()->append(s.t, below);
    below += share;
    area->upperSeries()->append(s.t, below);
  }
}

void SplitChart::removeRun(Run& run) {
  for (auto& [v, a] : run) {
    chart()->removeSeries(a);
    delete a;
  }
  run.clear();
}

void SplitChart::rebuild() {
  for (Run& run : runs_) removeRun(run);
  runs_.clear();
  open_ = false;
  setTitleText(service_.isEmpty() ? tr("Canary split") : tr("Canary split at %1").arg(service_));
  if (service_.isEmpty()) return;
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
      s.percent[QString::fromStdString(version.empty() ? "unknown" : version)] +=
          percent * 100 / total;
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
  for (Run& run : runs_)
    for (auto& [v, a] : run) {
      trimSeries(a->upperSeries(), before);
      trimSeries(a->lowerSeries(), before);
    }
  while (!runs_.empty() &&
         (runs_.front().empty() || runs_.front().front().second->upperSeries()->count() == 0)) {
    removeRun(runs_.front());
    runs_.erase(runs_.begin());
    if (runs_.empty()) open_ = false;
  }
}

QString SplitChart::emptyText() const {
  if (service_.isEmpty()) return tr("No destination served more than one version");
  return tr("No requests to %1 in the window").arg(service_);
}

std::size_t SplitChart::dataPoints() const {
  std::size_t n = 0;
  for (const Run& run : runs_)
    for (const auto& [v, a] : run)
      n += static_cast<std::size_t>(a->upperSeries()->count() + a->lowerSeries()->count());
  for (const auto& [service, samples] : history_) n += samples.size();
  return n;
}

void SplitChart::updateValueAxis() {
  valueAxis()->setRange(0, 100);
  valueAxis()->setTickCount(6);
  valueAxis()->setLabelFormat("%.0f");
}

}  // namespace ms::dashboard
