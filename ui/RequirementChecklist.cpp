#include "RequirementChecklist.h"

#include "RequirementRow.h"
#include "domain/Catalogue.h"

#include <QCheckBox>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QString groupOf(const Requirement& requirement)
{
    return requirement.group.isEmpty() ? requirement.code : requirement.group;
}

} // namespace

RequirementChecklist::RequirementChecklist(const Service& service, const QString& language,
                                           QWidget* parent)
    : QGroupBox(tr("Documents shown"), parent)
{
    setObjectName(u"requirements"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(6);
    const QStringList groups = service.requirementGroups();
    for (const QString& group : groups)
        addGroup(service, group, language);

    m_scanStatus = new QLabel(this);
    m_scanStatus->setObjectName(u"scan.status"_s);
    m_scanStatus->setWordWrap(true);
    m_scanStatus->hide();
    layout->addWidget(m_scanStatus);
    layout->addStretch(1);
}

void RequirementChecklist::addGroup(const Service& service, const QString& group,
                                    const QString& language)
{
    QList<const Requirement*> members;
    for (const Requirement& requirement : service.requirements) {
        if (groupOf(requirement) == group)
            members.append(&requirement);
    }
    if (members.size() == 1) {
        layout()->addWidget(
            addRow(members.first()->code, members.first()->label.text(language), this));
        return;
    }

    auto* frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    auto* frameLayout = new QVBoxLayout(frame);
    frameLayout->setContentsMargins(8, 6, 8, 6);
    frameLayout->setSpacing(4);
    auto* caption = new QLabel(tr("One of these:"), frame);
    caption->setEnabled(false);
    frameLayout->addWidget(caption);
    for (const Requirement* requirement : std::as_const(members))
        frameLayout->addWidget(addRow(requirement->code, requirement->label.text(language), frame));
    layout()->addWidget(frame);
}

RequirementRow* RequirementChecklist::addRow(const QString& code, const QString& label,
                                             QWidget* parent)
{
    auto* row = new RequirementRow(code, label, parent);
    connect(row->box(), &QCheckBox::toggled, this, &RequirementChecklist::changed);
    connect(row, &RequirementRow::attachRequested, this, &RequirementChecklist::attachRequested);
    connect(row, &RequirementRow::filesDropped, this, &RequirementChecklist::filesDropped);
    connect(row, &RequirementRow::removeRequested, this, &RequirementChecklist::removeRequested);
    connect(row, &RequirementRow::scanSelected, this, &RequirementChecklist::scanSelected);
    m_rows.append(row);
    return row;
}

QStringList RequirementChecklist::checkedCodes() const
{
    QStringList codes;
    for (const RequirementRow* row : m_rows) {
        if (row->box()->isChecked())
            codes.append(row->code());
    }
    return codes;
}

void RequirementChecklist::setCheckedCodes(const QStringList& codes)
{
    for (RequirementRow* row : std::as_const(m_rows))
        row->box()->setChecked(codes.contains(row->code()));
}

void RequirementChecklist::setReadOnly(bool readOnly)
{
    for (RequirementRow* row : std::as_const(m_rows)) {
        row->box()->setEnabled(!readOnly);
        row->setScansEditable(!readOnly);
    }
}

void RequirementChecklist::setScans(const QList<AttachedScan>& scans)
{
    for (RequirementRow* row : std::as_const(m_rows))
        row->setScans(scans);
}

void RequirementChecklist::setAttachReady(bool ready, const QString& reason)
{
    for (RequirementRow* row : std::as_const(m_rows))
        row->setAttachReady(ready, reason);
}

void RequirementChecklist::setScanStatus(const QString& message)
{
    m_scanStatus->setText(message);
    m_scanStatus->setVisible(!message.isEmpty());
}

} // namespace sipelanduk
