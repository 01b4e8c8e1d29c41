#include "inspector/form_widgets.h"

#include <QApplication>
#include <QComboBox>
#include <QFocusEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QStyle>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <yaml-cpp/yaml.h>

#include <climits>
#include <cmath>

#include "inspector/host_completer.h"
#include "istio/read_context.h"
#include "istio/struct_writer.h"

namespace ms::studio {

namespace {

// Wheel events reach a value widget only while it has focus; otherwise they scroll the form.
class WheelGuard : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Wheel) {
      auto* w = qobject_cast<QWidget*>(watched);
      if (w && !w->hasFocus()) {
        event->ignore();
        return true;
      }
    }
    return false;
  }
};

void tagEditor(QWidget* w, const FieldSpec& spec) {
  w->setObjectName(QString::fromStdString(spec.path));
  w->setProperty(kFieldPathProperty, QString::fromStdString(spec.path));
  w->setToolTip(fieldToolTip(spec));
}

QString setDescription(const FieldSpec& spec) {
  return QObject::tr("Set %1").arg(QString::fromStdString(spec.path));
}

template <class S>
void commitValue(const ContextPtr& ctx, const FieldSpec& spec, const Setter<S>& set,
                 const std::optional<S>& value) {
  ctx->commit(setDescription(spec), spec.path,
              [&](model::Resource& r) { return set(r, value); });
}

bool isLight(const QPalette& p) { return p.color(QPalette::Window).lightness() >= 128; }

}  // namespace

// A one-line label that ends in "…" when it does not fit.
class ElidedLabel : public QWidget {
 public:
  explicit ElidedLabel(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  }
  void setText(const QString& text) {
    text_ = text;
    setToolTip(text);
    update();
  }
  QString text() const { return text_; }
  QSize sizeHint() const override { return {fontMetrics().horizontalAdvance(text_), fontMetrics().height()}; }
  QSize minimumSizeHint() const override { return {0, fontMetrics().height()}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setPen(mutedTextColor(palette()));
    p.drawText(rect(), Qt::AlignVCenter | Qt::AlignLeft,
               fontMetrics().elidedText(text_, Qt::ElideRight, width()));
  }

 private:
  QString text_;
};

void guardWheel(QWidget* w) {
  static WheelGuard* guard = new WheelGuard(qApp);
  w->setFocusPolicy(Qt::StrongFocus);
  w->installEventFilter(guard);
}

QColor mutedTextColor(const QPalette& palette) {
  QColor text = palette.color(QPalette::WindowText);
  const QColor window = palette.color(QPalette::Window);
  // Halfway between text and background: secondary, still readable.
  return QColor((text.red() * 3 + window.red() * 2) / 5, (text.green() * 3 + window.green() * 2) / 5,
                (text.blue() * 3 + window.blue() * 2) / 5);
}

QToolButton* smallButton(const QString& text, const QString& toolTip, QWidget* parent) {
  auto* b = new QToolButton(parent);
  b->setText(text);
  b->setToolTip(toolTip);
  b->setAutoRaise(true);
  b->setFocusPolicy(Qt::TabFocus);
  b->setCursor(Qt::PointingHandCursor);
  return b;
}

void setInvalid(QWidget* editor, const QString& reason, const QString& normalToolTip) {
  const bool invalid = !reason.isEmpty();
  if (editor->property("msInvalid").toBool() == invalid && !invalid) return;
  editor->setProperty("msInvalid", invalid);
  editor->setStyleSheet(invalid ? QStringLiteral("%1 { border: 1px solid #e5484d; border-radius: 3px; "
                                                 "padding: 1px 2px; }")
                                      .arg(QString::fromLatin1(editor->metaObject()->className()))
                                : QString());
  editor->setToolTip(invalid ? QStringLiteral("<b>%1</b><br>%2").arg(reason.toHtmlEscaped(), normalToolTip)
                             : normalToolTip);
}

QString fieldToolTip(const FieldSpec& spec) {
  QString tip = QStringLiteral("<b>%1</b>").arg(spec.name.toHtmlEscaped());
  if (spec.required) tip += QObject::tr(" (required)");
  if (!spec.info.description.isEmpty()) tip += QStringLiteral("<br>") + spec.info.description.toHtmlEscaped();
  if (!spec.info.unsetText.isEmpty())
    tip += QStringLiteral("<br>") + QObject::tr("Unset: %1").arg(spec.info.unsetText.toHtmlEscaped());
  tip += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(spec.path).toHtmlEscaped());
  return tip;
}

QLabel* fieldLabel(const FieldSpec& spec) {
  auto* label = new QLabel;
  label->setTextFormat(Qt::RichText);
  label->setText(spec.required ? QStringLiteral("%1<span style=\"color:#e5484d\">&#8202;*</span>")
                                     .arg(spec.name.toHtmlEscaped())
                               : spec.name.toHtmlEscaped());
  label->setToolTip(fieldToolTip(spec));
  return label;
}

QVBoxLayout* addColumnRow(QFormLayout* form, const FieldSpec& spec) {
  auto* box = new QWidget;
  box->setObjectName(QString::fromStdString(spec.path));
  box->setProperty(kFieldPathProperty, QString::fromStdString(spec.path));
  box->setToolTip(fieldToolTip(spec));
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  form->addRow(fieldLabel(spec), box);
  return column;
}

// --- Section ---

Section::Section(const QString& title, const std::string& expandKey, FormState* state,
                 bool defaultExpanded, QWidget* parent)
    : QWidget(parent), key_(expandKey), state_(state) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(0);
  header_ = new QWidget(this);
  auto* h = new QHBoxLayout(header_);
  h->setContentsMargins(0, 0, 2, 0);
  h->setSpacing(2);
  toggle_ = new QToolButton(header_);
  toggle_->setAutoRaise(true);
  toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle_->setText(title);
  toggle_->setFocusPolicy(Qt::TabFocus);
  QFont bold = toggle_->font();
  bold.setBold(true);
  toggle_->setFont(bold);
  summary_ = new ElidedLabel(header_);
  h->addWidget(toggle_);
  h->addWidget(summary_, 1);
  body_ = new QWidget(this);
  form_ = new QFormLayout(body_);
  form_->setContentsMargins(14, 2, 0, 6);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form_->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  form_->setHorizontalSpacing(10);
  form_->setVerticalSpacing(4);
  v->addWidget(header_);
  v->addWidget(body_);
  auto it = state_->expanded.find(key_);
  setExpanded(it != state_->expanded.end() ? it->second : defaultExpanded);
  connect(toggle_, &QToolButton::clicked, this, [this] {
    setExpanded(!isExpanded());
    state_->expanded[key_] = isExpanded();
  });
}

void Section::setSummary(const QString& summary) { summary_->setText(summary); }

QString Section::summary() const { return summary_->text(); }

QToolButton* Section::addHeaderButton(const QString& text, const QString& toolTip) {
  auto* b = smallButton(text, toolTip, header_);
  header_->layout()->addWidget(b);
  return b;
}

void Section::setExpanded(bool expanded) {
  toggle_->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
  body_->setVisible(expanded);
}

bool Section::isExpanded() const { return !body_->isHidden(); }

void Section::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QPalette& pal = palette();
  QColor band = pal.color(QPalette::Window);
  band = isLight(pal) ? band.darker(106) : band.lighter(125);
  p.fillRect(header_->geometry(), band);
  if (isExpanded()) {
    QColor rule = pal.color(QPalette::Mid);
    p.setPen(QPen(rule, 1));
    const QRect b = body_->geometry();
    const int x = b.left() + 6;
    p.drawLine(x, b.top() + 2, x, b.bottom() - 4);
  }
}

// --- FlowLayout ---

FlowLayout::FlowLayout(QWidget* parent, int spacing) : QLayout(parent), spacing_(spacing) {
  setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout() {
  for (QLayoutItem* item : items_) delete item;
}

void FlowLayout::addItem(QLayoutItem* item) { items_.push_back(item); }

QLayoutItem* FlowLayout::itemAt(int index) const {
  return index >= 0 && index < count() ? items_[static_cast<size_t>(index)] : nullptr;
}

QLayoutItem* FlowLayout::takeAt(int index) {
  if (index < 0 || index >= count()) return nullptr;
  QLayoutItem* item = items_[static_cast<size_t>(index)];
  items_.erase(items_.begin() + index);
  return item;
}

QSize FlowLayout::minimumSize() const {
  QSize size;
  for (const QLayoutItem* item : items_) size = size.expandedTo(item->minimumSize());
  const QMargins m = contentsMargins();
  return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect& rect) {
  QLayout::setGeometry(rect);
  layoutItems(rect, false);
}

int FlowLayout::layoutItems(const QRect& rect, bool dryRun) const {
  const QMargins m = contentsMargins();
  const QRect area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom());
  int x = area.x(), y = area.y(), lineHeight = 0;
  for (QLayoutItem* item : items_) {
    if (item->widget() && item->widget()->isHidden()) continue;
    const QSize hint = item->sizeHint();
    if (x + hint.width() > area.right() + 1 && lineHeight > 0) {
      x = area.x();
      y += lineHeight + spacing_;
      lineHeight = 0;
    }
    if (!dryRun) item->setGeometry(QRect(QPoint(x, y), hint));
    x += hint.width() + spacing_;
    lineHeight = std::max(lineHeight, hint.height());
  }
  return y + lineHeight - rect.y() + m.bottom();
}

// --- YamlEdit ---

YamlEdit::YamlEdit(QWidget* parent) : QPlainTextEdit(parent) {
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  setTabChangesFocus(true);
  setLineWrapMode(QPlainTextEdit::NoWrap);
  const int lines = 5;
  setFixedHeight(fontMetrics().lineSpacing() * lines + 2 * frameWidth() +
                 static_cast<int>(document()->documentMargin() * 2));
}

void YamlEdit::focusOutEvent(QFocusEvent* event) {
  QPlainTextEdit::focusOutEvent(event);
  emit editingFinished();
}

QString valueToYaml(const model::Value& value) {
  if (value.isNull()) return {};
  YAML::Emitter e;
  istio::ModelWriter(e).write(value);
  return QString::fromUtf8(e.c_str());
}

std::optional<model::Value> valueFromYaml(const QString& text, QString* error) {
  if (text.trimmed().isEmpty()) return model::Value{};
  try {
    const YAML::Node node = YAML::Load(text.toStdString());
    model::Resource scratch;
    model::Diagnostics diagnostics;
    istio::ReadContext ctx("", 0, 0, scratch, diagnostics);
    return ctx.value(node);
  } catch (const YAML::Exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return std::nullopt;
  }
}

// --- scalar editors ---

QWidget* makeStringEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<std::string> get,
                          Setter<std::string> set) {
  const std::optional<std::string> initial = get(ctx->snapshot());
  if (!spec.info.choices.isEmpty()) {
    auto* combo = new QComboBox;
    guardWheel(combo);
    tagEditor(combo, spec);
    const QString unset = spec.info.unsetText.isEmpty() ? QObject::tr("unset")
                                                        : QObject::tr("unset (%1)").arg(spec.info.unsetText);
    auto show = [combo, spec, unset](const std::optional<std::string>& value) {
      const QSignalBlocker block(combo);
      combo->clear();
      combo->addItem(unset);
      combo->setItemData(0, mutedTextColor(combo->palette()), Qt::ForegroundRole);
      combo->addItems(spec.info.choices);
      if (!value) return combo->setCurrentIndex(0);
      const QString v = QString::fromStdString(*value);
      int index = combo->findText(v, Qt::MatchExactly);
      if (index < 0) {  // a value the schema does not list: show it as it is
        combo->addItem(v);
        index = combo->count() - 1;
      }
      combo->setCurrentIndex(index);
    };
    show(initial);
    QObject::connect(combo, &QComboBox::currentIndexChanged, combo, [ctx, spec, set, combo](int index) {
      commitValue<std::string>(ctx, spec, set,
                               index <= 0 ? std::nullopt : std::optional(combo->itemText(index).toStdString()));
    });
    ctx->addRefresher([combo = QPointer(combo), get, show](model::Resource& r) {
      if (!combo) return;
      const auto value = get(r);
      const QString now = combo->currentIndex() <= 0 ? QString() : combo->currentText();
      if (value.value_or("") != now.toStdString() || (combo->currentIndex() <= 0) != !value) show(value);
    });
    return combo;
  }

  auto* edit = new QLineEdit;
  tagEditor(edit, spec);
  attachHostCompleter(edit, ctx->kind(), spec.path, ctx->document());
  edit->setText(QString::fromStdString(initial.value_or("")));
  edit->setCursorPosition(0);  // long values show their beginning
  QString placeholder = spec.info.unsetText;
  if (spec.info.duration && placeholder.isEmpty()) placeholder = QObject::tr("e.g. 250ms, 1.5s, 1m");
  edit->setPlaceholderText(placeholder);
  const QString normalTip = fieldToolTip(spec);
  auto check = [edit, spec, normalTip](const QString& text) {
    if (!spec.info.duration) return true;
    const bool ok = isValidDuration(spec.info, text);
    setInvalid(edit, ok ? QString()
                        : QObject::tr("\"%1\" is not a duration: write it like 250ms, 1.5s or 1m30s%2")
                              .arg(text.trimmed(), spec.info.durationWords.isEmpty()
                                                       ? QString()
                                                       : QObject::tr(", or %1").arg(spec.info.durationWords.join(", "))),
               normalTip);
    return ok;
  };
  QObject::connect(edit, &QLineEdit::textChanged, edit, check);
  QObject::connect(edit, &QLineEdit::editingFinished, edit, [ctx, spec, set, edit, check] {
    const QString text = edit->text().trimmed();
    if (!check(text)) return;  // an invalid value is not committed; the editor stays red
    edit->setModified(false);
    commitValue<std::string>(ctx, spec, set,
                             text.isEmpty() ? std::nullopt : std::optional(text.toStdString()));
  });
  ctx->addRefresher([edit = QPointer(edit), get, check](model::Resource& r) {
    if (!edit || (edit->hasFocus() && edit->isModified())) return;
    const QString text = QString::fromStdString(get(r).value_or(""));
    if (edit->text() != text) {
      edit->setText(text);
      if (!edit->hasFocus()) edit->setCursorPosition(0);
      check(text);
    }
  });
  return edit;
}

QWidget* makeIntEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<std::int64_t> get,
                       Setter<std::int64_t> set) {
  auto* spin = new OptionalSpinBox;
  tagEditor(spin, spec);
  const double lo = spec.info.minimum.value_or(0), hi = spec.info.maximum.value_or(INT_MAX - 1);
  spin->setValueRange(static_cast<int>(std::max<double>(lo, INT_MIN + 1)),
                      static_cast<int>(std::min<double>(hi, INT_MAX - 1)));
  if (!spec.info.unsetText.isEmpty()) spin->setUnsetText(QObject::tr("unset (%1)").arg(spec.info.unsetText));
  spin->setOptionalValue(get(ctx->snapshot()));
  QObject::connect(spin, &QSpinBox::valueChanged, spin,
                   [ctx, spec, set, spin] { commitValue<std::int64_t>(ctx, spec, set, spin->optionalValue()); });
  ctx->addRefresher([spin = QPointer(spin), get](model::Resource& r) {
    if (!spin) return;
    const auto value = get(r);
    if (value == spin->optionalValue()) return;
    const QSignalBlocker block(spin.data());
    spin->setOptionalValue(value);
  });
  return spin;
}

QWidget* makeDoubleEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<double> get,
                          Setter<double> set) {
  auto* spin = new OptionalDoubleSpinBox;
  tagEditor(spin, spec);
  spin->setValueRange(spec.info.minimum.value_or(0), spec.info.maximum.value_or(1e9));
  if (!spec.info.unsetText.isEmpty()) spin->setUnsetText(QObject::tr("unset (%1)").arg(spec.info.unsetText));
  spin->setOptionalValue(get(ctx->snapshot()));
  QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin,
                   [ctx, spec, set, spin] { commitValue<double>(ctx, spec, set, spin->optionalValue()); });
  ctx->addRefresher([spin = QPointer(spin), get](model::Resource& r) {
    if (!spin) return;
    const auto value = get(r);
    const auto shown = spin->optionalValue();
    if (value.has_value() == shown.has_value() && (!value || std::abs(*value - *shown) < 1e-9)) return;
    const QSignalBlocker block(spin.data());
    spin->setOptionalValue(value);
  });
  return spin;
}

QWidget* makeBoolEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<bool> get,
                        Setter<bool> set) {
  auto* box = new TriStateCheckBox;
  tagEditor(box, spec);
  if (!spec.info.unsetText.isEmpty()) box->setUnsetText(QObject::tr("unset (%1)").arg(spec.info.unsetText));
  box->setOptionalValue(get(ctx->snapshot()));
  QObject::connect(box, &QCheckBox::stateChanged, box,
                   [ctx, spec, set, box] { commitValue<bool>(ctx, spec, set, box->optionalValue()); });
  ctx->addRefresher([box = QPointer(box), get](model::Resource& r) {
    if (!box) return;
    const auto value = get(r);
    if (value == box->optionalValue()) return;
    const QSignalBlocker block(box.data());
    box->setOptionalValue(value);
  });
  return box;
}

QWidget* makeValueEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<model::Value> get,
                         Setter<model::Value> set) {
  auto* edit = new YamlEdit;
  tagEditor(edit, spec);
  edit->setPlaceholderText(QObject::tr("YAML"));
  edit->setPlainText(valueToYaml(get(ctx->snapshot()).value_or(model::Value{})));
  const QString normalTip = fieldToolTip(spec);
  QObject::connect(edit, &YamlEdit::editingFinished, edit, [ctx, spec, set, edit, normalTip] {
    QString error;
    const auto value = valueFromYaml(edit->toPlainText(), &error);
    setInvalid(edit, value ? QString() : QObject::tr("Not YAML: %1").arg(error), normalTip);
    if (!value) return;
    commitValue<model::Value>(ctx, spec, set, value->isNull() ? std::nullopt : value);
  });
  ctx->addRefresher([edit = QPointer(edit), get](model::Resource& r) {
    if (!edit || edit->hasFocus()) return;
    const QString text = valueToYaml(get(r).value_or(model::Value{}));
    if (edit->toPlainText() != text) edit->setPlainText(text);
  });
  return edit;
}

}  // namespace ms::studio
