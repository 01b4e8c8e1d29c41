#pragma once
// FormBuilder's editors for lists and maps (part of form_builder.h, which includes this file at
// its end): one Section or row per item or entry, with move up/down, remove and add buttons,
// map keys that can be renamed, every change one structural undo step.
#include "inspector/form_builder.h"

namespace ms::studio {

template <class I>
void FormBuilder::addStructList(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc,
                                const std::vector<I>& current, int depth) {
  if constexpr (kHasWeightSplit<I>) addWeightSplit<I>(t, spec, acc);
  const size_t n = current.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string path = spec.path + "[" + std::to_string(i) + "]";
    Section* s = newSection(QStringLiteral("%1[%2]").arg(spec.name).arg(i), path, depth,
                            depth < 1 || (depth < 2 && n == 1));
    s->setToolTip(fieldToolTip(spec));
    itemButtons<I>(acc, i, n, path, QObject::tr("Remove %1[%2]").arg(spec.name).arg(i),
                   [s](const QString& text, const QString& tip) { return s->addHeaderButton(text, tip); });
    auto item = itemAccessor<I>(acc, i);
    summarizeSection<I>(s, item);
    t.form->addRow(s);
    addFields<I>(s->form(), item, path, spec.schemaPath, depth + 1);
  }
  auto* add = addItemButton<I>(acc, spec, n, QObject::tr("+ %1").arg(spec.name));
  t.form->addRow(add);
}

template <class I>
void FormBuilder::addScalarList(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc,
                                const std::vector<I>& current) {
  QVBoxLayout* v = addColumnRow(t.form, spec);
  const size_t n = current.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string path = spec.path + "[" + std::to_string(i) + "]";
    FieldSpec itemSpec = spec;
    itemSpec.path = path;
    itemSpec.name = QStringLiteral("%1[%2]").arg(spec.name).arg(i);
    auto* row = new QHBoxLayout;
    row->setSpacing(1);
    row->addWidget(scalarEditor<I>(itemSpec, itemAccessor<I>(acc, i)), 1);
    for (QToolButton* b : itemButtons<I>(acc, i, n, path, QObject::tr("Remove"),
                                               [](const QString& text, const QString& tip) { return smallButton(text, tip); })) row->addWidget(b);
    v->addLayout(row);
  }
  auto* add = addItemButton<I>(acc, spec, n, QObject::tr("+ add"));
  v->addWidget(add, 0, Qt::AlignLeft);
}

template <class I>
std::vector<QToolButton*> FormBuilder::itemButtons(Accessor<std::vector<I>> acc, size_t i, size_t n,
                                                   const std::string& path, const QString& removeTip,
                                                   const ButtonMaker& make) {
  std::vector<QToolButton*> buttons;
  auto named = [&](QToolButton* b, const char* suffix) {
    b->setObjectName(QString::fromStdString(path + suffix));
    buttons.push_back(b);
    return b;
  };
  if (n > 1) {
    auto moveBy = [this, acc, i, path](int delta) {
      structural(QObject::tr("Move %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
        auto* list = acc(r);
        const long j = static_cast<long>(i) + delta;
        if (!list || j < 0 || j >= static_cast<long>(list->size()) || i >= list->size()) return false;
        std::swap((*list)[i], (*list)[static_cast<size_t>(j)]);
        return true;
      });
    };
    auto* up = named(make(QStringLiteral("\u2191"), QObject::tr("Move up")), ".up");
    auto* down = named(make(QStringLiteral("\u2193"), QObject::tr("Move down")), ".down");
    up->setEnabled(i > 0);
    down->setEnabled(i + 1 < n);
    QObject::connect(up, &QToolButton::clicked, up, [moveBy] { moveBy(-1); });
    QObject::connect(down, &QToolButton::clicked, down, [moveBy] { moveBy(1); });
  }
  auto* remove = named(make(QStringLiteral("\u2715"), removeTip), ".remove");
  QObject::connect(remove, &QToolButton::clicked, remove, [this, acc, i, path] {
    structural(QObject::tr("Remove %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
      auto* list = acc(r);
      if (!list || i >= list->size()) return false;
      list->erase(list->begin() + static_cast<long>(i));
      afterRemove(*list);
      return true;
    });
  });
  return buttons;
}

template <class I>
QToolButton* FormBuilder::addItemButton(Accessor<std::vector<I>> acc, const FieldSpec& spec, size_t n,
                                        const QString& text) {
  auto* add = smallButton(text, QObject::tr("Add an item to %1").arg(spec.name));
  add->setObjectName(QString::fromStdString(spec.path + ".add"));
  const std::string focus = spec.path + "[" + std::to_string(n) + "]";
  QObject::connect(add, &QToolButton::clicked, add, [this, acc, focus, path = spec.path] {
    structural(QObject::tr("Add to %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
      auto* list = acc(r);
      if (!list) return false;
      list->push_back(newItem(*list));
      afterAdd(*list);
      return true;
    }, focus);
  });
  return add;
}

template <class V>
QLineEdit* FormBuilder::mapKeyEditor(Accessor<std::map<std::string, V>> acc, const std::string& key,
                                     const FieldSpec& spec, const QString& tip, const char* focusSuffix) {
  auto* keyEdit = new QLineEdit(QString::fromStdString(key));
  keyEdit->setObjectName(QString::fromStdString(joinPath(spec.path, key) + ".key"));
  keyEdit->setToolTip(tip);
  QObject::connect(keyEdit, &QLineEdit::editingFinished, keyEdit,
                   [this, acc, key, keyEdit, tip, focusSuffix, mapPath = spec.path] {
    const std::string next = keyEdit->text().trimmed().toStdString();
    if (next == key) return setInvalid(keyEdit, {}, tip);
    auto* m = acc(ctx_->snapshot());
    if (next.empty() || (m && m->count(next)))
      return setInvalid(keyEdit, next.empty() ? QObject::tr("A key cannot be empty")
                                              : QObject::tr("The key is already used"), tip);
    setInvalid(keyEdit, {}, tip);
    structural(QObject::tr("Rename %1").arg(QString::fromStdString(joinPath(mapPath, key))),
               [&](model::Resource& r) {
      auto* map = acc(r);
      if (!map || !map->count(key) || map->count(next)) return false;
      auto node = map->extract(key);
      node.key() = next;
      map->insert(std::move(node));
      return true;
    }, joinPath(mapPath, next) + focusSuffix);
  });
  return keyEdit;
}

template <class V>
QToolButton* FormBuilder::entryRemoveButton(Accessor<std::map<std::string, V>> acc, const std::string& key,
                                            const std::string& path, QToolButton* remove) {
  remove->setObjectName(QString::fromStdString(path + ".remove"));
  remove->setToolTip(QObject::tr("Remove %1").arg(QString::fromStdString(key)));
  QObject::connect(remove, &QToolButton::clicked, remove, [this, acc, key, path] {
    structural(QObject::tr("Remove %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
      auto* map = acc(r);
      return map && map->erase(key) > 0;
    });
  });
  return remove;
}

template <class V>
QToolButton* FormBuilder::addEntryButton(Accessor<std::map<std::string, V>> acc, const FieldSpec& spec,
                                         const QString& text) {
  auto* add = smallButton(text, QObject::tr("Add an entry to %1").arg(spec.name));
  add->setObjectName(QString::fromStdString(spec.path + ".add"));
  QObject::connect(add, &QToolButton::clicked, add, [this, acc, path = spec.path] {
    auto* m = acc(ctx_->snapshot());
    std::string key = "key";
    for (int i = 2; m && m->count(key); ++i) key = "key" + std::to_string(i);
    structural(QObject::tr("Add to %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
      auto* map = acc(r);
      return map && map->emplace(key, V{}).second;
    }, joinPath(path, key) + ".key");
  });
  return add;
}

template <class V>
void FormBuilder::addScalarMap(Target& t, const FieldSpec& spec, Accessor<std::map<std::string, V>> acc,
                               const std::map<std::string, V>& current) {
  QVBoxLayout* v = addColumnRow(t.form, spec);
  for (const auto& [key, value] : current) {
    (void)value;
    const std::string path = joinPath(spec.path, key);
    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    auto* keyEdit = mapKeyEditor<V>(acc, key, spec, QObject::tr("Key of %1").arg(spec.name), "");
    keyEdit->setPlaceholderText(QObject::tr("key"));
    FieldSpec valueSpec = spec;
    valueSpec.path = path;
    valueSpec.name = QString::fromStdString(key);
    row->addWidget(keyEdit, 2);
    row->addWidget(scalarEditor<V>(valueSpec, mapValueAccessor<V>(acc, key)), 3);
    row->addWidget(entryRemoveButton<V>(acc, key, path, smallButton(QStringLiteral("\u2715"), QString())));
    v->addLayout(row);
  }
  v->addWidget(addEntryButton<V>(acc, spec, QObject::tr("+ add")), 0, Qt::AlignLeft);
}

template <class V>
void FormBuilder::addStructMap(Target& t, const FieldSpec& spec, Accessor<std::map<std::string, V>> acc,
                               const std::map<std::string, V>& current, int depth) {
  for (const auto& [key, value] : current) {
    (void)value;
    const std::string path = joinPath(spec.path, key);
    Section* s = newSection(QStringLiteral("%1: %2").arg(spec.name, QString::fromStdString(key)), path, depth, depth < 2);
    s->setToolTip(fieldToolTip(spec));
    entryRemoveButton<V>(acc, key, path, s->addHeaderButton(QStringLiteral("\u2715"), QString()));
    auto* keyEdit = mapKeyEditor<V>(acc, key, spec, QObject::tr("Key of this %1 entry").arg(spec.name), ".key");
    s->form()->addRow(QObject::tr("key"), keyEdit);
    t.form->addRow(s);
    addFields<V>(s->form(), mapValueAccessor<V>(acc, key), path, spec.schemaPath + ".*", depth + 1);
  }
  t.form->addRow(addEntryButton<V>(acc, spec, QObject::tr("+ %1").arg(spec.name)));
}

}  // namespace ms::studio
