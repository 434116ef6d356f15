#include "MemberListEditor.h"

#include "Palette.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QLabel* messageLabel(const QString& key, QWidget* parent)
{
    auto* message = new QLabel(parent);
    message->setObjectName(key + u".message"_s);
    message->setWordWrap(true);
    message->hide();
    return message;
}

QString htmlOf(const QList<Finding>& findings, const QString& key)
{
    QStringList lines;
    for (const Finding& finding : findings) {
        if (finding.field != key)
            continue;
        lines.append(colouredHtml(
            finding.message, finding.severity == Severity::Error ? errorColor() : warningColor()));
    }
    return lines.join(u"<br>"_s);
}

void showHtml(QLabel* label, const QString& html, bool visible)
{
    label->setText(html);
    label->setVisible(visible && !html.isEmpty());
}

QFormLayout* cardForm()
{
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setVerticalSpacing(6);
    return form;
}

} // namespace

MemberListEditor::MemberListEditor(const Section& section, const FieldEditorContext& context,
                                   QWidget* parent)
    : QWidget(parent)
    , m_section(section)
    , m_context(context)
{
    setObjectName(u"memberList:"_s + section.repeat.key);
    m_message = messageLabel(section.repeat.key, this);
    m_add = new QPushButton(tr("Add member"), this);
    m_add->setObjectName(section.repeat.key + u".add"_s);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addCard();
        Q_EMIT edited(m_section.repeat.key);
    });

    m_cardsLayout = new QVBoxLayout;
    m_cardsLayout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addLayout(m_cardsLayout);
    layout->addLayout(buttons);
    setValue(QJsonValue(QJsonValue::Undefined));
}

QJsonValue MemberListEditor::value() const
{
    if (m_cards.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    QJsonArray members;
    for (const Card& card : m_cards) {
        QJsonObject member;
        for (qsizetype i = 0; i < card.editors.size(); ++i) {
            const QJsonValue value = card.editors.at(i)->value();
            if (!value.isUndefined())
                member.insert(m_section.fields.at(i).key, value);
        }
        members.append(member);
    }
    return members;
}

// A list that is not stored yet starts with as many empty cards as the service demands.
void MemberListEditor::setValue(const QJsonValue& value)
{
    clearCards();
    const QJsonArray members = value.toArray();
    const qsizetype count = value.isArray() ? members.size() : m_section.repeat.min;
    for (qsizetype index = 0; index < count; ++index) {
        addCard();
        const QJsonObject member = members.at(index).toObject();
        for (qsizetype i = 0; i < m_cards.last().editors.size(); ++i)
            m_cards.last().editors.at(i)->setValue(member.value(m_section.fields.at(i).key));
    }
    updateButtons();
}

void MemberListEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (const Card& card : std::as_const(m_cards)) {
        for (FieldEditor* editor : card.editors)
            editor->setReadOnly(readOnly);
    }
    updateButtons();
}

void MemberListEditor::showFindings(const QList<Finding>& findings,
                                    const std::function<bool(const QString&)>& visible)
{
    showHtml(m_message, htmlOf(findings, m_section.repeat.key), visible(m_section.repeat.key));
    for (const Card& card : std::as_const(m_cards)) {
        for (qsizetype i = 0; i < card.editors.size(); ++i) {
            const QString key = card.editors.at(i)->spec().key;
            showHtml(card.messages.at(i), htmlOf(findings, key), visible(key));
        }
        const QString cardKey = card.box->objectName();
        showHtml(card.messages.last(), htmlOf(findings, cardKey), visible(cardKey));
    }
}

void MemberListEditor::hideFindings()
{
    m_message->hide();
    for (const Card& card : std::as_const(m_cards)) {
        for (QLabel* message : card.messages)
            message->hide();
    }
}

QWidget* MemberListEditor::focusField(const QString& key)
{
    for (const Card& card : std::as_const(m_cards)) {
        for (FieldEditor* editor : card.editors) {
            if (editor->spec().key == key) {
                editor->input()->setFocus(Qt::OtherFocusReason);
                return editor;
            }
        }
    }
    return nullptr;
}

void MemberListEditor::addCard()
{
    m_cards.append(createCard(count()));
    m_cardsLayout->addWidget(m_cards.last().box);
    // A card added to a form already on screen is shown now, not at the next turn of the loop.
    m_cards.last().box->show();
    updateButtons();
}

// The card's fields in two columns, each editor with its message under it; a message about the
// member as a whole comes last.
MemberListEditor::Card MemberListEditor::createCard(int index)
{
    Card card;
    auto* box = new QGroupBox(tr("Member %1").arg(index + 1), this);
    box->setObjectName(u"%1[%2]"_s.arg(m_section.repeat.key).arg(index));
    card.box = box;
    QList<QFormLayout*> columns{cardForm(), cardForm()};
    const qsizetype half = (m_section.fields.size() + 1) / 2;
    for (qsizetype i = 0; i < m_section.fields.size(); ++i) {
        FieldSpec spec = m_section.fields.at(i);
        spec.key = memberFieldKey(m_section.repeat.key, index, spec.key);
        FieldEditor* editor = createFieldEditor(spec, m_context, box);
        editor->setReadOnly(m_readOnly);
        auto* cell = new QWidget(box);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(editor);
        card.messages.append(messageLabel(spec.key, cell));
        cellLayout->addWidget(card.messages.last());
        const QString label = spec.label.text(m_context.language);
        auto* caption = new QLabel(spec.required ? tr("%1 *").arg(label) : label, box);
        caption->setBuddy(editor->input());
        columns.at(i < half ? 0 : 1)->addRow(caption, cell);
        card.editors.append(editor);
        connect(editor, &FieldEditor::edited, this,
                [this, editor] { Q_EMIT edited(editor->spec().key); });
    }
    card.messages.append(messageLabel(box->objectName(), box));

    card.remove = new QPushButton(tr("Remove member %1").arg(index + 1), box);
    card.remove->setObjectName(box->objectName() + u".remove"_s);
    connect(card.remove, &QPushButton::clicked, this, [this, index] { removeCard(index); });
    auto* fields = new QHBoxLayout;
    fields->addLayout(columns.at(0), 1);
    fields->addLayout(columns.at(1), 1);
    auto* footer = new QHBoxLayout;
    footer->addWidget(card.messages.last(), 1);
    footer->addWidget(card.remove, 0, Qt::AlignRight);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(fields);
    layout->addLayout(footer);
    return card;
}

// The cards after it move up and take their new numbers, as the stored array will.
void MemberListEditor::removeCard(int index)
{
    QJsonArray members = value().toArray();
    if (index < 0 || index >= members.size())
        return;
    members.removeAt(index);
    setValue(members);
    Q_EMIT edited(m_section.repeat.key);
}

// A removed card leaves the widget tree at once, so nothing finds its editors any more; it is
// deleted later because its own button may be the one being clicked.
void MemberListEditor::clearCards()
{
    for (const Card& card : std::as_const(m_cards)) {
        card.box->hide();
        card.box->setParent(nullptr);
        card.box->deleteLater();
    }
    m_cards.clear();
}

void MemberListEditor::updateButtons()
{
    m_add->setVisible(!m_readOnly);
    m_add->setEnabled(count() < m_section.repeat.max);
    for (const Card& card : std::as_const(m_cards)) {
        card.remove->setVisible(!m_readOnly);
        card.remove->setEnabled(count() > m_section.repeat.min);
    }
}

} // namespace sipelanduk
