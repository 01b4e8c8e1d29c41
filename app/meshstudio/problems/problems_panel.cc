#include "problems/problems_panel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "document/design_document.h"

namespace ms::studio {

namespace {

enum Column { LevelColumn, CodeColumn, MessageColumn, ObjectColumn, LineColumn };
constexpr int kIndexRole = Qt::UserRole + 1;
constexpr int kLevelRole = Qt::UserRole + 2;

// Errors sort before warnings before information, not alphabetically.
class ProblemItem : public QTreeWidgetItem {
 public:
  using QTreeWidgetItem::QTreeWidgetItem;
  bool operator<(const QTreeWidgetItem& other) const override {
    const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
    if (column != LevelColumn) return QTreeWidgetItem::operator<(other);
    const int a = data(0, kLevelRole).toInt(), b = other.data(0, kLevelRole).toInt();
    return a != b ? a < b : data(0, kIndexRole).toInt() < other.data(0, kIndexRole).toInt();
  }
};

QToolButton* filterButton(QWidget* parent) {
  auto* b = new QToolButton(parent);
  b->setCheckable(true);
  b->setChecked(true);
  b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  b->setAutoRaise(true);
  return b;
}

}  // namespace

QIcon ProblemsPanel::levelIcon(model::Level level) {
  QStyle* s = QApplication::style();
  switch (level) {
    case model::Level::Error: return s->standardIcon(QStyle::SP_MessageBoxCritical);
    case model::Level::Warning: return s->standardIcon(QStyle::SP_MessageBoxWarning);
    case model::Level::Info: return s->standardIcon(QStyle::SP_MessageBoxInformation);
  }
  return {};
}

QString ProblemsPanel::refOf(const model::Diagnostic& d) {
  if (d.kind.empty() || d.name.empty()) return {};
  return QString::fromStdString(d.kind + "/" + (d.namespace_.empty() ? "default" : d.namespace_) + "/" + d.name);
}

ProblemsPanel::ProblemsPanel(DesignDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      list_(new QTreeWidget(this)),
      errors_(filterButton(this)),
      warnings_(filterButton(this)),
      infos_(filterButton(this)),
      search_(new QLineEdit(this)) {
  errors_->setIcon(levelIcon(model::Level::Error));
  warnings_->setIcon(levelIcon(model::Level::Warning));
  infos_->setIcon(levelIcon(model::Level::Info));
  errors_->setToolTip(tr("Show errors"));
  warnings_->setToolTip(tr("Show warnings"));
  infos_->setToolTip(tr("Show information"));
  search_->setPlaceholderText(tr("Filter by code, message or object"));
  search_->setClearButtonEnabled(true);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 2, 4, 0);
  bar->addWidget(errors_);
  bar->addWidget(warnings_);
  bar->addWidget(infos_);
  bar->addStretch();
  bar->addWidget(search_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(bar);
  layout->addWidget(list_);

  list_->setHeaderLabels({tr("Level"), tr("Code"), tr("Message"), tr("Object"), tr("Line")});
  list_->setRootIsDecorated(false);
  list_->setUniformRowHeights(true);
  list_->setAlternatingRowColors(true);
  list_->setSortingEnabled(true);
  list_->sortByColumn(LevelColumn, Qt::AscendingOrder);
  list_->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
  list_->header()->setStretchLastSection(false);
  for (int c : {LevelColumn, CodeColumn, ObjectColumn, LineColumn})
    list_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

  for (auto* b : {errors_, warnings_, infos_}) connect(b, &QToolButton::toggled, this, &ProblemsPanel::applyFilter);
  connect(search_, &QLineEdit::textChanged, this, &ProblemsPanel::applyFilter);
  connect(list_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
    const int i = item->data(0, kIndexRole).toInt();
    if (i >= 0 && i < static_cast<int>(shown_.size())) emit diagnosticActivated(shown_[static_cast<size_t>(i)]);
  });
  connect(list_, &QTreeWidget::itemClicked, list_, &QTreeWidget::itemActivated);
  connect(document_, &DesignDocument::diagnosticsChanged, this, &ProblemsPanel::rebuild);
  rebuild();
}

void ProblemsPanel::rebuild() {
  shown_ = document_->diagnostics();
  list_->setSortingEnabled(false);
  list_->clear();
  int counts[3] = {0, 0, 0};
  for (size_t i = 0; i < shown_.size(); ++i) {
    const auto& d = shown_[i];
    ++counts[static_cast<int>(d.level)];
    auto* item = new ProblemItem(list_);
    item->setIcon(LevelColumn, levelIcon(d.level));
    item->setText(LevelColumn, model::levelName(d.level));
    item->setData(0, kLevelRole, static_cast<int>(d.level));
    item->setText(CodeColumn, QString::fromStdString(d.code));
    item->setText(MessageColumn, QString::fromStdString(d.message));
    item->setToolTip(MessageColumn, QString::fromStdString(d.message));
    item->setText(ObjectColumn, refOf(d));
    if (d.where.line > 0) item->setData(LineColumn, Qt::DisplayRole, d.where.line);
    item->setData(0, kIndexRole, static_cast<int>(i));
  }
  list_->setSortingEnabled(true);
  errors_->setText(tr("%n error(s)", nullptr, counts[0]));
  warnings_->setText(tr("%n warning(s)", nullptr, counts[1]));
  infos_->setText(tr("%n info", nullptr, counts[2]));
  applyFilter();
  emit countsChanged(counts[0], counts[1], counts[2]);
}

void ProblemsPanel::applyFilter() {
  const QString needle = search_->text().trimmed();
  for (int i = 0; i < list_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = list_->topLevelItem(i);
    const auto& d = shown_[static_cast<size_t>(item->data(0, kIndexRole).toInt())];
    const bool levelShown = (d.level == model::Level::Error && errors_->isChecked()) ||
                            (d.level == model::Level::Warning && warnings_->isChecked()) ||
                            (d.level == model::Level::Info && infos_->isChecked());
    const bool matches = needle.isEmpty() || item->text(CodeColumn).contains(needle, Qt::CaseInsensitive) ||
                         item->text(MessageColumn).contains(needle, Qt::CaseInsensitive) ||
                         item->text(ObjectColumn).contains(needle, Qt::CaseInsensitive);
    item->setHidden(!(levelShown && matches));
  }
}

int ProblemsPanel::shownCount() const {
  int n = 0;
  for (int i = 0; i < list_->topLevelItemCount(); ++i) n += list_->topLevelItem(i)->isHidden() ? 0 : 1;
  return n;
}

}  // namespace ms::studio
