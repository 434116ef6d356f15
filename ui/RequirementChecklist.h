#pragma once

#include <QGroupBox>
#include <QList>
#include <QStringList>

class QCheckBox;

namespace sipelanduk {

struct Service;

// The documents the applicant showed, as the service lists them. Alternatives (one of them is
// enough) are boxed together under "one of these".
class RequirementChecklist : public QGroupBox
{
    Q_OBJECT

public:
    RequirementChecklist(const Service& service, const QString& language,
                         QWidget* parent = nullptr);

    QStringList checkedCodes() const;
    void setCheckedCodes(const QStringList& codes);
    void setReadOnly(bool readOnly);

Q_SIGNALS:
    void changed();

private:
    void addGroup(const Service& service, const QString& group, const QString& language);
    QCheckBox* addBox(const QString& code, const QString& label, QWidget* parent);

    QList<QCheckBox*> m_boxes;
};

} // namespace sipelanduk
