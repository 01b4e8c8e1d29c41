#pragma once

#include <QAreaSeries>
#include <deque>
#include <set>

#include "chart_panel.h"

namespace ms::dashboard {

// The canary split of one destination service: the share of its requests each version served,
// per second, as stacked areas that fill 0..100 % (v1 at the bottom). Seconds without any
// request to the service leave a gap. Keeps every service's history, shows one: the first
// service split between versions unless setService() picks another.
class SplitChart : public ChartPanel {
  Q_OBJECT

 public:
  explicit SplitChart(std::shared_ptr<SeriesColors> colors = nullptr, QWidget* parent = nullptr);

  QStringList services() const;  // every destination seen; those split between versions first
  QStringList versions(const QString& service) const;  // sorted
  bool isSplit(const QString& service) const { return versions(service).size() > 1; }
  QString service() const { return service_; }
  void setService(const QString& service);  // empty: follow the first split service
  // The stacked band of one version of the shown service, every run of seconds with requests
  // together: lower() of the first version is 0, upper() of the last is 100.
  QList<QPointF> upper(const QString& version) const;
  QList<QPointF> lower(const QString& version) const;
  int runs() const { return static_cast<int>(runs_.size()); }  // unbroken stretches of seconds
  QAreaSeries* area(int run, const QString& version) const;    // null when none
  bool hasData() const override;

 signals:
  void servicesChanged();

 protected:
  void appendRows(double t, const std::vector<runtime::EdgeRow>& rows) override;
  void clearRows() override;
  void trimRows(double before) override;
  QString emptyText() const override;
  std::size_t dataPoints() const override;
  void updateValueAxis() override;

 private:
  struct Sample {
    double t;
    std::map<QString, double> percent;  // sums to 100, or empty: no requests that second
  };
  using Run = std::vector<std::pair<QString, QAreaSeries*>>;  // bottom first
  void rebuild();
  void add(const Sample& s);
  void removeRun(Run& run);
  QString defaultService() const;

  std::map<QString, std::deque<Sample>> history_;
  std::map<QString, std::set<QString>> versions_;
  std::vector<QString> order_;
  QString service_;
  bool follow_ = true;
  std::vector<Run> runs_;  // of the shown service
  bool open_ = false;      // the last run goes on
};

}  // namespace ms::dashboard
