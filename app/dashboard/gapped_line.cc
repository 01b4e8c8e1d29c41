#include "gapped_line.h"

#include <QChart>
#include <cmath>

namespace ms::dashboard {

GappedLine::GappedLine(QString name, QPen pen, std::function<void(QLineSeries*)> addToChart)
    : name_(std::move(name)), pen_(std::move(pen)), addToChart_(std::move(addToChart)) {}

GappedLine::~GappedLine() { clear(); }

void GappedLine::add(double t, double v) {
  if (std::isnan(v)) {
    open_ = false;
    return;
  }
  if (runs_.empty() || !open_) {
    auto* s = new QLineSeries;
    s->setName(name_);
    s->setPen(pen_);
    s->setColor(pen_.color());
    s->setMarkerSize(std::max<qreal>(4, pen_.widthF() * 2));
    runs_.push_back(s);
    if (shown_) addToChart_(s);
  }
  runs_.back()->append(t, v);
  markSingle(runs_.back());
  open_ = true;
}

void GappedLine::markSingle(QLineSeries* s) {
  const bool single = s->count() == 1;
  if (s->pointsVisible() != single) s->setPointsVisible(single);
}

void GappedLine::remove(QLineSeries* s) {
  if (QChart* c = s->chart()) c->removeSeries(s);
  delete s;
}

void GappedLine::trim(double before) {
  while (!runs_.empty()) {
    QLineSeries* s = runs_.front();
    int n = 0;
    while (n < s->count() && s->at(n).x() < before) ++n;
    if (n == 0) break;
    if (n == s->count()) {
      remove(s);
      runs_.erase(runs_.begin());
      if (runs_.empty()) open_ = false;
      continue;
    }
    s->removePoints(0, n);
    markSingle(s);
    break;
  }
}

void GappedLine::clear() {
  for (QLineSeries* s : runs_) remove(s);
  runs_.clear();
  open_ = false;
}

void GappedLine::show() {
  if (shown_) return;
  shown_ = true;
  for (QLineSeries* s : runs_) addToChart_(s);
}

QList<QPointF> GappedLine::points() const {
  QList<QPointF> out;
  for (const QLineSeries* s : runs_) out += s->points();
  return out;
}

std::size_t GappedLine::count() const {
  std::size_t n = 0;
  for (const QLineSeries* s : runs_) n += static_cast<std::size_t>(s->count());
  return n;
}

double GappedLine::lastValue() const {
  return runs_.empty() ? NAN : runs_.back()->at(runs_.back()->count() - 1).y();
}

}  // namespace ms::dashboard
