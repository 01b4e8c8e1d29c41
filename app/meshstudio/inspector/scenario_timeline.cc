#include "inspector/scenario_timeline.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "inspector/form_widgets.h"

namespace ms::studio {

ScenarioTimeline::ScenarioTimeline(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setToolTip(tr("The scenario's steps over the run (load duration)"));
}

void ScenarioTimeline::setMarks(std::vector<Mark> marks, double duration) {
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.seconds < b.seconds; });
  marks_ = std::move(marks);
  duration_ = duration > 0 ? duration : 30;
  QStringList tip;
  for (const auto& m : marks_) tip << QStringLiteral("%1 s  %2").arg(m.seconds).arg(m.label);
  setToolTip(tip.isEmpty() ? tr("No steps yet") : tip.join('\n'));
  update();
}

QSize ScenarioTimeline::sizeHint() const { return {200, fontMetrics().height() * 3 + 14}; }
QSize ScenarioTimeline::minimumSizeHint() const { return {80, sizeHint().height()}; }

void ScenarioTimeline::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics fm = fontMetrics();
  const double end = std::max(duration_, marks_.empty() ? 0.0 : marks_.back().seconds);
  const int left = 4, right = width() - 4;
  const int axisY = 2 * fm.height() + 6;  // two rows of labels above the axis
  const QColor muted = mutedTextColor(palette());
  p.setPen(QPen(palette().color(QPalette::Mid), 2));
  p.drawLine(left, axisY, right, axisY);
  auto xOf = [&](double s) { return left + (right - left) * (end > 0 ? s / end : 0); };
  // Ticks at a round step giving at most ~6 labels.
  double step = 1;
  for (double s : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0})
    if (end / s <= 6) {
      step = s;
      break;
    }
  p.setPen(muted);
  QFont small = font();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  p.setFont(small);
  const QFontMetrics sfm(small);
  for (double s = 0; s <= end + 1e-9; s += step) {
    const double x = xOf(s);
    p.drawLine(QPointF(x, axisY - 3), QPointF(x, axisY + 3));
    const QString t = QStringLiteral("%1s").arg(s);
    const double tx = std::clamp(x - sfm.horizontalAdvance(t) / 2.0, 0.0, double(width() - sfm.horizontalAdvance(t)));
    p.drawText(QPointF(tx, axisY + 5 + sfm.ascent()), t);
  }
  if (marks_.empty()) {
    p.setFont(font());
    p.setPen(muted);
    p.drawText(QRect(0, 0, width(), axisY - 4), Qt::AlignCenter, tr("no steps yet"));
  }
  // Markers, labels above on two rows; a label that fits on neither is left to the tooltip.
  const QColor accent = palette().color(QPalette::Highlight);
  double rowEnd[2] = {-1e9, -1e9};
  p.setFont(font());
  for (const auto& m : marks_) {
    const double x = xOf(m.seconds);
    p.setPen(Qt::NoPen);
    p.setBrush(accent);
    p.drawEllipse(QPointF(x, axisY), 4, 4);
    const int w = fm.horizontalAdvance(m.label);
    const double tx = std::clamp(x - w / 2.0, 0.0, double(std::max(0, width() - w)));
    for (int row = 1; row >= 0; --row) {  // the row nearest the axis first
      if (tx <= rowEnd[row] + 6) continue;
      p.setPen(palette().color(QPalette::WindowText));
      p.drawText(QPointF(tx, row * fm.height() + fm.ascent() + 1), m.label);
      if (row == 0) {  // a leader line down past the nearer row
        p.setPen(QPen(mutedTextColor(palette()), 1, Qt::DotLine));
        p.drawLine(QPointF(x, fm.height() + 1), QPointF(x, axisY - 5));
      }
      rowEnd[row] = tx + w;
      break;
    }
  }
}

}  // namespace ms::studio
