#pragma once

#include <QGroupBox>
#include <QList>
#include <QStringList>

class QLabel;

namespace sipelanduk {

class RequirementRow;
struct AttachedScan;
struct Service;

// The documents the applicant showed, as the service lists them. Alternatives (one of them is
// enough) are boxed together under "one of these". Each document lists the scans attached for it.
class RequirementChecklist : public QGroupBox
{
    Q_OBJECT

public:
    RequirementChecklist(const Service& service, const QString& language,
                         QWidget* parent = nullptr);

    QStringList checkedCodes() const;
    void setCheckedCodes(const QStringList& codes);
    void setReadOnly(bool readOnly);

    void setScans(const QList<AttachedScan>& scans);
    // Attaching waits for the scan key; `reason` says why it cannot be done yet, or at all.
    void setAttachReady(bool ready, const QString& reason);
    // A sentence about the scans as a whole, such as why the scan key could not be loaded.
    void setScanStatus(const QString& message);

Q_SIGNALS:
    void changed();
    void attachRequested(const QString& code);
    void filesDropped(const QString& code, const QStringList& files);
    void removeRequested(const QString& code, const QString& sha256);
    void scanSelected(const QString& sha256);

private:
    void addGroup(const Service& service, const QString& group, const QString& language);
    RequirementRow* addRow(const QString& code, const QString& label, QWidget* parent);

    QList<RequirementRow*> m_rows;
    QLabel* m_scanStatus = nullptr;
};

} // namespace sipelanduk
