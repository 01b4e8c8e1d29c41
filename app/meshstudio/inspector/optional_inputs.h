#pragma once
// Inputs for a value that may be unset: spin boxes whose lowest value means
// "unset", and a check box that cycles unset / true / false. The inspector's
// scalar editors are built on them.
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QString>

#include <cstdint>
#include <optional>

namespace ms::studio {

// A spin box whose lowest value means "unset" (shown empty, with a placeholder); clearing the
// text unsets it too. Wheel events only reach it while it has focus, so scrolling the form
// never changes a value.
class OptionalSpinBox : public QSpinBox {
  Q_OBJECT
 public:
  explicit OptionalSpinBox(QWidget* parent = nullptr);
  void setValueRange(int minimum, int maximum);  // minimum - 1 is "unset"
  void setOptionalValue(std::optional<std::int64_t> value);
  std::optional<std::int64_t> optionalValue() const;
  void setUnsetText(const QString& text);

 protected:
  QValidator::State validate(QString& input, int& pos) const override;
  int valueFromText(const QString& text) const override;
  QString textFromValue(int value) const override;
};

class OptionalDoubleSpinBox : public QDoubleSpinBox {
  Q_OBJECT
 public:
  explicit OptionalDoubleSpinBox(QWidget* parent = nullptr);
  void setValueRange(double minimum, double maximum);
  void setOptionalValue(std::optional<double> value);
  std::optional<double> optionalValue() const;
  void setUnsetText(const QString& text);

 protected:
  QValidator::State validate(QString& input, int& pos) const override;
  double valueFromText(const QString& text) const override;
  QString textFromValue(double value) const override;
};

// Unset / true / false, in that cycle; the text says which.
class TriStateCheckBox : public QCheckBox {
  Q_OBJECT
 public:
  explicit TriStateCheckBox(QWidget* parent = nullptr);
  void setOptionalValue(std::optional<bool> value);
  std::optional<bool> optionalValue() const;
  void setUnsetText(const QString& text) { unsetText_ = text; updateText(); }

 protected:
  void nextCheckState() override;

 private:
  void updateText();
  QString unsetText_;
};

}  // namespace ms::studio
