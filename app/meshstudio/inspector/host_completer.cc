#include "inspector/host_completer.h"

#include <QCompleter>
#include <QEvent>
#include <QLineEdit>
#include <QStringListModel>

#include <set>

#include "document/design_document.h"
#include "model/destination_rule.h"
#include "model/service_registry.h"

namespace ms::studio {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

QString shortName(const QString& host) { return host.section('.', 0, 0); }

// Recomputes the suggestions whenever the editor gains focus, so they follow the design.
class RefreshOnFocus : public QObject {
 public:
  RefreshOnFocus(QLineEdit* edit, std::function<QStringList()> suggestions)
      : QObject(edit), model_(new QStringListModel(this)), suggestions_(std::move(suggestions)) {
    auto* completer = new QCompleter(model_, edit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    edit->setCompleter(completer);
    edit->installEventFilter(this);
  }
  bool eventFilter(QObject*, QEvent* e) override {
    if (e->type() == QEvent::FocusIn) model_->setStringList(suggestions_());
    return false;
  }

 private:
  QStringListModel* model_;
  std::function<QStringList()> suggestions_;
};

}  // namespace

bool isHostField(const std::string& path) {
  return path == "spec.host" || endsWith(path, "destination.host") || endsWith(path, "mirror.host") ||
         path.rfind("spec.hosts[", 0) == 0;
}

bool isSubsetField(const std::string& path) {
  return endsWith(path, "destination.subset") || endsWith(path, "mirror.subset");
}

QStringList hostSuggestions(const model::Mesh& mesh) {
  std::set<QString> hosts;
  const model::ServiceRegistry registry(mesh);
  for (const auto& s : registry.services()) {
    if (!s.external && !s.name.empty()) hosts.insert(QString::fromStdString(s.name));
    if (!s.host.empty()) hosts.insert(QString::fromStdString(s.host));
  }
  return {hosts.begin(), hosts.end()};
}

QStringList subsetSuggestions(const model::Mesh& mesh, const QString& host) {
  std::set<QString> subsets;
  for (const auto& r : mesh.resources) {
    const auto* dr = r.as<model::DestinationRule>();
    if (!dr || !dr->host || shortName(QString::fromStdString(*dr->host)) != shortName(host.trimmed())) continue;
    for (const auto& s : dr->subsets)
      if (s.name) subsets.insert(QString::fromStdString(*s.name));
  }
  return {subsets.begin(), subsets.end()};
}

bool attachHostCompleter(QLineEdit* edit, const std::string& kind, const std::string& path,
                         const DesignDocument* document) {
  // A ServiceEntry's and a Gateway's hosts define names rather than refer to them.
  const bool refers = kind == "VirtualService" || kind == "DestinationRule";
  if (refers && isHostField(path)) {
    new RefreshOnFocus(edit, [document] { return hostSuggestions(document->mesh()); });
    return true;
  }
  if (refers && isSubsetField(path)) {
    const QString hostPath = QString::fromStdString(path.substr(0, path.size() - 6) + "host");
    new RefreshOnFocus(edit, [document, edit, hostPath] {
      // The nearest form around the editor holds its destination's host editor.
      for (QWidget* w = edit->parentWidget(); w; w = w->parentWidget())
        if (const auto* host = w->findChild<QLineEdit*>(hostPath)) return subsetSuggestions(document->mesh(), host->text());
      return QStringList();
    });
    return true;
  }
  return false;
}

}  // namespace ms::studio
