#include "window/start_page.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "window/samples.h"

namespace ms::studio {

namespace {

QLabel* heading(const QString& text, int pointDelta, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setPointSizeF(f.pointSizeF() + pointDelta);
  f.setWeight(QFont::DemiBold);
  l->setFont(f);
  return l;
}

QPushButton* sampleCard(const SampleDesign& s, QWidget* parent) {
  auto* b = new QPushButton(parent);
  b->setObjectName("sampleCard");
  b->setToolTip(s.path);
  b->setMinimumSize(260, 96);
  b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  auto* layout = new QVBoxLayout(b);
  layout->setContentsMargins(12, 8, 12, 8);
  auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(s.name.toHtmlEscaped()), b);
  auto* text = new QLabel(s.title.toHtmlEscaped(), b);
  text->setWordWrap(true);
  text->setForegroundRole(QPalette::PlaceholderText);
  for (auto* l : {title, text}) l->setAttribute(Qt::WA_TransparentForMouseEvents);
  layout->addWidget(title);
  layout->addWidget(text, 1);
  return b;
}

}  // namespace

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
  auto* content = new QWidget;
  auto* column = new QVBoxLayout(content);
  column->setContentsMargins(48, 36, 48, 36);
  column->setSpacing(14);
  column->addWidget(heading(tr("MeshStudio"), 14, content));
  auto* tagline = new QLabel(tr("Design a service mesh, run it on this machine with real sidecars, and export Istio YAML."));
  tagline->setWordWrap(true);
  column->addWidget(tagline);

  auto* actions = new QHBoxLayout;
  auto* newButton = new QPushButton(tr("New design"));
  auto* openButton = new QPushButton(tr("Open…"));
  auto* importButton = new QPushButton(tr("Import Istio YAML folder…"));
  for (auto* b : {newButton, openButton, importButton}) actions->addWidget(b);
  actions->addStretch();
  column->addLayout(actions);
  connect(newButton, &QPushButton::clicked, this, &StartPage::newDesign);
  connect(openButton, &QPushButton::clicked, this, &StartPage::openDialog);
  connect(importButton, &QPushButton::clicked, this, &StartPage::importDialog);

  column->addSpacing(10);
  column->addWidget(heading(tr("Samples"), 3, content));
  auto* grid = new QGridLayout;
  grid->setSpacing(10);
  const auto samples = listSamples(samplesFolder());
  for (int i = 0; i < samples.size(); ++i) {
    auto* card = sampleCard(samples[i], content);
    connect(card, &QPushButton::clicked, this, [this, path = samples[i].path] { emit openPath(path); });
    grid->addWidget(card, i / 3, i % 3);
  }
  if (samples.isEmpty()) grid->addWidget(new QLabel(tr("No samples found in %1").arg(samplesFolder())), 0, 0);
  column->addLayout(grid);

  column->addSpacing(10);
  column->addWidget(heading(tr("Recent"), 3, content));
  recent_ = new QVBoxLayout;
  column->addLayout(recent_);
  column->addStretch();

  auto* scroll = new QScrollArea(this);
  scroll->setWidget(content);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll);
}

void StartPage::setRecentFiles(const QStringList& files) {
  while (QLayoutItem* item = recent_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  if (files.isEmpty()) recent_->addWidget(new QLabel(tr("Designs you open appear here.")));
  for (const QString& f : files) {
    auto* link = new QLabel(QStringLiteral("<a href=\"%1\">%2</a> <span style='color:gray'>%3</span>")
                                .arg(f.toHtmlEscaped(), QFileInfo(f).fileName().toHtmlEscaped(),
                                     QFileInfo(f).absolutePath().toHtmlEscaped()));
    connect(link, &QLabel::linkActivated, this, &StartPage::openPath);
    recent_->addWidget(link);
  }
}

}  // namespace ms::studio
