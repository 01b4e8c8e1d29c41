#pragma once
// "Inject latency or errors" into a running service: the new behaviour of its workloads,
// keeping their calls and response sizes.
#include <QDialog>

#include "model/mesh_design.h"

class QDoubleSpinBox;
class QSpinBox;

namespace ms::studio {

class FaultDialog : public QDialog {
  Q_OBJECT
 public:
  FaultDialog(const QString& service, const model::Behaviour& current, QWidget* parent = nullptr);
  model::Behaviour behaviour() const;
  // The same change applied to another workload's behaviour (a service has several).
  model::Behaviour applyTo(model::Behaviour b) const;
  void setValues(double latencyMs, double errorPercent, int status);

 private:
  QDoubleSpinBox* latency_;
  QDoubleSpinBox* errors_;
  QSpinBox* status_;
  model::Behaviour current_;
};

}  // namespace ms::studio
