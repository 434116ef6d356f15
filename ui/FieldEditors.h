#pragma once

#include "domain/Catalogue.h"

#include <QDate>
#include <QJsonValue>
#include <QList>
#include <QWidget>

#include <memory>

namespace sipelanduk {

class RegionChoices;

// What the editors need to know beyond the field itself.
struct FieldEditorContext
{
    QString language;
    std::shared_ptr<RegionChoices> regions;
    QDate today;
};

// One editor for one field of the catalogue. The widget that takes the input carries the field's
// key as its object name ("child.name"), so a test can find it the way a person reads the form.
class FieldEditor : public QWidget
{
    Q_OBJECT

public:
    const FieldSpec& spec() const { return m_spec; }

    // The value as core stores it; undefined when nothing was entered.
    virtual QJsonValue value() const = 0;
    virtual void setValue(const QJsonValue& value) = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    // The widget that takes the keyboard when the field is pointed at.
    virtual QWidget* input() const = 0;

Q_SIGNALS:
    void edited();

protected:
    FieldEditor(const FieldSpec& spec, QWidget* parent);

private:
    FieldSpec m_spec;
};

FieldEditor* createFieldEditor(const FieldSpec& spec, const FieldEditorContext& context,
                               QWidget* parent);

} // namespace sipelanduk
