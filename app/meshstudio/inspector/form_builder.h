#pragma once
// The generic form builder: turns any model type that lists its fields (model/fields.h) into
// a typed form, one visitor over fields() for every kind.
//
//   optional scalars      -> line edit (combo box for enums, validated for durations),
//                            spin box, tri-state check box
//   nested struct         -> collapsible Section (optional ones: "+ name" chip / remove)
//   vector<struct>        -> one Section per item with move up/down/remove, "+ name"
//   vector<scalar>        -> rows of editors with move/remove, "+"
//   map<string, scalar>   -> key/value rows; map<string, struct>: one Section per key
//   model::Value          -> a small YAML box
//
// Every editor is named by its field's YAML path ("spec.http[0].timeout"); an absent optional
// or empty list/map shows as a "+ name" chip named by the path, so every field of a type has a
// widget. A committed change copies the resource, sets the field through an accessor and
// replaces the resource in the document: one undo step, merged while the user keeps editing
// the same field.
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QVBoxLayout>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "inspector/form_widgets.h"
#include "inspector/weight_split.h"
#include "istio/struct_reader.h"  // Described, joinPath
#include "model/duration.h"
#include "model/resource.h"

namespace ms::studio {

// Where a field lives inside a resource: null when it is not there any more.
template <class T> using Accessor = std::function<T*(model::Resource&)>;

namespace form_detail {

template <class T> struct Optional : std::false_type {};
template <class T> struct Optional<std::optional<T>> : std::true_type { using Inner = T; };
template <class T> struct Vector : std::false_type {};
template <class T> struct Vector<std::vector<T>> : std::true_type { using Item = T; };
template <class T> struct StringMap : std::false_type {};
template <class T> struct StringMap<std::map<std::string, T>> : std::true_type { using Mapped = T; };

template <class T> struct Scalar : std::false_type {};
template <> struct Scalar<std::string> : std::true_type { using Type = std::string; };
template <> struct Scalar<std::int64_t> : std::true_type { using Type = std::int64_t; };
template <> struct Scalar<double> : std::true_type { using Type = double; };
template <> struct Scalar<bool> : std::true_type { using Type = bool; };
template <class T> struct Scalar<std::optional<T>> : Scalar<T> {};

template <class T> std::optional<typename Scalar<T>::Type> scalarGet(const T& field) {
  return field;
}
template <class T> void scalarSet(T& field, const std::optional<typename Scalar<T>::Type>& v) {
  if constexpr (Optional<T>::value) field = v;
  else field = v.value_or(typename Scalar<T>::Type{});
}

template <class F> struct FieldFinder {
  const char* name;
  F*& out;
  template <class X> void operator()(const char* n, X& field) {
    if constexpr (std::is_same_v<X, F>) {
      if (!out && std::strcmp(n, name) == 0) out = &field;
    }
  }
  template <class X> void operator()(const char* n, X& field, model::RequiredField) {
    (*this)(n, field);
  }
};

template <class> inline constexpr bool kAlwaysFalse = false;

}  // namespace form_detail

template <class F, class P> Accessor<F> memberAccessor(Accessor<P> parent, const char* name) {
  return [parent = std::move(parent), name](model::Resource& r) -> F* {
    P* p = parent(r);
    if (!p) return nullptr;
    F* out = nullptr;
    form_detail::FieldFinder<F> finder{name, out};
    p->fields(finder);
    return out;
  };
}

template <class T> Accessor<T> itemAccessor(Accessor<std::vector<T>> parent, size_t index) {
  return [parent = std::move(parent), index](model::Resource& r) -> T* {
    auto* v = parent(r);
    return v && index < v->size() ? &(*v)[index] : nullptr;
  };
}

template <class T> Accessor<T> optionalAccessor(Accessor<std::optional<T>> parent) {
  return [parent = std::move(parent)](model::Resource& r) -> T* {
    auto* o = parent(r);
    return o && *o ? &**o : nullptr;
  };
}

template <class T>
Accessor<T> mapValueAccessor(Accessor<std::map<std::string, T>> parent, std::string key) {
  return [parent = std::move(parent), key = std::move(key)](model::Resource& r) -> T* {
    auto* m = parent(r);
    if (!m) return nullptr;
    auto it = m->find(key);
    return it == m->end() ? nullptr : &it->second;
  };
}

template <class T> Accessor<T> specAccessor() {
  return [](model::Resource& r) -> T* { return r.as<T>(); };
}

// --- structure signature: what decides the shape of a form (presence, sizes, keys) ---

template <class T> void appendSignature(const T& value, std::string& out);

struct SignatureWriter {
  std::string& out;
  template <class F> void operator()(const char* name, const F& field) {
    out += name;
    appendSignature(field, out);
  }
  template <class F> void operator()(const char* name, const F& field, model::RequiredField) {
    (*this)(name, field);
  }
};

template <class T> void appendSignature(const T& value, std::string& out) {
  using namespace form_detail;
  if constexpr (Scalar<T>::value) {
    (void)value;
  } else if constexpr (std::is_same_v<T, model::Value>) {
    out += value.isNull() ? '-' : '+';
  } else if constexpr (Optional<T>::value) {
    out += value ? '+' : '-';
    if (value) appendSignature(*value, out);
  } else if constexpr (Vector<T>::value) {
    out += '[' + std::to_string(value.size());
    for (const auto& item : value) appendSignature(item, out);
    out += ']';
  } else if constexpr (StringMap<T>::value) {
    out += '{';
    for (const auto& [key, item] : value) {
      out += key + ':';
      appendSignature(item, out);
      out += ',';
    }
    out += '}';
  } else if constexpr (istio::Described<T>) {
    out += '(';
    SignatureWriter w{out};
    const_cast<T&>(value).fields(w);  // fields() only reads here
    out += ')';
  } else {
    static_assert(kAlwaysFalse<T>, "a field type the inspector does not know");
  }
}

template <class T> std::string signatureOf(const T& value) {
  std::string out;
  appendSignature(value, out);
  return out;
}

// --- summaries shown next to a section's title ---

QString summaryOf(const model::Destination& d);
QString summaryOf(const model::HttpRouteDestination& d);
QString summaryOf(const model::RouteDestination& d);
QString summaryOf(const model::HttpMatchRequest& m);
QString summaryOf(const model::HttpRoute& r);
QString summaryOf(const model::Subset& s);
QString summaryOf(const model::Server& s);
QString summaryOf(const model::Port& p);
QString summaryOf(const model::DesignServicePort& p);
QString summaryOf(const model::DesignWorkload& w);
QString summaryOf(const model::ScenarioStep& s);
QString summaryOf(const model::Assertion& a);
QString summaryOf(const model::LatencyDistribution& l);
QString summaryOf(const model::DownstreamCall& c);
QString summaryOf(const model::LoadProfile& l);

// The summary of a type without its own: its first preferred name-like string, else its first
// two set scalars ("maxConnections 1, connectTimeout 3s").
struct FirstNamed {
  QString out;
  QStringList scalars;
  template <class F> void operator()(const char* name, const F& field) {
    if constexpr (std::is_same_v<F, model::OptString>) {
      static const char* const preferred[] = {"name", "host", "service", "workload", "ref", "key", "issuer", "mode"};
      if (out.isEmpty() && field && !field->empty() &&
          std::any_of(std::begin(preferred), std::end(preferred),
                      [&](const char* p) { return std::strcmp(p, name) == 0; }))
        out = QString::fromStdString(*field);
    }
    if constexpr (form_detail::Optional<F>::value && form_detail::Scalar<F>::value) {
      if (field && scalars.size() < 2) {
        QString v;
        if constexpr (std::is_same_v<F, model::OptString>) v = QString::fromStdString(*field);
        else if constexpr (std::is_same_v<F, model::OptBool>) v = *field ? QStringLiteral("true") : QStringLiteral("false");
        else v = QString::number(*field);
        scalars << QStringLiteral("%1 %2").arg(QString::fromLatin1(name), v);
      }
    }
  }
  template <class F> void operator()(const char* name, const F& field, model::RequiredField) {
    (*this)(name, field);
  }
};

template <class T> QString summaryOf(const T& value) {
  FirstNamed f;
  const_cast<T&>(value).fields(f);
  return f.out.isEmpty() ? f.scalars.join(QStringLiteral(", ")) : f.out;
}

// --- item defaults when the user adds one ---

template <class T> T newItem(const std::vector<T>&) { return T{}; }
model::HttpRouteDestination newItem(const std::vector<model::HttpRouteDestination>& list);
model::RouteDestination newItem(const std::vector<model::RouteDestination>& list);
model::Subset newItem(const std::vector<model::Subset>& list);
model::ScenarioStep newItem(const std::vector<model::ScenarioStep>& list);
model::Assertion newItem(const std::vector<model::Assertion>& list);
model::DesignWorkload newItem(const std::vector<model::DesignWorkload>& list);
model::DesignServicePort newItem(const std::vector<model::DesignServicePort>& list);
model::LoadStage newItem(const std::vector<model::LoadStage>& list);
// After adding a route destination: a lone unweighted one before it gets 100 and the new 0.
template <class T> void afterAdd(std::vector<T>&) {}
void afterAdd(std::vector<model::HttpRouteDestination>& list);
void afterAdd(std::vector<model::RouteDestination>& list);
// After removing a route destination: the weights left are scaled back to a sum of 100, and a
// lone destination loses its weight (it gets all traffic).
template <class T> void afterRemove(std::vector<T>&) {}
void afterRemove(std::vector<model::HttpRouteDestination>& list);
void afterRemove(std::vector<model::RouteDestination>& list);

template <class T> inline constexpr bool kHasWeightSplit =
    std::is_same_v<T, model::HttpRouteDestination> || std::is_same_v<T, model::RouteDestination>;

class FormBuilder {
 public:
  explicit FormBuilder(ContextPtr ctx) : ctx_(std::move(ctx)) {}
  const ContextPtr& context() const { return ctx_; }

  // Rows for every field of the struct at `acc`. `depth` decides which sections start open.
  template <class T>
  void addFields(QFormLayout* form, Accessor<T> acc, const std::string& path,
                 const std::string& schema, int depth);

  // One field as a section (always shown, even when absent: used for the MeshDesign's load).
  template <class T>
  Section* addSection(QFormLayout* form, const QString& title, Accessor<std::optional<T>> acc,
                      const std::string& path, const std::string& schema, int depth,
                      bool expanded);

  // A plain collapsible group (e.g. around a list), keyed by `path` for its expanded state.
  Section* addGroup(QFormLayout* form, const QString& title, const std::string& path, bool open);

  template <class F>
  void addNamedField(QFormLayout* form, const char* name, Accessor<F> acc, const F& current,
                     const std::string& path, const std::string& schema, bool required, int depth);

 private:
  struct Target {
    QFormLayout* form;
    std::string path;                 // the struct's path
    QWidget* chips = nullptr;         // "+ field" buttons, one row at the end
    Section* deprecated = nullptr;    // unset deprecated fields, tucked away at the end
  };

  template <class P> struct FieldAdder {
    FormBuilder& b;
    Target& target;
    const Accessor<P>& acc;
    const std::string& path;
    const std::string& schema;
    int depth;
    template <class F> void operator()(const char* name, F& field) { add(name, field, false); }
    template <class F> void operator()(const char* name, F& field, model::RequiredField) {
      add(name, field, true);
    }
    template <class F> void add(const char* name, F& field, bool required) {
      if constexpr (kHasWeightSplit<P>) {
        if (std::strcmp(name, "weight") == 0) return;  // the route's split editor owns it
      }
      b.beforeField(target, acc, name);
      b.addField<F>(target, b.spec(name, joinPath(path, name), schema + "." + name, required),
                    memberAccessor<F, P>(acc, name), field, depth);
    }
  };

  FieldSpec spec(const QString& name, const std::string& path, const std::string& schema,
                 bool required) const;
  static std::string joinPath(const std::string& a, const std::string& b) {
    return istio::joinPath(a, b);
  }

  template <class F>
  void addField(Target& t, const FieldSpec& spec, Accessor<F> acc, const F& current, int depth);
  template <class F> void addScalar(QFormLayout* form, const FieldSpec& spec, Accessor<F> acc);
  QFormLayout* deprecatedForm(Target& t);
  template <class F> QWidget* scalarEditor(const FieldSpec& spec, Accessor<F> acc);
  template <class I>
  void addStructList(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc,
                     const std::vector<I>& current, int depth);
  template <class I>
  void addScalarList(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc,
                     const std::vector<I>& current);
  template <class V>
  void addScalarMap(Target& t, const FieldSpec& spec, Accessor<std::map<std::string, V>> acc,
                    const std::map<std::string, V>& current);
  template <class V>
  void addStructMap(Target& t, const FieldSpec& spec, Accessor<std::map<std::string, V>> acc,
                    const std::map<std::string, V>& current, int depth);
  template <class I>
  void addWeightSplit(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc);

  // Hooks for types that get more than the generic form.
  template <class T> void beforeField(Target&, const Accessor<T>&, const char*) {}
  void beforeField(Target& t, const Accessor<model::Scenario>& acc, const char* name);
  template <class T> void afterFields(Target&, const Accessor<T>&, const std::string&) {}
  void afterFields(Target& t, const Accessor<model::LatencyDistribution>& acc, const std::string& path);
  void afterFields(Target& t, const Accessor<model::ScenarioStep>& acc, const std::string& path);
  void afterFields(Target& t, const Accessor<model::LoadProfile>& acc, const std::string& path);
  // Greys out the fields of the struct at `path` that `used` says it does not read.
  void enableFields(Target& t, const std::string& path, const std::vector<std::string>& fields,
                    std::function<bool(model::Resource&, const std::string&)> used);

  // A "+ name" chip; `add` makes the field present (returns false when it could not).
  void addChip(Target& t, const FieldSpec& spec, std::function<bool(model::Resource&)> add,
               const std::string& focusPath);
  void finish(Target& t);
  Section* newSection(const QString& title, const std::string& path, int depth, bool open);
  // A structural edit (add, remove, move, rename): its own undo step, never merged.
  bool structural(const QString& description, const std::function<bool(model::Resource&)>& change,
                  const std::string& focusPath = {});
  template <class S> void summarizeSection(Section* s, Accessor<S> acc);

  // A list item's buttons, named PATH.up, PATH.down (when the list has more than one item)
  // and PATH.remove; `make(text, tip)` creates each where it belongs (a section's header, a row).
  using ButtonMaker = std::function<QToolButton*(const QString& text, const QString& tip)>;
  template <class I>
  std::vector<QToolButton*> itemButtons(Accessor<std::vector<I>> acc, size_t i, size_t n,
                                        const std::string& path, const QString& removeTip,
                                        const ButtonMaker& make);
  // The editor of a map entry's key: renaming is one structural step; an empty or taken key
  // is refused and shown. The focus then goes to the renamed entry's path + `focusSuffix`.
  template <class V>
  QLineEdit* mapKeyEditor(Accessor<std::map<std::string, V>> acc, const std::string& key,
                          const FieldSpec& spec, const QString& tip, const char* focusSuffix);
  // A map entry's remove button (made by the caller where it belongs), named PATH.remove.
  template <class V>
  QToolButton* entryRemoveButton(Accessor<std::map<std::string, V>> acc, const std::string& key,
                                 const std::string& path, QToolButton* remove);
  // The button that adds an entry under a free key ("key", "key2", ...) and focuses its key.
  template <class V>
  QToolButton* addEntryButton(Accessor<std::map<std::string, V>> acc, const FieldSpec& spec, const QString& text);
  // The button that appends a new item to the list at `spec.path` and focuses it.
  template <class I>
  QToolButton* addItemButton(Accessor<std::vector<I>> acc, const FieldSpec& spec, size_t n, const QString& text);

  ContextPtr ctx_;
};

// --- implementation ---

template <class T>
void FormBuilder::addFields(QFormLayout* form, Accessor<T> acc, const std::string& path,
                            const std::string& schema, int depth) {
  T* current = acc(ctx_->snapshot());
  if (!current) return;
  Target target{form, path};
  FieldAdder<T> adder{*this, target, acc, path, schema, depth};
  current->fields(adder);
  finish(target);
  afterFields(target, acc, path);
}

template <class T>
Section* FormBuilder::addSection(QFormLayout* form, const QString& title,
                                 Accessor<std::optional<T>> acc, const std::string& path,
                                 const std::string& schema, int depth, bool expanded) {
  Section* s = newSection(title, path, depth, expanded);
  s->setToolTip(fieldToolTip(spec(title, path, schema, false)));
  form->addRow(s);
  auto* opt = acc(ctx_->snapshot());
  if (opt && *opt) {
    auto* remove = s->addHeaderButton(QStringLiteral("\u2715"), QObject::tr("Remove %1").arg(title));
    QObject::connect(remove, &QToolButton::clicked, s, [this, acc, path] {
      structural(QObject::tr("Remove %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
        auto* o = acc(r);
        if (!o || !*o) return false;
        o->reset();
        return true;
      });
    });
    addFields<T>(s->form(), optionalAccessor<T>(acc), path, schema, depth + 1);
  } else {
    auto* add = smallButton(QObject::tr("+ %1").arg(title), QObject::tr("Add %1").arg(title));
    add->setObjectName(QString::fromStdString(path));
    add->setProperty(kFieldPathProperty, QString::fromStdString(path));
    s->form()->addRow(add);
    QObject::connect(add, &QToolButton::clicked, s, [this, acc, path] {
      structural(QObject::tr("Add %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
        auto* o = acc(r);
        if (!o || *o) return false;
        o->emplace();
        return true;
      }, path);
    });
  }
  return s;
}

template <class F>
void FormBuilder::addNamedField(QFormLayout* form, const char* name, Accessor<F> acc, const F& current,
                                const std::string& path, const std::string& schema, bool required,
                                int depth) {
  Target target{form, path};
  addField<F>(target, spec(name, path, schema, required), std::move(acc), current, depth);
  finish(target);
}

template <class F>
void FormBuilder::addField(Target& t, const FieldSpec& spec, Accessor<F> acc, const F& current, int depth) {
  using namespace form_detail;
  if constexpr (Scalar<F>::value) {
    const bool unset = !scalarGet(current).has_value();
    addScalar<F>(spec.info.deprecated && unset ? deprecatedForm(t) : t.form, spec, std::move(acc));
  } else if constexpr (std::is_same_v<F, model::Value>) {
    if (current.isNull()) {
      addChip(t, spec, [acc](model::Resource& r) {
        model::Value* v = acc(r);
        if (!v || !v->isNull()) return false;
        *v = model::Value::Map{};
        return true;
      }, spec.path);
      return;
    }
    Getter<model::Value> get = [acc](model::Resource& r) -> std::optional<model::Value> {
      const model::Value* v = acc(r);
      return v ? std::optional(*v) : std::nullopt;
    };
    Setter<model::Value> set = [acc](model::Resource& r, const std::optional<model::Value>& value) {
      model::Value* v = acc(r);
      if (!v) return false;
      const model::Value next = value.value_or(model::Value{});
      if (*v == next && v->isNull() == next.isNull()) return false;
      *v = next;
      return true;
    };
    t.form->addRow(fieldLabel(spec), makeValueEditor(ctx_, spec, get, set));
  } else if constexpr (Optional<F>::value) {
    using S = typename Optional<F>::Inner;
    static_assert(istio::Described<S>, "optional scalars are handled above");
    if (!current) {
      addChip(t, spec, [acc](model::Resource& r) {
        F* f = acc(r);
        if (!f || *f) return false;
        f->emplace();
        return true;
      }, spec.path);
      return;
    }
    // Present optional groups hold what the user set: they start open, unless deep down.
    Section* s = newSection(spec.name, spec.path, depth, depth < 4);
    s->setToolTip(fieldToolTip(spec));
    auto* remove = s->addHeaderButton(QStringLiteral("\u2715"), QObject::tr("Remove %1").arg(spec.name));
    QObject::connect(remove, &QToolButton::clicked, s, [this, acc, path = spec.path] {
      structural(QObject::tr("Remove %1").arg(QString::fromStdString(path)), [&](model::Resource& r) {
        F* f = acc(r);
        if (!f || !*f) return false;
        f->reset();
        return true;
      });
    });
    auto inner = optionalAccessor<S>(acc);
    summarizeSection<S>(s, inner);
    t.form->addRow(s);
    addFields<S>(s->form(), inner, spec.path, spec.schemaPath, depth + 1);
  } else if constexpr (istio::Described<F>) {
    Section* s = newSection(spec.name, spec.path, depth, depth < 2);
    s->setToolTip(fieldToolTip(spec));
    summarizeSection<F>(s, acc);
    t.form->addRow(s);
    addFields<F>(s->form(), acc, spec.path, spec.schemaPath, depth + 1);
  } else if constexpr (Vector<F>::value) {
    using I = typename Vector<F>::Item;
    if (current.empty()) {
      addChip(t, spec, [acc](model::Resource& r) {
        F* f = acc(r);
        if (!f) return false;
        f->push_back(newItem(*f));
        afterAdd(*f);
        return true;
      }, spec.path + "[0]");
      return;
    }
    if constexpr (istio::Described<I>) addStructList<I>(t, spec, std::move(acc), current, depth);
    else addScalarList<I>(t, spec, std::move(acc), current);
  } else if constexpr (StringMap<F>::value) {
    using V = typename StringMap<F>::Mapped;
    if (current.empty()) {
      addChip(t, spec, [acc](model::Resource& r) {
        F* f = acc(r);
        if (!f) return false;
        f->emplace("key", V{});
        return true;
      }, joinPath(spec.path, "key"));
      return;
    }
    if constexpr (istio::Described<V>) addStructMap<V>(t, spec, std::move(acc), current, depth);
    else addScalarMap<V>(t, spec, std::move(acc), current);
  } else {
    static_assert(kAlwaysFalse<F>, "a field type the inspector does not know");
  }
}

template <class F> QWidget* FormBuilder::scalarEditor(const FieldSpec& spec, Accessor<F> acc) {
  using S = typename form_detail::Scalar<F>::Type;
  Getter<S> get = [acc](model::Resource& r) -> std::optional<S> {
    const F* f = acc(r);
    return f ? form_detail::scalarGet(*f) : std::nullopt;
  };
  Setter<S> set = [acc](model::Resource& r, const std::optional<S>& value) {
    F* f = acc(r);
    if (!f) return false;
    const F before = *f;
    form_detail::scalarSet(*f, value);
    return !(before == *f);
  };
  if constexpr (std::is_same_v<S, std::string>) return makeStringEditor(ctx_, spec, get, set);
  else if constexpr (std::is_same_v<S, std::int64_t>) return makeIntEditor(ctx_, spec, get, set);
  else if constexpr (std::is_same_v<S, double>) return makeDoubleEditor(ctx_, spec, get, set);
  else return makeBoolEditor(ctx_, spec, get, set);
}

template <class F> void FormBuilder::addScalar(QFormLayout* form, const FieldSpec& spec, Accessor<F> acc) {
  form->addRow(fieldLabel(spec), scalarEditor<F>(spec, std::move(acc)));
}

template <class S> void FormBuilder::summarizeSection(Section* s, Accessor<S> acc) {
  auto update = [s = QPointer(s), acc](model::Resource& r) {
    if (!s) return;
    const S* v = acc(r);
    s->setSummary(v ? summaryOf(*v) : QString());
  };
  update(ctx_->snapshot());
  ctx_->addRefresher(update);
}

template <class I>
void FormBuilder::addWeightSplit(Target& t, const FieldSpec& spec, Accessor<std::vector<I>> acc) {
  WeightSplitEditor::Binding binding;
  binding.labels = [acc](model::Resource& r) {
    std::vector<QString> out;
    if (auto* v = acc(r))
      for (const auto& d : *v) out.push_back(d.destination ? summaryOf(*d.destination) : QObject::tr("(no destination)"));
    return out;
  };
  binding.weights = [acc](model::Resource& r) {
    std::vector<std::optional<std::int64_t>> out;
    if (auto* v = acc(r))
      for (const auto& d : *v) out.push_back(d.weight);
    return out;
  };
  binding.setWeights = [acc](model::Resource& r, const std::vector<int>& weights) {
    auto* v = acc(r);
    if (!v || v->size() != weights.size() || v->size() < 2) return false;
    bool changed = false;
    for (size_t i = 0; i < weights.size(); ++i) {
      if ((*v)[i].weight != std::optional<std::int64_t>(weights[i])) changed = true;
      (*v)[i].weight = weights[i];
    }
    return changed;
  };
  t.form->addRow(new WeightSplitEditor(ctx_, spec.path, std::move(binding)));
}

}  // namespace ms::studio

// The list and map editors: their own file, as they are the bulk of the builder.
#include "inspector/form_builder_collections.h"  // IWYU pragma: export
