#pragma once

#include "domain/Application.h"
#include "domain/ApplicationRules.h"
#include "security/Permissions.h"
#include "storage/ScanKey.h"
#include "storage/ScanStore.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QWidget>

#include <optional>

class QBoxLayout;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QScrollArea;

namespace sipelanduk {

class FieldEditor;
class FindingsPanel;
class MemberListEditor;
class Prompter;
class RequirementChecklist;
class Workspace;
struct ReceiptContent;
struct Section;
struct Service;

// The capture form of one application, built from the service's entry in the catalogue: one
// group per section, one editor per field, the documents checklist, and core's checks shown while
// the clerk types. Drafts and returned applications are editable; anything further along is
// shown read-only. Scans are attached per document once the form is saved and the PC's scan key
// has come from the keychain.
class ApplicationForm : public QWidget
{
    Q_OBJECT

public:
    ApplicationForm(Workspace& workspace, const User& user, Prompter& prompter,
                    const Service& service, const std::optional<Application>& existing,
                    QWidget* parent = nullptr);

    std::optional<qint64> applicationId() const;
    QString title() const;
    bool hasUnsavedChanges() const { return m_unsaved; }
    ApplicationInput input() const;

Q_SIGNALS:
    // The application was stored or changed state; lists showing it are out of date.
    void saved(qint64 id);
    void closeRequested();

private:
    void setupHeader();
    void setupFields();
    QGroupBox* sectionBox(const Section& section);
    QGroupBox* memberListBox(const Section& section);
    void alignCaptions(const QList<QGroupBox*>& boxes);
    void addFieldRow(QFormLayout* form, FieldEditor* editor);
    void setupSidePanel();
    void setupButtons();
    void setupLayout();
    void connectEditors();
    void setupScans();
    void scanKeyLoaded(const Result<ScanKey>& key);
    void askForScans(const QString& requirement);
    void attachFiles(const QString& requirement, const QStringList& files);
    void removeScan(const QString& requirement, const QString& sha256);
    void showScans();
    void previewScan(const QString& sha256);
    void showPreview(const QPixmap& picture, const QString& caption);

    void load(const Application& application);
    void noteEdit(const QString& key);
    void refreshFindings();
    void showFieldMessages(const QList<Finding>& findings);
    void focusField(const QString& key);

    void saveDraft();
    bool storeDraft();
    bool ensureStored();
    void submit();
    Result<Application> submitConfirmingWarnings(qint64 id);
    void showState();
    void printReceipt();
    Status outputReceipt(int choice, const ReceiptContent& content);
    QString bannerText() const;
    void showBanner(const QString& html);
    void setEditable(bool editable);
    bool isEditable() const;

    Workspace& m_workspace;
    User m_user;
    Prompter& m_prompter;
    const Service& m_service;
    std::optional<Application> m_application;

    QList<FieldEditor*> m_editors;
    QList<MemberListEditor*> m_memberLists;
    QHash<QString, QLabel*> m_fieldMessages;
    QSet<QString> m_touched;
    bool m_showAllMessages = false;
    bool m_unsaved = false;
    QString m_savedNote;
    std::optional<ScanKey> m_scanKey;
    QList<AttachedScan> m_scans;

    QLabel* m_serviceTitle = nullptr;
    QLabel* m_numberCaption = nullptr;
    QLabel* m_number = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_banner = nullptr;
    QScrollArea* m_fieldsArea = nullptr;
    RequirementChecklist* m_requirements = nullptr;
    FindingsPanel* m_findings = nullptr;
    QWidget* m_preview = nullptr;
    QLabel* m_previewPicture = nullptr;
    QLabel* m_previewCaption = nullptr;
    QPushButton* m_close = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_submit = nullptr;
    QPushButton* m_printReceipt = nullptr;
};

} // namespace sipelanduk
