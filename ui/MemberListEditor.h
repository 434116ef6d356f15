#pragma once

#include "FieldEditors.h"
#include "Workspace.h"
#include "domain/ApplicationRules.h"
#include "domain/Catalogue.h"

#include <QJsonValue>
#include <QList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace sipelanduk {

// The people of a repeated section (the members of a family on the F-1.01), one card each. The
// editors of a card carry the member's field keys ("members[1].nik"), so core's findings, the
// findings panel and a test all reach the same widget.
class MemberListEditor : public QWidget
{
    Q_OBJECT

public:
    MemberListEditor(const Section& section, const FieldEditorContext& context,
                     QWidget* parent = nullptr);

    const Section& section() const { return m_section; }
    int count() const { return static_cast<int>(m_cards.size()); }

    // An array of one object per card; undefined when there is no card.
    QJsonValue value() const;
    void setValue(const QJsonValue& value);
    void setReadOnly(bool readOnly);

    // Shows each finding under its member's field; `visible` says which keys may show theirs.
    void showFindings(const QList<Finding>& findings,
                      const std::function<bool(const QString&)>& visible);
    void hideFindings();
    // The editor of `key`, focused, or null when it is not in this list.
    QWidget* focusField(const QString& key);

Q_SIGNALS:
    void edited(const QString& key);

private:
    struct Card
    {
        QWidget* box = nullptr;
        QPushButton* remove = nullptr;
        QList<FieldEditor*> editors;
        QList<QLabel*> messages;
    };

    void addCard();
    Card createCard(int index);
    void removeCard(int index);
    void clearCards();
    void updateButtons();

    Section m_section;
    FieldEditorContext m_context;
    bool m_readOnly = false;
    QList<Card> m_cards;
    QVBoxLayout* m_cardsLayout = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_add = nullptr;
};

} // namespace sipelanduk
