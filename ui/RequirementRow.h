#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QListWidget;
class QMimeData;
class QPushButton;

namespace sipelanduk {

struct AttachedScan;

// One document of the checklist: its box, and the scans attached for it, which come from the
// "Attach..." button or from files dropped on the row. The row only asks; the form attaches.
class RequirementRow : public QWidget
{
    Q_OBJECT

public:
    RequirementRow(const QString& code, const QString& label, QWidget* parent = nullptr);

    QString code() const { return m_code; }
    QCheckBox* box() const { return m_box; }

    void setScans(const QList<AttachedScan>& scans);
    // Attaching and removing are offered only on an editable form, once the scan key is loaded.
    void setScansEditable(bool editable);
    void setAttachReady(bool ready, const QString& reason);

Q_SIGNALS:
    void attachRequested(const QString& code);
    void filesDropped(const QString& code, const QStringList& files);
    void removeRequested(const QString& code, const QString& sha256);
    void scanSelected(const QString& sha256);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void setupWidgets(const QString& label);
    void setupLayout();
    void updateButtons();
    QString selectedScan() const;
    static QStringList localFiles(const QMimeData* data);

    QString m_code;
    bool m_editable = false;
    bool m_ready = false;
    QCheckBox* m_box = nullptr;
    QPushButton* m_attach = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace sipelanduk
