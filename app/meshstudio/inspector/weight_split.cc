#include "inspector/weight_split.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

#include "inspector/form_widgets.h"

namespace ms::studio {

std::vector<int> rebalanceWeights(const std::vector<int>& weights, size_t index, int value) {
  const size_t n = weights.size();
  if (n == 0 || index >= n) return weights;
  if (n == 1) return {100};
  value = std::clamp(value, 0, 100);
  const long rest = 100 - value;
  long othersSum = 0;
  for (size_t j = 0; j < n; ++j)
    if (j != index) othersSum += std::max(0, weights[j]);
  std::vector<int> out(n, 0);
  out[index] = value;
  // Integer shares, then the units rounding left over go to the largest remainders.
  struct Share {
    long remainder;
    size_t index;
  };
  std::vector<Share> shares;
  long given = 0;
  for (size_t j = 0; j < n; ++j) {
    if (j == index) continue;
    const long numerator = othersSum > 0 ? rest * std::max(0, weights[j]) : rest;
    const long denominator = othersSum > 0 ? othersSum : static_cast<long>(n - 1);
    out[j] = static_cast<int>(numerator / denominator);
    given += out[j];
    shares.push_back({numerator % denominator, j});
  }
  std::stable_sort(shares.begin(), shares.end(),
                   [](const Share& a, const Share& b) { return a.remainder > b.remainder; });
  for (long k = 0; k < rest - given; ++k) ++out[shares[static_cast<size_t>(k) % shares.size()].index];
  return out;
}

std::vector<int> effectiveWeights(const std::vector<std::optional<std::int64_t>>& weights) {
  if (weights.size() == 1) return {100};
  std::vector<int> out;
  for (const auto& w : weights) out.push_back(static_cast<int>(std::clamp<std::int64_t>(w.value_or(0), 0, 100)));
  return out;
}

namespace {

QColor splitColor(size_t i, const QPalette& palette) {
  static const int hues[] = {210, 28, 140, 280, 350, 180, 55};
  const bool light = palette.color(QPalette::Window).lightness() >= 128;
  return QColor::fromHsv(hues[i % std::size(hues)], light ? 150 : 120, light ? 205 : 225);
}

}  // namespace

// A bar showing the split, one coloured segment per destination.
class SplitBar : public QWidget {
 public:
  explicit SplitBar(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(8);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  }
  void setWeights(std::vector<int> weights) {
    weights_ = std::move(weights);
    update();
  }
  QSize sizeHint() const override { return {100, 8}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath clip;
    clip.addRoundedRect(r, 3, 3);
    p.setClipPath(clip);
    p.fillRect(r, palette().color(QPalette::Mid));
    const int total = std::accumulate(weights_.begin(), weights_.end(), 0);
    double x = r.left();
    for (size_t i = 0; i < weights_.size() && total > 0; ++i) {
      const double w = r.width() * weights_[i] / total;
      p.fillRect(QRectF(x, r.top(), w, r.height()), splitColor(i, palette()));
      x += w;
    }
  }

 private:
  std::vector<int> weights_;
};

WeightSplitEditor::WeightSplitEditor(std::shared_ptr<FormContext> ctx, std::string path, Binding binding,
                                     QWidget* parent)
    : QWidget(parent), ctx_(std::move(ctx)), path_(std::move(path)), binding_(std::move(binding)) {
  setObjectName(QString::fromStdString(path_ + ".split"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 2, 0, 4);
  v->setSpacing(4);
  auto* title = new QLabel(tr("Traffic split"), this);
  QFont bold = title->font();
  bold.setBold(true);
  title->setFont(bold);
  title->setToolTip(tr("Share of requests each destination receives. The weights always sum to "
                       "100: moving one rescales the others in proportion."));
  v->addWidget(title);
  bar_ = new SplitBar(this);
  v->addWidget(bar_);
  auto* grid = new QGridLayout;
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setHorizontalSpacing(8);
  grid->setVerticalSpacing(2);
  grid->setColumnStretch(1, 1);
  v->addLayout(grid);
  const auto labels = binding_.labels(ctx_->snapshot());
  const bool single = labels.size() == 1;
  for (size_t i = 0; i < labels.size(); ++i) {
    const int row = static_cast<int>(i);
    const std::string weightPath = path_ + "[" + std::to_string(i) + "].weight";
    auto* label = new QLabel(this);
    label->setTextFormat(Qt::RichText);
    auto* slider = new QSlider(Qt::Horizontal, this);
    slider->setRange(0, 100);
    slider->setPageStep(10);
    slider->setObjectName(QString::fromStdString(weightPath + ".slider"));
    slider->setToolTip(tr("Weight of this destination (drag; the others follow)"));
    guardWheel(slider);
    auto* spin = new QSpinBox(this);
    spin->setRange(0, 100);
    spin->setSuffix(QStringLiteral(" %"));
    spin->setKeyboardTracking(false);
    spin->setObjectName(QString::fromStdString(weightPath));
    spin->setProperty(kFieldPathProperty, QString::fromStdString(weightPath));
    spin->setToolTip(tr("<b>weight</b><br>Relative proportion of traffic forwarded to this "
                        "destination.<br><i>%1</i>")
                         .arg(QString::fromStdString(weightPath)));
    guardWheel(spin);
    slider->setEnabled(!single);
    spin->setEnabled(!single);
    grid->addWidget(label, row, 0);
    grid->addWidget(slider, row, 1);
    grid->addWidget(spin, row, 2);
    labels_.push_back(label);
    sliders_.push_back(slider);
    spins_.push_back(spin);
    connect(slider, &QSlider::sliderPressed, this, [this] {
      ++ctx_->interaction()->id;  // a drag is one undo step of its own
      base_ = effectiveWeights(binding_.weights(ctx_->snapshot()));
      dragging_ = true;
    });
    connect(slider, &QSlider::sliderReleased, this, [this] { dragging_ = false; });
    connect(slider, &QSlider::valueChanged, this, [this, row](int value) { move(row, value); });
    connect(spin, &QSpinBox::valueChanged, this, [this, row](int value) { move(row, value); });
  }
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  QPalette muted = note_->palette();
  muted.setColor(QPalette::WindowText, mutedTextColor(palette()));
  note_->setPalette(muted);
  v->addWidget(note_);
  show(ctx_->snapshot());
  ctx_->addRefresher([self = QPointer(this)](model::Resource& r) {
    if (self) self->show(r);
  });
}

void WeightSplitEditor::move(int index, int value) {
  const std::vector<int> base = dragging_ ? base_ : effectiveWeights(binding_.weights(ctx_->snapshot()));
  const std::vector<int> weights = rebalanceWeights(base, static_cast<size_t>(index), value);
  const bool committed = ctx_->commit(tr("Set weights of %1").arg(QString::fromStdString(path_)), path_ + ".weight",
                                      [&](model::Resource& r) { return binding_.setWeights(r, weights); });
  if (!committed) show(ctx_->snapshot());  // e.g. a lone destination: snap back
}

void WeightSplitEditor::show(model::Resource& r) {
  const auto labels = binding_.labels(r);
  const auto stored = binding_.weights(r);
  const auto weights = effectiveWeights(stored);
  for (size_t i = 0; i < sliders_.size() && i < weights.size(); ++i) {
    const QColor c = splitColor(i, palette());
    const QString text = i < labels.size() ? labels[i] : QString();
    labels_[i]->setText(QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                            .arg(c.name(), text.toHtmlEscaped()));
    labels_[i]->setToolTip(text);
    const QSignalBlocker b1(sliders_[i]), b2(spins_[i]);
    if (!sliders_[i]->isSliderDown()) sliders_[i]->setValue(weights[i]);
    spins_[i]->setValue(weights[i]);
  }
  bar_->setWeights(weights);
  const int sum = std::accumulate(weights.begin(), weights.end(), 0);
  if (sliders_.size() == 1) {
    note_->setText(tr("The only destination receives all traffic."));
  } else if (sum != 100) {
    note_->setText(tr("The weights sum to %1, not 100; move any of them to rebalance.").arg(sum));
  } else {
    note_->clear();
  }
  note_->setVisible(!note_->text().isEmpty());
}

}  // namespace ms::studio
