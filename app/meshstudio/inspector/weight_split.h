#pragma once
// The traffic split of a VirtualService route: one slider and one spin box per destination,
// whose weights always sum to 100. Moving one rescales the others in proportion to what they
// had when the move began; a drag is one undo step.
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inspector/form_context.h"

class QLabel;
class QSlider;
class QSpinBox;

namespace ms::studio {

// Weights after setting `weights[index]` to `value` (clamped to 0..100): the others share the
// rest in proportion to their weights in `weights` (equally when those are all 0), rounded by
// largest remainder so that the sum is exactly 100. A single destination always gets 100.
std::vector<int> rebalanceWeights(const std::vector<int>& weights, size_t index, int value);

// Weights as Istio reads them: unset counts as 0, except that a lone destination gets 100.
std::vector<int> effectiveWeights(const std::vector<std::optional<std::int64_t>>& weights);

class SplitBar;

class WeightSplitEditor : public QWidget {
  Q_OBJECT
 public:
  struct Binding {
    // The destinations' labels ("reviews · v1") and weights, read from a resource.
    std::function<std::vector<QString>(model::Resource&)> labels;
    std::function<std::vector<std::optional<std::int64_t>>(model::Resource&)> weights;
    // Writes all weights; false when the route is gone or nothing changed.
    std::function<bool(model::Resource&, const std::vector<int>&)> setWeights;
  };

  // `path`: the route list ("spec.http[0].route"); weight editors are named PATH[i].weight.
  WeightSplitEditor(std::shared_ptr<FormContext> ctx, std::string path, Binding binding,
                    QWidget* parent = nullptr);

  int count() const { return static_cast<int>(sliders_.size()); }
  QSlider* slider(int i) const { return sliders_[static_cast<size_t>(i)]; }
  QSpinBox* spinBox(int i) const { return spins_[static_cast<size_t>(i)]; }

 private:
  void move(int index, int value);
  void show(model::Resource& r);

  std::shared_ptr<FormContext> ctx_;
  std::string path_;
  Binding binding_;
  std::vector<QLabel*> labels_;
  std::vector<QSlider*> sliders_;
  std::vector<QSpinBox*> spins_;
  SplitBar* bar_ = nullptr;
  QLabel* note_ = nullptr;
  std::vector<int> base_;  // the weights when the current drag began
  bool dragging_ = false;
};

}  // namespace ms::studio
