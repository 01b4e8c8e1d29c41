#include "chart_panel.h"

#include <QApplication>
#include <QAreaSeries>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QTextDocument>
#include <QTextOption>
#include <algorithm>
#include <cmath>

namespace ms::dashboard {

namespace {

struct MarkerStyle {
  const char* kind;
  const char* label;
  QScatterSeries::MarkerShape shape;
  QRgb color;
  double y;  // on the hidden 0..1 axis
};

// Scenario steps along the top; ejections just below them.
constexpr MarkerStyle kMarkers[] = {
    {"config-applied", "config applied", QScatterSeries::MarkerShapeTriangle, 0x111827, 0.975},
    {"pod-killed", "pod killed", QScatterSeries::MarkerShapeStar, 0xdc2626, 0.975},
    {"pod-restarted", "pod restarted", QScatterSeries::MarkerShapePentagon, 0x16a34a, 0.975},
    {"behaviour-changed", "behaviour changed", QScatterSeries::MarkerShapeRotatedRectangle,
     0x111827, 0.975},
    {"load-changed", "load changed", QScatterSeries::MarkerShapeRectangle, 0x111827, 0.975},
    {"load-ended", "load ended", QScatterSeries::MarkerShapeCircle, 0x111827, 0.975},
    {"endpoint ejected", "endpoint ejected", QScatterSeries::MarkerShapeTriangle, 0xdc2626, 0.9},
    {"endpoint returned", "endpoint returned", QScatterSeries::MarkerShapeTriangle, 0x16a34a, 0.9},
};

const MarkerStyle* markerStyle(const std::string& kind) {
  for (const auto& m : kMarkers)
    if (kind == m.kind) return &m;
  return nullptr;
}

// 1, 2 or 5 times a power of ten, at or above v.
double niceStep(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v - 1e-9 * p) return m * p;
  return 10 * p;
}

QFont withSize(QFont f, int points, bool bold = false) {
  f.setPointSize(points);
  f.setBold(bold);
  return f;
}

}  // namespace

ChartPanel::ChartPanel(std::shared_ptr<SeriesColors> colors, QWidget* parent)
    : QChartView(parent),
      colors_(colors ? std::move(colors) : std::make_shared<SeriesColors>()),
      time_(new QValueAxis),
      value_(new QValueAxis),
      markerAxis_(new QValueAxis) {
  QChart* c = new QChart;
  c->setTheme(QChart::ChartThemeLight);
  c->setBackgroundRoundness(0);
  c->setMargins(QMargins(6, 6, 10, 4));
  c->setTitleFont(withSize(font(), 12, true));
  c->legend()->setVisible(false);
  c->setAnimationOptions(QChart::NoAnimation);  // a live panel redraws twice a second
  setChart(c);
  setRenderHint(QPainter::Antialiasing);
  setMinimumSize(360, 220);

  for (QValueAxis* a : {time_, value_}) {
    a->setTitleFont(withSize(font(), 9));
    a->setLabelsFont(withSize(font(), 9));
    a->setGridLineColor(QColor(0xe5e7eb));
    a->setLinePenColor(QColor(0x9ca3af));
    a->setLabelsColor(QColor(0x374151));
  }
  time_->setTitleText(tr("time since load start (s)"));
  time_->setLabelFormat("%.0f");
  time_->setTickType(QValueAxis::TicksDynamic);
  time_->setTickAnchor(0);
  time_->setRange(0, 30);
  time_->setTickInterval(5);
  value_->setRange(0, 1);
  markerAxis_->setRange(0, 1);
  markerAxis_->setVisible(false);
  c->addAxis(time_, Qt::AlignBottom);
  c->addAxis(value_, Qt::AlignLeft);
  c->addAxis(markerAxis_, Qt::AlignRight);

  note_ = new QGraphicsSimpleTextItem(c);
  note_->setFont(withSize(font(), 11));
  note_->setBrush(QColor(0x6b7280));
  note_->setZValue(20);
  legend_ = new QGraphicsTextItem(c);
  legend_->setFont(withSize(font(), 9));
  legend_->setDefaultTextColor(QColor(0x374151));
  QTextOption centred(Qt::AlignHCenter);
  centred.setWrapMode(QTextOption::WordWrap);
  legend_->document()->setDefaultTextOption(centred);
  legend_->document()->setDocumentMargin(2);
  connect(c, &QGraphicsWidget::geometryChanged, this, [this] { updateLegend(); });
  connect(c, &QChart::plotAreaChanged, this, [this] {
    updateValueAxis();  // how many labels fit depends on the plot's size
    placeNote();
    placeEventLines();
  });
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::append(double t, const std::vector<runtime::EdgeRow>& rows,
                        const runtime::RunEvents& events) {
  latest_ = std::max(latest_, t);
  started_ = true;
  appendRows(t, rows);
  for (const auto& e : events) {
    if (!marksEvent(e.kind)) continue;
    const MarkerStyle* style = markerStyle(e.kind);
    if (!style) continue;
    QScatterSeries*& s = markers_[e.kind];
    if (!s) {
      s = new QScatterSeries;
      s->setName(tr(style->label));
      s->setMarkerShape(style->shape);
      s->setMarkerSize(10);
      s->setColor(QColor(style->color));
      s->setBorderColor(QColor(style->color).darker(130));
      addToChart(s, markerAxis_);
    }
    s->append(e.atSeconds, style->y);
  }
  if (window_ > 0) {
    const double before = latest_ - window_;
    trimRows(before);
    for (auto& [kind, s] : markers_) trimSeries(s, before);
  }
  refresh();
  emit updated();
}

void ChartPanel::clear() {
  clearRows();
  for (auto& [kind, s] : markers_) {
    chart()->removeSeries(s);
    delete s;
  }
  markers_.clear();
  latest_ = 0;
  started_ = false;
  refresh();
  emit updated();
}

void ChartPanel::setWindowSeconds(double seconds) {
  window_ = std::max(0.0, seconds);
  if (window_ > 0 && started_) {
    trimRows(latest_ - window_);
    for (auto& [kind, s] : markers_) trimSeries(s, latest_ - window_);
  }
  refresh();
}

bool ChartPanel::noDataNoteVisible() const { return note_->isVisible(); }
QString ChartPanel::noDataNote() const { return note_->text(); }

QScatterSeries* ChartPanel::eventMarkers(const std::string& kind) const {
  const auto it = markers_.find(kind);
  return it == markers_.end() ? nullptr : it->second;
}

std::size_t ChartPanel::pointCount() const {
  std::size_t n = dataPoints();
  for (const auto& [kind, s] : markers_) n += static_cast<std::size_t>(s->count());
  return n;
}

bool ChartPanel::marksEvent(const std::string& kind) const {
  return kind == "config-applied" || kind == "pod-killed" || kind == "pod-restarted" ||
         kind == "behaviour-changed" || kind == "load-changed" || kind == "load-ended";
}

void ChartPanel::addToChart(QAbstractSeries* series, QValueAxis* axis) {
  chart()->addSeries(series);
  series->attachAxis(time_);
  series->attachAxis(axis ? axis : value_);
}

void ChartPanel::raiseMarkers() {
  for (auto& [kind, s] : markers_) {
    chart()->removeSeries(s);
    addToChart(s, markerAxis_);
  }
}

void ChartPanel::setTitleText(const QString& title) { chart()->setTitle(title); }

QPen ChartPanel::linePen(const QColor& color, qreal width, Qt::PenStyle style) {
  QPen pen(color);
  pen.setWidthF(width);
  pen.setStyle(style);
  // Round caps and joins cost a Bézier per vertex when stroked: the most of a redraw.
  pen.setCapStyle(Qt::FlatCap);
  pen.setJoinStyle(Qt::BevelJoin);
  return pen;
}

void ChartPanel::trimSeries(QXYSeries* s, double before) {
  int n = 0;
  while (n < s->count() && s->at(n).x() < before) ++n;
  if (n > 0) s->removePoints(0, n);
}

double ChartPanel::maxShown(QValueAxis* axis) const {
  double max = 0;
  for (QAbstractSeries* s : chart()->series()) {
    if (!s->attachedAxes().contains(axis)) continue;
    if (auto* xy = qobject_cast<QXYSeries*>(s))
      for (int i = 0; i < xy->count(); ++i) max = std::max(max, xy->at(i).y());
  }
  return max;
}

void ChartPanel::setNiceRange(QValueAxis* axis, double max, double atLeast, double minStep) {
  const double top = std::max(max, atLeast);
  const double step = std::max(minStep, niceStep(top / 5));
  const double upper = std::ceil(top / step - 1e-9) * step;
  axis->setRange(0, upper);
  axis->setTickCount(static_cast<int>(std::lround(upper / step)) + 1);
  axis->setLabelFormat(step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f");
}

// At least 0..5: an empty or near-zero panel gets whole-number ticks, not 0.0, 0.2, ...
void ChartPanel::updateValueAxis() { setNiceRange(value_, maxShown(value_) * 1.05, 5); }

void ChartPanel::updateTimeAxis() {
  double from = 0, to = std::max(latest_, 10.0);
  for (const auto& [kind, s] : markers_)
    for (int i = 0; i < s->count(); ++i) to = std::max(to, s->at(i).x());
  if (window_ > 0) {
    from = std::max(0.0, latest_ - window_);
    to = std::max(to, from + std::min(window_, 30.0));
  }
  time_->setRange(from, to);
  const double step = niceStep((to - from) / 8);
  time_->setTickInterval(step);
  time_->setTickAnchor(0);
  time_->setLabelFormat(step >= 1 ? "%.0f" : "%.1f");
}

void ChartPanel::refresh() {
  updateTimeAxis();
  updateValueAxis();
  const bool empty = !hasData();
  note_->setText(empty ? (started_ ? emptyText() : tr("Waiting for measurements")) : QString());
  note_->setVisible(empty);
  updateLegend();
  placeNote();
  placeEventLines();
}

namespace {

const char* glyph(const QAbstractSeries* s) {
  if (const auto* scatter = qobject_cast<const QScatterSeries*>(s))
    switch (scatter->markerShape()) {
      case QScatterSeries::MarkerShapeTriangle:
        return "\u25B2";
      case QScatterSeries::MarkerShapeStar:
        return "\u2605";
      case QScatterSeries::MarkerShapePentagon:
        return "\u2B1F";
      case QScatterSeries::MarkerShapeRotatedRectangle:
        return "\u25C6";
      case QScatterSeries::MarkerShapeRectangle:
        return "\u25A0";
      default:
        return "\u25CF";
    }
  if (qobject_cast<const QAreaSeries*>(s)) return "\u25A0";
  if (const auto* line = qobject_cast<const QLineSeries*>(s))
    return line->pen().style() == Qt::SolidLine ? "\u2501\u2501" : "\u254D\u254D";
  return "\u25CF";
}

QColor colorOf(const QAbstractSeries* s) {
  if (const auto* scatter = qobject_cast<const QScatterSeries*>(s)) return scatter->color();
  if (const auto* area = qobject_cast<const QAreaSeries*>(s)) return area->brush().color();
  if (const auto* line = qobject_cast<const QLineSeries*>(s)) return line->pen().color();
  return Qt::black;
}

}  // namespace

// Data series first (in the order they were added), then the event markers; one entry per name
// (a gapped line is several series of one name).
void ChartPanel::updateLegend() {
  QStringList entries, seen;
  for (bool markers : {false, true})
    for (const QAbstractSeries* s : chart()->series()) {
      if ((qobject_cast<const QScatterSeries*>(s) != nullptr) != markers || s->name().isEmpty() ||
          seen.contains(s->name()))
        continue;
      seen << s->name();
      // Qt's rich text breaks at hyphens even in white-space:nowrap: an entry is kept whole
      // with non-breaking spaces and hyphens; only the gaps between entries wrap.
      const QString name =
          s->name().toHtmlEscaped().replace(' ', "&nbsp;").replace('-', QChar(0x2011));
      entries << QString("<span style=\"color:%1\">%2</span>&nbsp;%3")
                     .arg(colorOf(s).name(), QString::fromUtf8(glyph(s)), name);
    }
  const QString html = entries.join(" &nbsp;&nbsp; ");
  const QRectF frame = chart()->rect();
  const qreal width = frame.width() - 24;
  if (html != legendHtml_ || width != legendWidth_) {
    legendHtml_ = html;
    legendWidth_ = width;
    legend_->setHtml(html);
    legend_->setTextWidth(std::max<qreal>(width, 100));
  }
  const qreal height = html.isEmpty() ? 0 : legend_->boundingRect().height();
  legend_->setVisible(!html.isEmpty());
  legend_->setPos(frame.left() + 12, frame.bottom() - height - 2);
  QMargins m = chart()->margins();
  const int bottom = static_cast<int>(std::ceil(height)) + 4;
  if (m.bottom() != bottom) {
    m.setBottom(bottom);
    chart()->setMargins(m);
  }
}

QString ChartPanel::legendText() const {
  return legend_->toPlainText().replace(QChar(0x2011), '-').replace(QChar::Nbsp, ' ');
}

void ChartPanel::placeEventLines() {
  std::size_t used = 0;
  const QRectF area = chart()->plotArea();
  for (const auto& [kind, s] : markers_) {
    QPen pen(s->color(), 1, Qt::DotLine);
    for (int i = 0; i < s->count(); ++i) {
      const QPointF p = s->at(i);
      if (p.x() < time_->min() || p.x() > time_->max()) continue;
      if (used == eventLines_.size()) {
        eventLines_.push_back(new QGraphicsLineItem(chart()));
        eventLines_.back()->setZValue(50);  // above the series (areas would hide it)
      }
      QGraphicsLineItem* line = eventLines_[used++];
      const QPointF top = chart()->mapToPosition(p, s);
      line->setPen(pen);
      line->setLine(top.x(), top.y(), top.x(), area.bottom());
      line->setVisible(true);
    }
  }
  for (; used < eventLines_.size(); ++used) eventLines_[used]->setVisible(false);
}

void ChartPanel::placeNote() {
  const QRectF area = chart()->plotArea();
  const QRectF box = note_->boundingRect();
  note_->setPos(area.center().x() - box.width() / 2, area.center().y() - box.height() / 2);
}

QImage ChartPanel::renderImage(QSize size) {
  // A hidden widget lays out on resize only once shown; the offscreen platform shows nothing.
  setAttribute(Qt::WA_DontShowOnScreen, true);
  resize(size);
  if (!isVisible()) show();
  QApplication::processEvents();
  chart()->resize(size);
  updateLegend();
  QApplication::processEvents();  // the margins the legend needs, laid out
  placeNote();
  placeEventLines();
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)),
                  QRectF(QPointF(0, 0), QSizeF(size)));
  return image;
}

bool ChartPanel::savePng(const QString& path, QSize size, QString* error) {
  const QImage image = renderImage(size);
  if (image.isNull() || !image.save(path, "PNG")) {
    if (error) *error = tr("cannot write %1").arg(path);
    return false;
  }
  return true;
}

}  // namespace ms::dashboard
