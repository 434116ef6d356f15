#pragma once

#include "domain/ApplicationRules.h"

#include <QGroupBox>

class QLabel;
class QListWidget;

namespace sipelanduk {

// What core's checks say about the application on screen: errors in red, warnings in amber.
// Choosing a line moves the cursor to the field it is about.
class FindingsPanel : public QGroupBox
{
    Q_OBJECT

public:
    explicit FindingsPanel(QWidget* parent = nullptr);

    void setFindings(const QList<Finding>& findings);

Q_SIGNALS:
    void fieldActivated(const QString& key);

private:
    void showSummary(int errors, int warnings);

    QLabel* m_summary;
    QListWidget* m_list;
};

} // namespace sipelanduk
