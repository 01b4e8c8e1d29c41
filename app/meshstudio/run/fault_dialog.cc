#include "run/fault_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include "model/duration.h"

namespace ms::studio {

namespace {

double meanMs(const model::Behaviour& b) {
  if (!b.latency || !b.latency->mean) return 0;
  return model::parseDurationSeconds(*b.latency->mean).value_or(0) * 1000;
}

}  // namespace

FaultDialog::FaultDialog(const QString& service, const model::Behaviour& current, QWidget* parent)
    : QDialog(parent), latency_(new QDoubleSpinBox), errors_(new QDoubleSpinBox), status_(new QSpinBox), current_(current) {
  setWindowTitle(tr("Inject into %1").arg(service));
  latency_->setRange(0, 60000);
  latency_->setSuffix(" ms");
  latency_->setValue(meanMs(current));
  latency_->setToolTip(tr("Fixed processing time of every request the service's pods serve"));
  errors_->setRange(0, 100);
  errors_->setSuffix(" %");
  errors_->setValue(current.errors ? current.errors->rate.value_or(0) * 100 : 0);
  errors_->setToolTip(tr("Share of requests the pods answer with the error status"));
  status_->setRange(400, 599);
  status_->setValue(current.errors ? static_cast<int>(current.errors->status.value_or(503)) : 503);
  auto* form = new QFormLayout(this);
  form->addRow(new QLabel(tr("The running pods of <b>%1</b> change at once; the design is not edited.").arg(service)));
  form->addRow(tr("Latency:"), latency_);
  form->addRow(tr("Errors:"), errors_);
  form->addRow(tr("Error status:"), status_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void FaultDialog::setValues(double latencyMs, double errorPercent, int status) {
  latency_->setValue(latencyMs);
  errors_->setValue(errorPercent);
  status_->setValue(status);
}

model::Behaviour FaultDialog::applyTo(model::Behaviour b) const {
  b.latency = model::LatencyDistribution{"fixed", QString::number(latency_->value()).toStdString() + "ms", {}, {}, {}};
  b.errors = model::ErrorBehaviour{errors_->value() / 100.0, status_->value()};
  return b;
}

model::Behaviour FaultDialog::behaviour() const { return applyTo(current_); }

}  // namespace ms::studio
