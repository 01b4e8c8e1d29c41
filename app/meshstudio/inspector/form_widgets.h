#pragma once
// The widgets the inspector's forms are made of, and the editors for scalar fields. Editors
// read and write their field through type-erased getters and setters, so that the templates
// in form_builder.h stay thin.
#include <QFormLayout>
#include <QLayout>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "inspector/field_info.h"
#include "inspector/form_context.h"
#include "inspector/optional_inputs.h"
#include "model/value.h"

class QFormLayout;
class QLabel;
class QLineEdit;

namespace ms::studio {

// The property every field editor carries: its YAML path ("spec.http[0].timeout"). Tests and
// focus restoration find editors by it (it is also their objectName).
inline constexpr const char* kFieldPathProperty = "msFieldPath";

class ElidedLabel;

// A collapsible group: a header (arrow, title, summary, buttons) over a form.
class Section : public QWidget {
  Q_OBJECT
 public:
  Section(const QString& title, const std::string& expandKey, FormState* state,
          bool defaultExpanded, QWidget* parent = nullptr);
  QFormLayout* form() const { return form_; }
  QWidget* body() const { return body_; }
  void setSummary(const QString& summary);
  QString summary() const;
  QToolButton* addHeaderButton(const QString& text, const QString& toolTip);
  void setExpanded(bool expanded);
  bool isExpanded() const;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QWidget* header_;
  QToolButton* toggle_;
  ElidedLabel* summary_;
  QWidget* body_;
  QFormLayout* form_;
  std::string key_;
  FormState* state_;
};

// Lays its items out left to right, wrapping like text (the "+ field" chips).
class FlowLayout : public QLayout {
 public:
  explicit FlowLayout(QWidget* parent = nullptr, int spacing = 4);
  ~FlowLayout() override;
  void addItem(QLayoutItem* item) override;
  int count() const override { return static_cast<int>(items_.size()); }
  QLayoutItem* itemAt(int index) const override;
  QLayoutItem* takeAt(int index) override;
  Qt::Orientations expandingDirections() const override { return {}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override { return layoutItems(QRect(0, 0, width, 0), true); }
  QSize sizeHint() const override { return minimumSize(); }
  QSize minimumSize() const override;
  void setGeometry(const QRect& rect) override;

 private:
  int layoutItems(const QRect& rect, bool dryRun) const;
  std::vector<QLayoutItem*> items_;
  int spacing_;
};

// A small YAML box for free-form values; emits editingFinished when it loses focus.
class YamlEdit : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit YamlEdit(QWidget* parent = nullptr);
 signals:
  void editingFinished();

 protected:
  void focusOutEvent(QFocusEvent* event) override;
};

// Marks an editor invalid (red frame, the reason as tooltip) or valid again.
void setInvalid(QWidget* editor, const QString& reason, const QString& normalToolTip);

struct FieldSpec {
  std::string path;        // "spec.http[0].timeout"
  std::string schemaPath;  // "spec.http.timeout"
  QString name;            // "timeout"
  bool required = false;
  FieldInfo info;
};

template <class S> using Getter = std::function<std::optional<S>(model::Resource&)>;
// Returns false when the value did not change (or the field is gone).
template <class S> using Setter = std::function<bool(model::Resource&, const std::optional<S>&)>;

using ContextPtr = std::shared_ptr<FormContext>;

// The tooltip of a field: its description, its YAML path, whether it is required.
QString fieldToolTip(const FieldSpec& spec);
// The label of a field in a form (required fields get a marker).
QLabel* fieldLabel(const FieldSpec& spec);
// A labelled row of `form` holding a column for a field's items or entries,
// named and tooltipped after the field; returns the column to fill.
QVBoxLayout* addColumnRow(QFormLayout* form, const FieldSpec& spec);

// Editors for one scalar field. Each commits through the context ("Set <path>").
QWidget* makeStringEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<std::string> get,
                          Setter<std::string> set);
QWidget* makeIntEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<std::int64_t> get,
                       Setter<std::int64_t> set);
QWidget* makeDoubleEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<double> get,
                          Setter<double> set);
QWidget* makeBoolEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<bool> get,
                        Setter<bool> set);
QWidget* makeValueEditor(const ContextPtr& ctx, const FieldSpec& spec, Getter<model::Value> get,
                         Setter<model::Value> set);

// YAML text of a free-form value and back; nullopt when the text does not read.
QString valueToYaml(const model::Value& value);
std::optional<model::Value> valueFromYaml(const QString& text, QString* error);

// Wheel events reach `w` only while it has focus, so scrolling the form never changes a value.
void guardWheel(QWidget* w);

// A small flat button ("+ retries", "↑", "✕").
QToolButton* smallButton(const QString& text, const QString& toolTip, QWidget* parent = nullptr);

// Text colour for secondary information, readable in light and dark palettes.
QColor mutedTextColor(const QPalette& palette);

}  // namespace ms::studio
