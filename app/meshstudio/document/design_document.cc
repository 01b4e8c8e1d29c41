#include "document/design_document.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <QtConcurrent/QtConcurrentRun>

#include "istio/importer.h"
#include "model/kind.h"

namespace ms::studio {

DesignDocument::DesignDocument(QObject* parent) : QObject(parent) {
  undo_.setUndoLimit(1000);
  connect(&parse_, &QFutureWatcher<ParsedDesign>::finished, this, &DesignDocument::parseFinished);
  connect(&undo_, &QUndoStack::cleanChanged, this, [this] { emit filePathChanged(); });
}

DesignDocument::~DesignDocument() { parse_.waitForFinished(); }

std::string DesignDocument::refOf(const model::Resource& r) {
  return r.kindName + "/" + r.meta.namespace_ + "/" + r.meta.name;
}

int DesignDocument::lineOf(const std::string& ref) const {
  // Lines of an older text would put the cursor on the wrong object: none until the parse is in.
  if (lastParsed_.text != (draft_.empty() ? text_ : draft_)) return 0;
  const auto it = lastParsed_.lines.find(ref);
  return it == lastParsed_.lines.end() ? 0 : it->second;
}

int DesignDocument::indexOf(const std::string& ref) const {
  for (size_t i = 0; i < mesh_.resources.size(); ++i)
    if (refOf(mesh_.resources[i]) == ref) return static_cast<int>(i);
  return -1;
}

void DesignDocument::edit(const QString& description, std::vector<ResourceOp> ops, int mergeId,
                          const std::string& mergeKey, std::optional<std::string> textAfter) {
  undo_.push(new MeshEditCommand(this, description, std::move(ops), std::move(textAfter), mergeId, mergeKey));
}

void DesignDocument::replaceResource(int index, model::Resource value, const QString& description, int mergeId,
                                     const std::string& mergeKey) {
  std::vector<ResourceOp> ops(1);
  ops[0].type = ResourceOp::Replace;
  ops[0].index = index;
  ops[0].value = std::move(value);
  edit(description, std::move(ops), mergeId, mergeKey);
}

void DesignDocument::addResource(model::Resource value, const QString& description) {
  std::vector<ResourceOp> ops(1);
  ops[0].type = ResourceOp::Insert;
  ops[0].index = static_cast<int>(mesh_.resources.size());
  ops[0].value = std::move(value);
  edit(description, std::move(ops));
}

void DesignDocument::removeResources(std::vector<int> indexes, const QString& description) {
  std::sort(indexes.rbegin(), indexes.rend());  // erase from the back so indexes stay valid
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  std::vector<ResourceOp> ops;
  for (int i : indexes) {
    ResourceOp op;
    op.type = ResourceOp::Erase;
    op.index = i;
    ops.push_back(std::move(op));
  }
  if (!ops.empty()) edit(description, std::move(ops));
}

void DesignDocument::setText(const std::string& text) {
  if (text == text_) {  // typed back to what the model reads as: nothing to apply
    if (!draft_.empty()) draft_.clear(), emit textChanged(), requestParse(text_, false);
    return;
  }
  draft_ = text;
  requestParse(text, true);
}

void DesignDocument::commandApplied(const std::optional<std::string>& text) {
  text_ = text ? *text : designText(mesh_);
  draft_.clear();
  emit meshChanged();
  emit textChanged();
  if (text_ == lastParsed_.text) {
    diagnostics_ = lastParsed_.diagnostics;
    emit diagnosticsChanged();
  } else {
    requestParse(text_, false);
  }
}

void DesignDocument::requestParse(const std::string& text, bool fromUser) {
  pending_ = ParseRequest{text, fromUser};
  if (!parse_.isRunning()) startParse();
}

void DesignDocument::startParse() {
  if (!pending_) return;
  running_ = *pending_;
  pending_.reset();
  parse_.setFuture(QtConcurrent::run(parseDesign, running_.text, diagnosticsFile()));
}

void DesignDocument::parseFinished() {
  ParsedDesign parsed = parse_.result();
  if (pending_) return startParse();  // a newer text is waiting; this result is stale
  lastParsed_ = {running_.text, parsed.diagnostics, objectLines(parsed.mesh)};
  if (running_.fromUser && parsed.complete && running_.text == draft_) {
    std::vector<ResourceOp> ops(1);
    ops[0].type = ResourceOp::ReplaceAll;
    ops[0].all = std::move(parsed.mesh.resources);
    edit(tr("Edit YAML"), std::move(ops), NoMerge, {}, running_.text);
    return;  // commandApplied() takes the diagnostics from lastParsed_
  }
  diagnostics_ = std::move(parsed.diagnostics);
  if (running_.fromUser && !parsed.complete) emit textRejected();
  emit diagnosticsChanged();
}

void DesignDocument::waitForDiagnostics() {
  while (parse_.isRunning() || pending_) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  QCoreApplication::processEvents();
}

std::string DesignDocument::diagnosticsFile() const {
  return (filePath_.isEmpty() ? QStringLiteral("untitled.mesh.yaml") : QFileInfo(filePath_).fileName()).toStdString();
}

QString DesignDocument::displayName() const {
  return filePath_.isEmpty() ? tr("Untitled") : QFileInfo(filePath_).fileName();
}

// --- canvas positions, kept in the MeshDesign so they survive save and load ---

std::map<std::string, QPointF> DesignDocument::nodePositions() const {
  std::map<std::string, QPointF> out;
  if (const model::MeshDesign* d = mesh_.design())
    for (const auto& p : d->canvas)
      if (p.ref && p.x && p.y) out[*p.ref] = QPointF(*p.x, *p.y);
  return out;
}

void DesignDocument::setNodePositions(const std::map<std::string, QPointF>& positions) {
  int index = -1;
  for (size_t i = 0; i < mesh_.resources.size() && index < 0; ++i)
    if (mesh_.resources[i].kind == model::Kind::MeshDesign) index = static_cast<int>(i);
  model::Resource r;
  if (index >= 0) {
    r = mesh_.resources[static_cast<size_t>(index)];
  } else {
    r.kind = model::Kind::MeshDesign;
    r.kindName = "MeshDesign";
    r.apiVersion = model::preferredApiVersion("MeshDesign");
    r.meta.name = filePath_.isEmpty() ? "design" : QFileInfo(filePath_).baseName().toStdString();
    r.spec = model::MeshDesign{};
  }
  auto& canvas = r.as<model::MeshDesign>()->canvas;
  for (const auto& [ref, point] : positions) {
    auto it = std::find_if(canvas.begin(), canvas.end(), [&](const auto& p) { return p.ref == ref; });
    if (it == canvas.end()) it = canvas.insert(canvas.end(), model::CanvasPosition{ref, {}, {}});
    it->x = std::round(point.x());
    it->y = std::round(point.y());
  }
  const QString what = positions.size() == 1 ? tr("Move %1").arg(QString::fromStdString(positions.begin()->first))
                                             : tr("Move %n items", nullptr, static_cast<int>(positions.size()));
  if (index >= 0) replaceResource(index, std::move(r), what);
  else {
    std::vector<ResourceOp> ops(1);
    ops[0].type = ResourceOp::Insert;
    ops[0].index = 0;
    ops[0].value = std::move(r);
    edit(what, std::move(ops));
  }
}

// --- files ---

void DesignDocument::reset(model::Mesh mesh, std::string text, const std::string& draft) {
  parse_.waitForFinished();
  pending_.reset();
  undo_.clear();
  mesh_ = std::move(mesh);
  text_ = std::move(text);
  draft_ = draft;
  lastParsed_ = {};
  emit documentReplaced();
  emit meshChanged();
  emit textChanged();
  emit filePathChanged();
  requestParse(draft_.empty() ? text_ : draft_, !draft_.empty());
}

void DesignDocument::clear() {
  filePath_.clear();
  reset({}, {}, {});
}

bool DesignDocument::open(const QStringList& paths, QString* error) {
  if (paths.size() == 1 && QFileInfo(paths.front()).isFile()) {
    QFile f(paths.front());
    if (!f.open(QIODevice::ReadOnly)) return *error = tr("Cannot read %1: %2").arg(paths.front(), f.errorString()), false;
    const std::string text = f.readAll().toStdString();
    filePath_ = QFileInfo(paths.front()).absoluteFilePath();
    ParsedDesign parsed = parseDesign(text, diagnosticsFile());
    // A file that does not read completely opens as text, so the user can mend it.
    reset(std::move(parsed.mesh), parsed.complete ? text : std::string(), parsed.complete ? std::string() : text);
    return true;
  }
  std::vector<std::string> list;
  for (const auto& p : paths) list.push_back(p.toStdString());
  istio::ImportResult imported = istio::importPaths(list);
  if (imported.ioError) {
    for (const auto& d : imported.diagnostics)
      if (d.code == "MS0100" && d.level == model::Level::Error) return *error = QString::fromStdString(d.where.file + ": " + d.message), false;
  }
  filePath_.clear();  // an import becomes an untitled design; Save As names it
  std::string text = designText(imported.mesh);
  reset(std::move(imported.mesh), std::move(text), {});
  return true;
}

bool DesignDocument::saveAs(const QString& path, QString* error) {
  QSaveFile f(path);
  const std::string& text = draft_.empty() ? text_ : draft_;  // what the user sees, even if it does not read
  if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), static_cast<qint64>(text.size())) < 0 || !f.commit())
    return *error = tr("Cannot write %1: %2").arg(path, f.errorString()), false;
  filePath_ = QFileInfo(path).absoluteFilePath();
  undo_.setClean();
  emit filePathChanged();
  return true;
}

}  // namespace ms::studio
