#include "Clock.h"

#include <QTimeZone>

namespace sipelanduk {

QString Clock::nowUtcText() const
{
    return toUtcText(now());
}

QString toUtcText(const QDateTime& instant)
{
    return instant.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromUtcText(const QString& text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(text, Qt::ISODate);
    return parsed;
}

} // namespace sipelanduk
