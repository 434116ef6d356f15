#include "FieldEditors.h"

#include "RegionChoiceModel.h"

#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QJsonValue textValue(const QString& text)
{
    return text.trimmed().isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(text);
}

QHBoxLayout* rowLayout(QWidget* owner)
{
    auto* layout = new QHBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    return layout;
}

// A wheel turned while the pointer passes over a form must scroll the form, not change the date
// or the choice under the pointer.
class WheelGuard final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (event->type() == QEvent::Wheel && widget && !widget->hasFocus()) {
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
};

void guardWheel(QWidget* widget)
{
    widget->setFocusPolicy(Qt::StrongFocus);
    widget->installEventFilter(new WheelGuard(widget));
}

// A read-only line looks like the surrounding form, so nobody mistakes a sealed application for
// one that can still be typed into; its text stays selectable for copying.
void setLineReadOnly(QLineEdit* edit, bool readOnly)
{
    edit->setReadOnly(readOnly);
    QPalette palette = edit->palette();
    const QPalette defaults = edit->style()->standardPalette();
    palette.setColor(QPalette::Base,
                     readOnly ? defaults.color(QPalette::Window) : defaults.color(QPalette::Base));
    edit->setPalette(palette);
}

} // namespace

FieldEditor::FieldEditor(const FieldSpec& spec, QWidget* parent)
    : QWidget(parent)
    , m_spec(spec)
{
    setObjectName(u"editor:"_s + spec.key);
}

// Names and free text, kept exactly as typed: no automatic capitals, no corrections.
class TextEditor final : public FieldEditor
{
    Q_OBJECT

public:
    TextEditor(const FieldSpec& spec, QWidget* parent)
        : FieldEditor(spec, parent)
        , m_edit(new QLineEdit(this))
    {
        m_edit->setObjectName(spec.key);
        m_edit->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
        m_edit->setMinimumWidth(QFontMetrics(m_edit->font()).averageCharWidth() * 24);
        rowLayout(this)->addWidget(m_edit);
        connect(m_edit, &QLineEdit::textChanged, this, &FieldEditor::edited);
    }

    QJsonValue value() const override { return textValue(m_edit->text()); }
    void setValue(const QJsonValue& value) override { m_edit->setText(value.toString()); }
    void setReadOnly(bool readOnly) override { setLineReadOnly(m_edit, readOnly); }
    QWidget* input() const override { return m_edit; }

private:
    QLineEdit* m_edit;
};

// A NIK or KK number, with the explicit "no NIK yet" answer where the service allows it.
class IdentityNumberEditor final : public FieldEditor
{
    Q_OBJECT

public:
    IdentityNumberEditor(const FieldSpec& spec, QWidget* parent)
        : FieldEditor(spec, parent)
        , m_edit(new QLineEdit(this))
    {
        m_edit->setObjectName(spec.key);
        m_edit->setPlaceholderText(tr("16 digits"));
        m_edit->setMaxLength(32);
        m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_edit->setInputMethodHints(Qt::ImhPreferNumbers);
        // The whole number stays readable: a clerk compares all 16 digits with the card.
        m_edit->setMinimumWidth(
            QFontMetrics(m_edit->font()).horizontalAdvance(u"0000 0000 0000 0000"_s) + 16);
        QHBoxLayout* layout = rowLayout(this);
        layout->addWidget(m_edit, 1);
        connect(m_edit, &QLineEdit::textChanged, this, &FieldEditor::edited);
        if (spec.allowNone)
            setupNoneBox(layout);
    }

    QJsonValue value() const override
    {
        if (m_none && m_none->isChecked())
            return QJsonValue(QJsonValue::Null);
        return textValue(m_edit->text());
    }

    void setValue(const QJsonValue& value) override
    {
        if (m_none)
            m_none->setChecked(value.isNull());
        m_edit->setText(value.toString());
    }

    void setReadOnly(bool readOnly) override
    {
        setLineReadOnly(m_edit, readOnly);
        if (m_none)
            m_none->setEnabled(!readOnly);
    }

    QWidget* input() const override { return m_edit; }

private:
    void setupNoneBox(QHBoxLayout* layout)
    {
        m_none = new QCheckBox(
            spec().type == FieldType::Nik ? tr("No NIK yet") : tr("No number yet"), this);
        m_none->setObjectName(spec().key + u".none"_s);
        layout->addWidget(m_none);
        connect(m_none, &QCheckBox::toggled, this, [this](bool none) {
            m_edit->setEnabled(!none);
            Q_EMIT edited();
        });
    }

    QLineEdit* m_edit;
    QCheckBox* m_none = nullptr;
};

// A QDateEdit that can also be empty. An untouched date must never be stored as some default
// day, so the empty state is the lowest date, shown as "not filled"; typing or picking from the
// calendar fills it, the clear button empties it again.
class OptionalDateEdit final : public QDateEdit
{
    Q_OBJECT

public:
    OptionalDateEdit(const QDate& today, QWidget* parent)
        : QDateEdit(parent)
        , m_today(today)
    {
        setDisplayFormat(u"dd-MM-yyyy"_s);
        setCalendarPopup(true);
        setMinimumDate(QDate(1800, 1, 1));
        setSpecialValueText(tr("not filled"));
        setEmpty();
        calendarWidget()->installEventFilter(this);
    }

    bool isEmpty() const { return date() == minimumDate(); }
    void setEmpty() { setDate(minimumDate()); }

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if (isEmpty() && startsTyping(*event)) {
            // Start from a neutral day of this year; what the clerk types replaces it section by
            // section, and anything left over stays visible.
            setDate(QDate(m_today.year(), 1, 1));
            setSelectedSection(QDateTimeEdit::DaySection);
        }
        QDateEdit::keyPressEvent(event);
    }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // The calendar of an empty date opens on this month, not on the year 1800.
        if (watched == calendarWidget() && event->type() == QEvent::Show && isEmpty())
            calendarWidget()->setCurrentPage(m_today.year(), m_today.month());
        return QDateEdit::eventFilter(watched, event);
    }

private:
    static bool startsTyping(const QKeyEvent& event)
    {
        const QString text = event.text();
        return (!text.isEmpty() && text.front().isDigit()) || event.key() == Qt::Key_Up ||
               event.key() == Qt::Key_Down;
    }

    QDate m_today;
};

class DateEditor final : public FieldEditor
{
    Q_OBJECT

public:
    DateEditor(const FieldSpec& spec, const QDate& today, QWidget* parent)
        : FieldEditor(spec, parent)
        , m_edit(new OptionalDateEdit(today, this))
        , m_clear(new QToolButton(this))
    {
        m_edit->setObjectName(spec.key);
        m_edit->setMinimumWidth(150);
        guardWheel(m_edit);
        m_clear->setObjectName(spec.key + u".clear"_s);
        m_clear->setIcon(style()->standardIcon(QStyle::SP_LineEditClearButton));
        m_clear->setToolTip(tr("Clear the date"));
        m_clear->setAutoRaise(true);
        QHBoxLayout* layout = rowLayout(this);
        layout->addWidget(m_edit);
        layout->addWidget(m_clear);
        layout->addStretch(1);
        connect(m_clear, &QToolButton::clicked, m_edit, &OptionalDateEdit::setEmpty);
        connect(m_edit, &QDateEdit::dateChanged, this, [this] {
            m_unreadable.clear();
            Q_EMIT edited();
        });
    }

    QJsonValue value() const override
    {
        if (m_edit->isEmpty())
            return textValue(m_unreadable);
        return m_edit->date().toString(Qt::ISODate);
    }

    void setValue(const QJsonValue& value) override
    {
        const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
        if (date.isValid()) {
            m_edit->setDate(date);
            return;
        }
        m_edit->setEmpty();
        // A stored text that is not a date stays as it is until the clerk enters a date, so that
        // core keeps pointing at it instead of it vanishing on the next save.
        m_unreadable = value.toString();
    }

    void setReadOnly(bool readOnly) override
    {
        // A read-only date edit keeps its calendar button but does not open the calendar.
        m_edit->setReadOnly(readOnly);
        m_clear->setVisible(!readOnly);
    }

    QWidget* input() const override { return m_edit; }

private:
    OptionalDateEdit* m_edit;
    QToolButton* m_clear;
    QString m_unreadable;
};

// One value out of a short list: sex, or a choice of the catalogue.
class ChoiceEditor final : public FieldEditor
{
    Q_OBJECT

public:
    ChoiceEditor(const FieldSpec& spec, const QList<std::pair<QString, QString>>& options,
                 QWidget* parent)
        : FieldEditor(spec, parent)
        , m_combo(new QComboBox(this))
    {
        m_combo->setObjectName(spec.key);
        m_combo->addItem(tr("(choose)"), QString());
        for (const auto& [value, label] : options)
            m_combo->addItem(label, value);
        guardWheel(m_combo);
        QHBoxLayout* layout = rowLayout(this);
        layout->addWidget(m_combo);
        layout->addStretch(1);
        connect(m_combo, &QComboBox::currentIndexChanged, this, &FieldEditor::edited);
    }

    QJsonValue value() const override { return textValue(m_combo->currentData().toString()); }

    void setValue(const QJsonValue& value) override
    {
        const QString text = value.toString();
        int index = m_combo->findData(text);
        if (index < 0 && !text.isEmpty()) {
            // A value from an older catalogue is shown as it is rather than silently dropped.
            m_combo->addItem(text, text);
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(qMax(index, 0));
    }

    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }
    QWidget* input() const override { return m_combo; }

private:
    QComboBox* m_combo;
};

// A desa/kelurahan: typed by name or code with completion, stored as its region code.
class VillageEditor final : public FieldEditor
{
    Q_OBJECT

public:
    VillageEditor(const FieldSpec& spec, std::shared_ptr<RegionChoiceModel> villages,
                  QWidget* parent)
        : FieldEditor(spec, parent)
        , m_villages(std::move(villages))
        , m_combo(new QComboBox(this))
    {
        m_combo->setObjectName(spec.key);
        m_combo->setEditable(true);
        m_combo->setInsertPolicy(QComboBox::NoInsert);
        m_combo->setMaxVisibleItems(15);
        // The longest entry would otherwise set the width of the whole form column.
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_combo->setMinimumContentsLength(24);
        m_combo->setModel(m_villages.get());
        setupCompletion();
        guardWheel(m_combo);
        rowLayout(this)->addWidget(m_combo);
        connect(m_combo, &QComboBox::editTextChanged, this, &FieldEditor::edited);
        // Once chosen, the start of the entry (the village's name) is what must stay in view.
        connect(m_combo->lineEdit(), &QLineEdit::editingFinished, this,
                [this] { m_combo->lineEdit()->setCursorPosition(0); });
    }

    // The list is shared with other forms and may go before this editor's children do.
    ~VillageEditor() override { delete m_combo; }

    QJsonValue value() const override
    {
        const QString text = m_combo->currentText().trimmed();
        if (text.isEmpty())
            return QJsonValue(QJsonValue::Undefined);
        const int current = m_combo->currentIndex();
        if (current >= 0 && m_combo->itemText(current) == text)
            return m_combo->itemData(current, RegionChoiceModel::CodeRole).toString();
        // Anything the list does not know goes to core as typed, which says what is wrong.
        const QString code = m_villages->codeFor(text);
        return code.isEmpty() ? text : code;
    }

    void setValue(const QJsonValue& value) override
    {
        const int index = m_combo->findData(value.toString(), RegionChoiceModel::CodeRole);
        m_combo->setCurrentIndex(index);
        if (index < 0)
            m_combo->setEditText(value.toString());
        m_combo->lineEdit()->setCursorPosition(0);
    }

    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }
    QWidget* input() const override { return m_combo; }

private:
    void setupCompletion()
    {
        m_combo->setCurrentIndex(-1);
        m_combo->lineEdit()->setPlaceholderText(tr("Type the name or the code of the village"));
        QCompleter* completer = m_combo->completer();
        completer->setFilterMode(Qt::MatchContains);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setCompletionMode(QCompleter::PopupCompletion);
    }

    std::shared_ptr<RegionChoiceModel> m_villages;
    QComboBox* m_combo;
};

// A place of birth: free text, with the regions of the table offered by name while typing. A
// place picked from the list keeps its region code for as long as its name stays as picked; a
// place abroad or one the table does not know is typed and kept as text alone.
class PlaceEditor final : public FieldEditor
{
    Q_OBJECT

public:
    PlaceEditor(const FieldSpec& spec, std::shared_ptr<RegionChoiceModel> places, QWidget* parent)
        : FieldEditor(spec, parent)
        , m_places(std::move(places))
        , m_edit(new QLineEdit(this))
    {
        m_edit->setObjectName(spec.key);
        m_edit->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
        m_edit->setMinimumWidth(QFontMetrics(m_edit->font()).averageCharWidth() * 24);
        m_edit->setPlaceholderText(tr("Type the name of the kabupaten/kota, kecamatan or village"));
        setupCompletion();
        rowLayout(this)->addWidget(m_edit);
        connect(m_edit, &QLineEdit::textChanged, this, &FieldEditor::edited);
    }

    // The list is shared with other forms and may go before this editor's children do.
    ~PlaceEditor() override { delete m_edit; }

    QJsonValue value() const override
    {
        const QString text = m_edit->text();
        if (m_code.isEmpty() || text.trimmed() != m_pickedName)
            return textValue(text);
        return QJsonObject{{u"text"_s, text.trimmed()}, {u"code"_s, m_code}};
    }

    void setValue(const QJsonValue& value) override
    {
        const bool picked = value.isObject();
        m_code = picked ? value.toObject().value("code"_L1).toString() : QString();
        m_pickedName = picked ? value.toObject().value("text"_L1).toString() : QString();
        m_edit->setText(picked ? m_pickedName : value.toString());
    }

    void setReadOnly(bool readOnly) override { setLineReadOnly(m_edit, readOnly); }
    QWidget* input() const override { return m_edit; }

private:
    void setupCompletion()
    {
        auto* completer = new QCompleter(m_places.get(), m_edit);
        completer->setObjectName(spec().key + u".completer"_s);
        // Matched and filled in by the region's own name; the list shows where it lies.
        completer->setCompletionRole(RegionChoiceModel::NameRole);
        completer->setFilterMode(Qt::MatchContains);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setCompletionMode(QCompleter::PopupCompletion);
        completer->setMaxVisibleItems(12);
        m_edit->setCompleter(completer);
        connect(completer, qOverload<const QModelIndex&>(&QCompleter::activated), this,
                [this](const QModelIndex& index) {
                    m_code = index.data(RegionChoiceModel::CodeRole).toString();
                    m_pickedName = index.data(RegionChoiceModel::NameRole).toString();
                    Q_EMIT edited();
                });
    }

    std::shared_ptr<RegionChoiceModel> m_places;
    QLineEdit* m_edit;
    QString m_code;
    QString m_pickedName;
};

namespace {

RegionChoices& regionsOf(const FieldEditorContext& context)
{
    static RegionChoices none;
    return context.regions ? *context.regions : none;
}

} // namespace

FieldEditor* createFieldEditor(const FieldSpec& spec, const FieldEditorContext& context,
                               QWidget* parent)
{
    switch (spec.type) {
    case FieldType::Name:
    case FieldType::Text:
        return new TextEditor(spec, parent);
    case FieldType::Nik:
    case FieldType::FamilyCard:
        return new IdentityNumberEditor(spec, parent);
    case FieldType::Date:
        return new DateEditor(spec, context.today, parent);
    case FieldType::Sex:
        return new ChoiceEditor(
            spec, {{u"1"_s, FieldEditor::tr("Male")}, {u"2"_s, FieldEditor::tr("Female")}}, parent);
    case FieldType::Village:
        return new VillageEditor(spec, regionsOf(context).villages(), parent);
    case FieldType::Place:
        return new PlaceEditor(spec, regionsOf(context).places(), parent);
    case FieldType::Choice: {
        QList<std::pair<QString, QString>> options;
        for (const FieldOption& option : spec.options)
            options.append({option.value, option.label.text(context.language)});
        return new ChoiceEditor(spec, options, parent);
    }
    }
    return new TextEditor(spec, parent);
}

} // namespace sipelanduk

#include "FieldEditors.moc"
