#include "inspector/optional_inputs.h"

#include <QLineEdit>

#include <algorithm>
#include <climits>

#include "inspector/form_widgets.h"  // guardWheel

namespace ms::studio {

// --- OptionalSpinBox ---

OptionalSpinBox::OptionalSpinBox(QWidget* parent) : QSpinBox(parent) {
  guardWheel(this);
  setKeyboardTracking(false);
  setAccelerated(true);
  setUnsetText(tr("unset"));
  setValueRange(0, INT_MAX - 1);
}

void OptionalSpinBox::setValueRange(int minimum, int maximum) {
  setRange(minimum == INT_MIN ? INT_MIN : minimum - 1, maximum);
}

void OptionalSpinBox::setUnsetText(const QString& text) { lineEdit()->setPlaceholderText(text); }

void OptionalSpinBox::setOptionalValue(std::optional<std::int64_t> value) {
  if (!value) return setValue(minimum());
  setValue(static_cast<int>(std::clamp<std::int64_t>(*value, minimum() + 1, maximum())));
}

std::optional<std::int64_t> OptionalSpinBox::optionalValue() const {
  if (value() == minimum()) return std::nullopt;
  return value();
}

QValidator::State OptionalSpinBox::validate(QString& input, int&) const {
  const QString t = input.trimmed();
  if (t.isEmpty()) return QValidator::Acceptable;
  if (t == "-" || t == "+") return QValidator::Intermediate;
  bool ok = false;
  const qlonglong v = t.toLongLong(&ok);
  if (!ok) return QValidator::Invalid;
  return v > minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

int OptionalSpinBox::valueFromText(const QString& text) const {
  const QString t = text.trimmed();
  return t.isEmpty() ? minimum() : t.toInt();
}

QString OptionalSpinBox::textFromValue(int value) const {
  return value == minimum() ? QString() : QString::number(value);
}

// --- OptionalDoubleSpinBox ---

OptionalDoubleSpinBox::OptionalDoubleSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
  guardWheel(this);
  setKeyboardTracking(false);
  setDecimals(6);
  setUnsetText(tr("unset"));
  setValueRange(0, 1e9);
}

void OptionalDoubleSpinBox::setValueRange(double minimum, double maximum) {
  const double span = maximum - minimum;
  setRange(minimum - (span <= 1 ? 0.01 : 1), maximum);
  setSingleStep(span <= 1 ? 0.01 : span <= 100 ? 0.5 : 1);
}

void OptionalDoubleSpinBox::setUnsetText(const QString& text) { lineEdit()->setPlaceholderText(text); }

void OptionalDoubleSpinBox::setOptionalValue(std::optional<double> value) {
  if (!value) return setValue(minimum());
  setValue(std::clamp(*value, minimum() + 1e-9, maximum()));
}

std::optional<double> OptionalDoubleSpinBox::optionalValue() const {
  if (value() <= minimum()) return std::nullopt;
  return value();
}

QValidator::State OptionalDoubleSpinBox::validate(QString& input, int&) const {
  const QString t = input.trimmed();
  if (t.isEmpty()) return QValidator::Acceptable;
  if (t == "-" || t == "+" || t == "." || t == "-.") return QValidator::Intermediate;
  bool ok = false;
  const double v = t.toDouble(&ok);
  if (!ok) return t.endsWith('e') || t.endsWith("e-") ? QValidator::Intermediate : QValidator::Invalid;
  return v > minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

double OptionalDoubleSpinBox::valueFromText(const QString& text) const {
  const QString t = text.trimmed();
  return t.isEmpty() ? minimum() : t.toDouble();
}

QString OptionalDoubleSpinBox::textFromValue(double value) const {
  return value <= minimum() ? QString() : QString::number(value, 'g', 12);
}

// --- TriStateCheckBox ---

TriStateCheckBox::TriStateCheckBox(QWidget* parent) : QCheckBox(parent), unsetText_(tr("unset")) {
  setTristate(true);
  setCheckState(Qt::PartiallyChecked);
  connect(this, &QCheckBox::stateChanged, this, [this] { updateText(); });
  updateText();
}

void TriStateCheckBox::setOptionalValue(std::optional<bool> value) {
  setCheckState(!value ? Qt::PartiallyChecked : *value ? Qt::Checked : Qt::Unchecked);
  updateText();
}

std::optional<bool> TriStateCheckBox::optionalValue() const {
  switch (checkState()) {
    case Qt::Checked: return true;
    case Qt::Unchecked: return false;
    default: return std::nullopt;
  }
}

void TriStateCheckBox::nextCheckState() {
  // unset -> true -> false -> unset
  setCheckState(checkState() == Qt::PartiallyChecked ? Qt::Checked
                : checkState() == Qt::Checked        ? Qt::Unchecked
                                                     : Qt::PartiallyChecked);
}

void TriStateCheckBox::updateText() {
  const auto v = optionalValue();
  setText(!v ? unsetText_ : *v ? QStringLiteral("true") : QStringLiteral("false"));
}

}  // namespace ms::studio
