#pragma once

#include <QAreaSeries>
#include <deque>
#include <set>

#include "chart_panel.h"

namespace ms::dashboard {

// The canary split of one destination service: the share of its requests each version served,
// per second, as stacked areas that fill 0..100 % (v1 at the bottom). Seconds without any
// request to the service stack to nothing. Keeps every service's history, shows one: the first
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
  // The stacked area of one version of the shown service; lowerSeries() of the first version
  // is 0, upperSeries() of the last is 100 wherever the service had requests.
  QAreaSeries* area(const QString& version) const;
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
  void rebuild();
  void add(const Sample& s);
  QString defaultService() const;

  std::map<QString, std::deque<Sample>> history_;
  std::map<QString, std::set<QString>> versions_;
  std::vector<QString> order_;
  QString service_;
  bool follow_ = true;
  std::vector<std::pair<QString, QAreaSeries*>> areas_;  // the shown service, bottom first
};

}  // namespace ms::dashboard
