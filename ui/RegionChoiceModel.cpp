#include "RegionChoiceModel.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sipelanduk {

RegionChoiceModel::RegionChoiceModel(QList<RegionChoice> choices, QObject* parent)
    : QAbstractListModel(parent)
    , m_choices(std::move(choices))
{
    // Shown and compared on every keystroke, so written out once.
    m_display.reserve(m_choices.size());
    for (const RegionChoice& choice : std::as_const(m_choices))
        m_display.append(displayText(choice));
}

int RegionChoiceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_choices.size());
}

QVariant RegionChoiceModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_choices.size())
        return {};
    const RegionChoice& choice = m_choices.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return m_display.at(index.row());
    case Qt::ToolTipRole:
        return m_display.at(index.row());
    case CodeRole:
        return choice.code;
    case NameRole:
        return choice.name;
    default:
        return {};
    }
}

QString RegionChoiceModel::codeFor(const QString& text) const
{
    const qsizetype shown = m_display.indexOf(text);
    if (shown >= 0)
        return m_choices.at(shown).code;
    QString byName;
    for (const RegionChoice& choice : m_choices) {
        if (choice.name.compare(text, Qt::CaseInsensitive) != 0)
            continue;
        if (!byName.isEmpty())
            return {};
        byName = choice.code;
    }
    if (!byName.isEmpty())
        return byName;
    static const QRegularExpression code(u"\\b\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}\\b"_s);
    const QRegularExpressionMatch match = code.match(text);
    return match.hasMatch() ? match.captured() : QString();
}

QString RegionChoiceModel::displayText(const RegionChoice& choice)
{
    switch (choice.level) {
    case RegionLevel::Village:
        return tr("%1, Kec. %2 (%3)").arg(choice.name, choice.within, choice.code);
    case RegionLevel::District:
        return tr("Kec. %1, %2 (%3)").arg(choice.name, choice.within, choice.code);
    case RegionLevel::Province:
    case RegionLevel::Regency:
        break;
    }
    return u"%1, %2 (%3)"_s.arg(choice.name, choice.within, choice.code);
}

std::shared_ptr<RegionChoiceModel> RegionChoices::villages()
{
    if (!m_villages)
        m_villages = load(RegionLevel::Village);
    return m_villages;
}

std::shared_ptr<RegionChoiceModel> RegionChoices::places()
{
    if (!m_places)
        m_places = load(RegionLevel::Regency);
    return m_places;
}

std::shared_ptr<RegionChoiceModel> RegionChoices::load(RegionLevel highest) const
{
    QList<RegionChoice> choices;
    if (m_regions)
        choices = m_regions->choices(m_home, highest);
    return std::make_shared<RegionChoiceModel>(std::move(choices));
}

} // namespace sipelanduk
