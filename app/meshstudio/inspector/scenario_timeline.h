#pragma once
// A scenario's steps on a time axis: one marker per step at its `at`, over the run's duration.
#include <QWidget>

#include <vector>

namespace ms::studio {

class ScenarioTimeline : public QWidget {
  Q_OBJECT
 public:
  struct Mark {
    double seconds;
    QString label;  // the action
  };
  explicit ScenarioTimeline(QWidget* parent = nullptr);
  // `duration`: the run's length in seconds (the axis ends at the later of it and the last mark).
  void setMarks(std::vector<Mark> marks, double duration);
  const std::vector<Mark>& marks() const { return marks_; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<Mark> marks_;
  double duration_ = 30;
};

}  // namespace ms::studio
