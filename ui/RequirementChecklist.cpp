#include "RequirementChecklist.h"

#include "domain/Catalogue.h"

#include <QCheckBox>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kCodeProperty = "requirementCode";

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
            addBox(members.first()->code, members.first()->label.text(language), this));
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
        frameLayout->addWidget(addBox(requirement->code, requirement->label.text(language), frame));
    layout()->addWidget(frame);
}

QCheckBox* RequirementChecklist::addBox(const QString& code, const QString& label, QWidget* parent)
{
    auto* box = new QCheckBox(label, parent);
    box->setObjectName(u"requirement."_s + code);
    box->setProperty(kCodeProperty, code);
    connect(box, &QCheckBox::toggled, this, &RequirementChecklist::changed);
    m_boxes.append(box);
    return box;
}

QStringList RequirementChecklist::checkedCodes() const
{
    QStringList codes;
    for (const QCheckBox* box : m_boxes) {
        if (box->isChecked())
            codes.append(box->property(kCodeProperty).toString());
    }
    return codes;
}

void RequirementChecklist::setCheckedCodes(const QStringList& codes)
{
    for (QCheckBox* box : std::as_const(m_boxes))
        box->setChecked(codes.contains(box->property(kCodeProperty).toString()));
}

void RequirementChecklist::setReadOnly(bool readOnly)
{
    for (QCheckBox* box : std::as_const(m_boxes))
        box->setEnabled(!readOnly);
}

} // namespace sipelanduk
