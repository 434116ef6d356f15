#include "ApplicationForm.h"

#include "Clock.h"
#include "FieldEditors.h"
#include "FindingsPanel.h"
#include "Logging.h"
#include "MemberListEditor.h"
#include "Palette.h"
#include "Prompter.h"
#include "RequirementChecklist.h"
#include "Workspace.h"
#include "domain/Catalogue.h"
#include "domain/Receipt.h"
#include "print/ReceiptDocument.h"

#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPrinter>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// A form with many fields is laid out in two columns of sections so that it fits a counter PC's
// screen without scrolling.
constexpr int kFieldsForTwoColumns = 9;

// The side panel's preview of a scan: big enough to tell one page from another.
constexpr QSize kPreviewSize(320, 240);
constexpr int kFileIconSize = 48;

// The ways a receipt leaves the program, in the order they are offered.
enum ReceiptOutput
{
    kReceiptPrinter,
    kReceiptPdfA4,
    kReceiptPdfF4
};

Status statusOf(const Result<ReceiptLayout>& layout)
{
    if (!layout)
        return layout.error();
    return {};
}

QFont scaledFont(const QFont& base, qreal factor, bool bold)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

} // namespace

ApplicationForm::ApplicationForm(Workspace& workspace, const User& user, Prompter& prompter,
                                 const Service& service, const std::optional<Application>& existing,
                                 QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_user(user)
    , m_prompter(prompter)
    , m_service(service)
    , m_application(existing)
{
    setObjectName(u"applicationForm"_s);
    setupHeader();
    setupFields();
    setupSidePanel();
    setupButtons();
    setupLayout();
    if (m_application)
        load(*m_application);
    connectEditors();
    setupScans();
    showState();
    refreshFindings();
}

std::optional<qint64> ApplicationForm::applicationId() const
{
    return m_application ? std::optional<qint64>(m_application->id) : std::nullopt;
}

QString ApplicationForm::title() const
{
    const QString service = m_service.name.text(m_workspace.language());
    if (!m_application)
        return tr("New: %1").arg(service);
    return m_application->registrationNumber;
}

ApplicationInput ApplicationForm::input() const
{
    ApplicationInput input{m_service.code, {}, m_requirements->checkedCodes()};
    for (const FieldEditor* editor : m_editors) {
        const QJsonValue value = editor->value();
        if (!value.isUndefined())
            input.fields.insert(editor->spec().key, value);
    }
    for (const MemberListEditor* members : m_memberLists) {
        const QJsonValue value = members->value();
        if (!value.isUndefined())
            input.fields.insert(members->section().repeat.key, value);
    }
    return input;
}

void ApplicationForm::setupHeader()
{
    m_serviceTitle = new QLabel(m_service.name.text(m_workspace.language()), this);
    m_serviceTitle->setFont(scaledFont(font(), 1.5, true));

    m_numberCaption = new QLabel(this);
    m_numberCaption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_number = new QLabel(this);
    m_number->setObjectName(u"registrationNumberLabel"_s);
    m_number->setFont(scaledFont(font(), 1.7, true));
    m_number->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_number->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_state = new QLabel(this);
    m_state->setObjectName(u"stateLabel"_s);
    m_state->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_banner = new QLabel(this);
    m_banner->setObjectName(u"formBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(8);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();
}

// Repeated sections (the members of a family) take the full width under the columns.
void ApplicationForm::setupFields()
{
    int fieldCount = 0;
    qsizetype flatSections = 0;
    for (const Section& section : m_service.sections) {
        if (section.isRepeated())
            continue;
        fieldCount += static_cast<int>(section.fields.size());
        ++flatSections;
    }
    const bool twoColumns = flatSections > 1 && fieldCount >= kFieldsForTwoColumns;

    auto* content = new QWidget;
    auto* rows = new QVBoxLayout(content);
    auto* columns = new QHBoxLayout;
    columns->setSpacing(16);
    rows->addLayout(columns);
    QList<QList<QGroupBox*>> boxes(1);
    int placed = 0;
    for (const Section& section : m_service.sections) {
        if (section.isRepeated()) {
            rows->addWidget(memberListBox(section));
            continue;
        }
        if (twoColumns && placed * 2 >= fieldCount && boxes.size() == 1)
            boxes.append(QList<QGroupBox*>());
        boxes.last().append(sectionBox(section));
        placed += static_cast<int>(section.fields.size());
    }
    for (const QList<QGroupBox*>& columnBoxes : std::as_const(boxes)) {
        auto* column = new QVBoxLayout;
        for (QGroupBox* box : columnBoxes)
            column->addWidget(box);
        column->addStretch(1);
        columns->addLayout(column, 1);
        alignCaptions(columnBoxes);
    }
    rows->addStretch(1);

    m_fieldsArea = new QScrollArea(this);
    m_fieldsArea->setObjectName(u"fieldsArea"_s);
    m_fieldsArea->setWidgetResizable(true);
    m_fieldsArea->setFrameShape(QFrame::NoFrame);
    m_fieldsArea->setWidget(content);
}

// The groups of one column share one caption width, so their editors line up.
void ApplicationForm::alignCaptions(const QList<QGroupBox*>& boxes)
{
    QList<QWidget*> captions;
    int width = 0;
    for (const QGroupBox* box : boxes) {
        const auto* form = qobject_cast<const QFormLayout*>(box->layout());
        for (int row = 0; form && row < form->rowCount(); ++row) {
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole)) {
                captions.append(item->widget());
                width = qMax(width, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget* caption : std::as_const(captions))
        caption->setMinimumWidth(width);
}

QGroupBox* ApplicationForm::sectionBox(const Section& section)
{
    auto* box = new QGroupBox(section.title.text(m_workspace.language()));
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // Long captions (Indonesian ones are) move above their field instead of squeezing it.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setVerticalSpacing(8);
    const FieldEditorContext context{m_workspace.language(), m_workspace.villageChoices(),
                                     m_workspace.clock().today()};
    for (const FieldSpec& spec : section.fields)
        addFieldRow(form, createFieldEditor(spec, context, box));
    return box;
}

QGroupBox* ApplicationForm::memberListBox(const Section& section)
{
    auto* box = new QGroupBox(section.title.text(m_workspace.language()));
    const FieldEditorContext context{m_workspace.language(), m_workspace.villageChoices(),
                                     m_workspace.clock().today()};
    auto* members = new MemberListEditor(section, context, box);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(members);
    m_memberLists.append(members);
    return box;
}

void ApplicationForm::addFieldRow(QFormLayout* form, FieldEditor* editor)
{
    const FieldSpec& spec = editor->spec();
    auto* cell = new QWidget;
    auto* cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(2);
    cellLayout->addWidget(editor);
    auto* message = new QLabel(cell);
    message->setObjectName(spec.key + u".message"_s);
    message->setWordWrap(true);
    message->hide();
    cellLayout->addWidget(message);

    const QString label = spec.label.text(m_workspace.language());
    auto* caption = new QLabel(spec.required ? tr("%1 *").arg(label) : label);
    caption->setBuddy(editor->input());
    caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->addRow(caption, cell);
    m_editors.append(editor);
    m_fieldMessages.insert(spec.key, message);
}

void ApplicationForm::setupSidePanel()
{
    m_requirements = new RequirementChecklist(m_service, m_workspace.language(), this);
    m_findings = new FindingsPanel(this);
    connect(m_findings, &FindingsPanel::fieldActivated, this, &ApplicationForm::focusField);

    m_preview = new QWidget(this);
    m_preview->setObjectName(u"scan.preview"_s);
    m_previewPicture = new QLabel(m_preview);
    m_previewPicture->setObjectName(u"scan.preview.picture"_s);
    m_previewPicture->setAlignment(Qt::AlignCenter);
    m_previewCaption = new QLabel(m_preview);
    m_previewCaption->setObjectName(u"scan.preview.caption"_s);
    m_previewCaption->setWordWrap(true);
    auto* previewLayout = new QVBoxLayout(m_preview);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(m_previewPicture);
    previewLayout->addWidget(m_previewCaption);
    m_preview->hide();
}

void ApplicationForm::setupButtons()
{
    m_close = new QPushButton(tr("Close"), this);
    m_close->setObjectName(u"closeFormButton"_s);
    m_save = new QPushButton(tr("Save draft"), this);
    m_save->setObjectName(u"saveDraftButton"_s);
    m_save->setToolTip(tr("Stores what is filled in so far; nothing is checked or sent yet."));
    m_submit = new QPushButton(tr("Submit for approval"), this);
    m_submit->setObjectName(u"submitButton"_s);
    m_submit->setDefault(true);

    connect(m_close, &QPushButton::clicked, this, &ApplicationForm::closeRequested);
    connect(m_save, &QPushButton::clicked, this, &ApplicationForm::saveDraft);
    connect(m_submit, &QPushButton::clicked, this, &ApplicationForm::submit);

    m_printReceipt = new QPushButton(tr("Print receipt"), this);
    m_printReceipt->setObjectName(u"printReceiptButton"_s);
    m_printReceipt->setToolTip(tr("The slip the applicant takes home, on paper or as a PDF file."));
    connect(m_printReceipt, &QPushButton::clicked, this, &ApplicationForm::printReceipt);
}

void ApplicationForm::setupLayout()
{
    auto* numberBlock = new QVBoxLayout;
    numberBlock->setSpacing(0);
    numberBlock->addWidget(m_numberCaption);
    numberBlock->addWidget(m_number);
    numberBlock->addWidget(m_state);
    auto* header = new QHBoxLayout;
    header->addWidget(m_serviceTitle, 1, Qt::AlignBottom);
    header->addLayout(numberBlock);

    auto* side = new QVBoxLayout;
    side->addWidget(m_requirements);
    side->addWidget(m_preview);
    side->addWidget(m_findings);
    side->addStretch(1);
    auto* sidePanel = new QWidget(this);
    sidePanel->setLayout(side);
    side->setContentsMargins(0, 0, 0, 0);
    sidePanel->setFixedWidth(360);

    auto* body = new QHBoxLayout;
    body->addWidget(m_fieldsArea, 1);
    body->addWidget(sidePanel);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_close);
    buttons->addStretch(1);
    buttons->addWidget(m_printReceipt);
    buttons->addWidget(m_save);
    buttons->addWidget(m_submit);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);
    layout->addLayout(buttons);
}

void ApplicationForm::connectEditors()
{
    for (FieldEditor* editor : std::as_const(m_editors)) {
        const QString key = editor->spec().key;
        connect(editor, &FieldEditor::edited, this, [this, key] { noteEdit(key); });
    }
    for (MemberListEditor* members : std::as_const(m_memberLists))
        connect(members, &MemberListEditor::edited, this, &ApplicationForm::noteEdit);
    connect(m_requirements, &RequirementChecklist::changed, this, [this] { noteEdit({}); });
}

void ApplicationForm::setupScans()
{
    connect(m_requirements, &RequirementChecklist::attachRequested, this,
            &ApplicationForm::askForScans);
    connect(m_requirements, &RequirementChecklist::filesDropped, this,
            &ApplicationForm::attachFiles);
    connect(m_requirements, &RequirementChecklist::removeRequested, this,
            &ApplicationForm::removeScan);
    connect(m_requirements, &RequirementChecklist::scanSelected, this,
            &ApplicationForm::previewScan);
    showScans();

    m_requirements->setAttachReady(false, tr("Reading the scan key from the system keychain..."));
    m_workspace.scanKey(this, [this](const Result<ScanKey>& key) { scanKeyLoaded(key); });
}

void ApplicationForm::scanKeyLoaded(const Result<ScanKey>& key)
{
    if (!key) {
        m_requirements->setAttachReady(false, key.errorMessage());
        m_requirements->setScanStatus(key.errorMessage());
        return;
    }
    m_scanKey = *key;
    m_requirements->setAttachReady(true, {});
    m_requirements->setScanStatus({});
}

void ApplicationForm::askForScans(const QString& requirement)
{
    const QStringList files = m_prompter.askOpenFiles(
        this, tr("Attach scans"), tr("Scans (*.jpg *.jpeg *.png *.pdf);;All files (*)"));
    if (!files.isEmpty())
        attachFiles(requirement, files);
}

// A scan belongs to a stored application, so a new form is saved first. Each file is attached
// on its own: one refused file does not stop the others.
void ApplicationForm::attachFiles(const QString& requirement, const QStringList& files)
{
    if (!m_scanKey || !ensureStored())
        return;
    for (const QString& file : files) {
        const Result<AttachedScan> attached =
            m_workspace.scans().attach(*m_scanKey, m_user, m_application->id, requirement, file);
        if (!attached) {
            qCWarning(lcUi) << "scan not attached:" << attached.error().code;
            m_prompter.showError(this, tr("Attach scans"), attached.errorMessage());
        }
    }
    showScans();
}

void ApplicationForm::removeScan(const QString& requirement, const QString& sha256)
{
    if (!m_application || sha256.isEmpty())
        return;
    const Status removed =
        m_workspace.scans().remove(m_user, m_application->id, requirement, sha256);
    if (!removed) {
        qCWarning(lcUi) << "scan not removed:" << removed.error().code;
        m_prompter.showError(this, tr("Remove scan"), removed.errorMessage());
    }
    m_preview->hide();
    showScans();
}

void ApplicationForm::showScans()
{
    m_scans =
        m_application ? m_workspace.scans().attachedTo(m_application->id) : QList<AttachedScan>();
    m_requirements->setScans(m_scans);
}

// Images are shown scaled down; a PDF is shown by its name and size only.
void ApplicationForm::previewScan(const QString& sha256)
{
    const auto scan = std::find_if(m_scans.cbegin(), m_scans.cend(),
                                   [&](const AttachedScan& s) { return s.sha256 == sha256; });
    if (scan == m_scans.cend())
        return;
    const QString caption =
        tr("%1 (%2)").arg(scan->originalName, QLocale().formattedDataSize(scan->size));
    const QPixmap fileIcon = style()->standardIcon(QStyle::SP_FileIcon).pixmap(kFileIconSize);
    if (!scan->mime.startsWith(u"image/"_s))
        return showPreview(fileIcon, caption);
    if (!m_scanKey)
        return showPreview(fileIcon, tr("%1: the scan key is not loaded, so the scan cannot be "
                                        "shown.")
                                         .arg(caption));

    const Result<QByteArray> content = m_workspace.scans().read(*m_scanKey, sha256);
    if (!content)
        return showPreview(fileIcon, content.errorMessage());
    QImage image;
    if (!image.loadFromData(*content))
        return showPreview(fileIcon, caption);
    showPreview(QPixmap::fromImage(
                    image.scaled(kPreviewSize, Qt::KeepAspectRatio, Qt::SmoothTransformation)),
                caption);
}

void ApplicationForm::showPreview(const QPixmap& picture, const QString& caption)
{
    m_previewPicture->setPixmap(picture);
    m_previewCaption->setText(caption);
    m_preview->show();
}

void ApplicationForm::load(const Application& application)
{
    for (FieldEditor* editor : std::as_const(m_editors))
        editor->setValue(application.fields.value(editor->spec().key));
    for (MemberListEditor* members : std::as_const(m_memberLists))
        members->setValue(application.fields.value(members->section().repeat.key));
    m_requirements->setCheckedCodes(application.requirements);
    // Whatever is wrong with a stored application is shown at once, next to its field.
    m_showAllMessages = true;
}

void ApplicationForm::noteEdit(const QString& key)
{
    if (!key.isEmpty())
        m_touched.insert(key);
    m_unsaved = true;
    if (!m_savedNote.isEmpty()) {
        m_savedNote.clear();
        showBanner(bannerText());
    }
    refreshFindings();
}

void ApplicationForm::refreshFindings()
{
    if (!isEditable())
        return;
    const QList<Finding> findings = m_workspace.applications().findings(
        input(), m_application ? std::optional<qint64>(m_application->id) : std::nullopt);
    m_findings->setFindings(findings);
    showFieldMessages(findings);
}

void ApplicationForm::showFieldMessages(const QList<Finding>& findings)
{
    for (auto it = m_fieldMessages.constBegin(); it != m_fieldMessages.constEnd(); ++it) {
        QStringList lines;
        for (const Finding& finding : findings) {
            if (finding.field != it.key())
                continue;
            lines.append(colouredHtml(finding.message, finding.severity == Severity::Error
                                                           ? errorColor()
                                                           : warningColor()));
        }
        const bool show = !lines.isEmpty() && (m_showAllMessages || m_touched.contains(it.key()));
        it.value()->setText(lines.join(u"<br>"_s));
        it.value()->setVisible(show);
    }
    const auto visible = [this](const QString& key) {
        return m_showAllMessages || m_touched.contains(key);
    };
    for (MemberListEditor* members : std::as_const(m_memberLists))
        members->showFindings(findings, visible);
}

void ApplicationForm::focusField(const QString& key)
{
    for (FieldEditor* editor : std::as_const(m_editors)) {
        if (editor->spec().key != key)
            continue;
        m_fieldsArea->ensureWidgetVisible(editor);
        editor->input()->setFocus(Qt::OtherFocusReason);
        return;
    }
    for (MemberListEditor* members : std::as_const(m_memberLists)) {
        if (QWidget* editor = members->focusField(key)) {
            m_fieldsArea->ensureWidgetVisible(editor);
            return;
        }
    }
}

void ApplicationForm::saveDraft()
{
    if (!storeDraft())
        return;
    m_savedNote = tr("Draft saved at %1. It is kept on this PC until it is submitted.")
                      .arg(m_application->updatedAt.toLocalTime().toString(u"HH:mm"_s));
    showBanner(bannerText());
}

bool ApplicationForm::storeDraft()
{
    Result<Application> stored =
        m_workspace.applications().saveDraft(m_user, input(), applicationId());
    if (!stored) {
        qCWarning(lcUi) << "draft not saved:" << stored.error().code;
        m_prompter.showError(this, tr("Save draft"), stored.errorMessage());
        return false;
    }
    const bool first = !m_application;
    m_application = *stored;
    m_unsaved = false;
    if (first)
        qCInfo(lcUi) << "new application" << m_application->registrationNumber;
    showState();
    Q_EMIT saved(m_application->id);
    return true;
}

bool ApplicationForm::ensureStored()
{
    if (m_application && !m_unsaved)
        return true;
    return storeDraft();
}

void ApplicationForm::submit()
{
    m_showAllMessages = true;
    if (!storeDraft())
        return;
    refreshFindings();

    Result<Application> submitted = submitConfirmingWarnings(m_application->id);
    if (!submitted) {
        if (!submitted.errorMessage().isEmpty())
            m_prompter.showError(this, tr("Submit for approval"), submitted.errorMessage());
        return;
    }
    m_application = *submitted;
    qCInfo(lcUi) << "submitted" << m_application->registrationNumber;
    showState();
    Q_EMIT saved(m_application->id);
}

// Core refuses unconfirmed warnings; the clerk reads them with the applicant and confirms. An
// empty error means the clerk chose not to go ahead.
Result<Application> ApplicationForm::submitConfirmingWarnings(qint64 id)
{
    ApplicationStore& store = m_workspace.applications();
    Result<Application> submitted = store.submit(m_user, id, false);
    if (submitted || submitted.error().code != ApplicationStore::kUnconfirmedWarnings)
        return submitted;

    const QStringList warnings = messagesOf(store.findings(input(), id), Severity::Warning);
    if (!m_prompter.confirm(this, tr("Submit for approval"),
                            tr("Check these points with the applicant. Submit the application "
                               "with them?"),
                            warnings, tr("Confirm and submit")))
        return Error{};
    return store.submit(m_user, id, true);
}

void ApplicationForm::showState()
{
    m_numberCaption->setText(tr("Registration number"));
    m_number->setEnabled(m_application.has_value());
    m_number->setText(m_application ? m_application->registrationNumber : tr("not saved yet"));
    m_state->setText(m_application ? stateLabel(m_application->state)
                                   : tr("The number is given at the first save."));
    m_printReceipt->setEnabled(m_application && !m_application->registrationNumber.isEmpty());
    setEditable(isEditable());
    showBanner(bannerText());
}

void ApplicationForm::printReceipt()
{
    if (!m_application)
        return;
    // The receipt shows what is stored, so what was typed since the last save is saved first.
    if (m_unsaved && isEditable() && !storeDraft())
        return;

    const OfficeInfo office = m_workspace.office();
    const std::optional<Region> regency =
        m_workspace.regions().find(office.code.section(u'.', 0, 1));
    Result<ReceiptContent> content =
        Receipts::contentFor(*m_application, office, m_workspace.catalogue(), m_workspace.clock(),
                             regency ? regency->name : QString());
    if (!content) {
        m_prompter.showError(this, tr("Print receipt"), content.errorMessage());
        return;
    }
    const std::optional<int> choice = m_prompter.choose(
        this, tr("Print receipt"), tr("Print the receipt, or save it as a PDF file?"),
        {tr("Print..."), tr("Save as PDF (A4)"), tr("Save as PDF (F4, 215 x 330 mm)")});
    if (!choice)
        return;
    Status done = outputReceipt(*choice, *content);
    if (!done && !done.errorMessage().isEmpty()) {
        qCWarning(lcUi) << "receipt not printed:" << done.error().code;
        m_prompter.showError(this, tr("Print receipt"), done.errorMessage());
    }
}

// The receipt is recorded once the person has chosen where it goes and before it is written,
// so nothing leaves the program unrecorded; an empty error means they cancelled.
Status ApplicationForm::outputReceipt(int choice, const ReceiptContent& content)
{
    const auto record = [&](const QString& how) {
        return Receipts::recordPrinted(m_workspace.database(), m_workspace.clock(), m_user,
                                       *m_application, how);
    };
    if (choice == kReceiptPrinter) {
        QPrinter printer(QPrinter::HighResolution);
        printer.setPageSize(QPageSize(QPageSize::A4));
        printer.setDocName(content.registrationNumber);
        if (!m_prompter.askPrinter(this, printer))
            return Error{};
        if (Status recorded = record(u"receipt printed"_s); !recorded)
            return recorded;
        return statusOf(paintReceipt(content, printer));
    }

    const bool f4 = choice == kReceiptPdfF4;
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
                              u"/tanda-terima-"_s + content.registrationNumber + u".pdf"_s;
    const std::optional<QString> path =
        m_prompter.askSaveFile(this, tr("Save receipt as PDF"), suggested, tr("PDF files (*.pdf)"));
    if (!path)
        return Error{};
    if (Status recorded =
            record(f4 ? u"receipt saved as PDF, F4"_s : u"receipt saved as PDF, A4"_s);
        !recorded)
        return recorded;
    return statusOf(writeReceiptPdf(content, f4 ? f4PageSize() : QPageSize(QPageSize::A4), *path));
}

// What the clerk must know about the application beyond its fields: why it came back, what was
// confirmed, when it was last saved.
QString ApplicationForm::bannerText() const
{
    if (!m_application)
        return {};
    const Application& application = *m_application;
    QStringList lines;
    if (application.state == ApplicationState::Returned ||
        application.state == ApplicationState::Rejected) {
        lines.append(
            colouredHtml(tr("%1: %2").arg(stateLabel(application.state), application.stateReason),
                         errorColor()));
    }
    if (!application.editable() && !application.confirmedWarnings.isEmpty()) {
        lines.append(colouredHtml(tr("Warnings confirmed at submission: %1")
                                      .arg(application.confirmedWarnings.join(u' ')),
                                  warningColor()));
    } else if (!application.editable()) {
        lines.append(tr("%1. This application can no longer be changed here.")
                         .arg(stateLabel(application.state))
                         .toHtmlEscaped());
    } else if (!m_savedNote.isEmpty()) {
        lines.append(colouredHtml(m_savedNote, successColor()));
    }
    return lines.join(u"<br>"_s);
}

void ApplicationForm::showBanner(const QString& html)
{
    m_banner->setText(html);
    m_banner->setVisible(!html.isEmpty());
}

bool ApplicationForm::isEditable() const
{
    const bool allowed = isAllowed(m_user.role, Action::CaptureApplication);
    return allowed && (!m_application || m_application->editable());
}

void ApplicationForm::setEditable(bool editable)
{
    for (FieldEditor* editor : std::as_const(m_editors))
        editor->setReadOnly(!editable);
    for (MemberListEditor* members : std::as_const(m_memberLists)) {
        members->setReadOnly(!editable);
        if (!editable)
            members->hideFindings();
    }
    m_requirements->setReadOnly(!editable);
    m_findings->setVisible(editable);
    m_save->setVisible(editable);
    m_submit->setVisible(editable);
    if (!editable) {
        for (QLabel* message : std::as_const(m_fieldMessages))
            message->hide();
    }
}

} // namespace sipelanduk
