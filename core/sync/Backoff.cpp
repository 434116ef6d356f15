#include "sync/Backoff.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace sipelanduk::backoff {

std::chrono::milliseconds ceiling(const Policy& policy, int failures)
{
    const qint64 base = std::max<qint64>(policy.base.count(), 1);
    const qint64 cap = std::max<qint64>(policy.cap.count(), base);
    qint64 wait = base;
    for (int doubled = 1; doubled < failures && wait < cap; ++doubled)
        wait *= 2;
    return std::chrono::milliseconds(std::min(wait, cap));
}

std::chrono::milliseconds delay(const Policy& policy, int failures, QRandomGenerator& random)
{
    const qint64 top = ceiling(policy, failures).count();
    const qint64 bottom = top / 2;
    return std::chrono::milliseconds(
        bottom + static_cast<qint64>(random.bounded(static_cast<quint64>(top - bottom + 1))));
}

std::optional<std::chrono::seconds> retryAfter(const QByteArray& header, const QDateTime& now)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool number = false;
    const qint64 seconds = value.toLongLong(&number);
    if (number)
        return seconds < 0 ? std::nullopt : std::optional(std::chrono::seconds(seconds));

    // RFC 9110 prefers IMF-fixdate; the two obsolete forms are still accepted by servers and so
    // by us. The weekday adds nothing and is left out of the parse.
    QString text = QString::fromLatin1(value).simplified();
    if (const qsizetype comma = text.indexOf(u','); comma >= 0)
        text = text.mid(comma + 1).trimmed();
    else if (const qsizetype space = text.indexOf(u' '); space >= 0)
        text = text.mid(space + 1);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    for (const QLatin1StringView format : {QLatin1StringView("dd MMM yyyy HH:mm:ss 'GMT'"),
                                           QLatin1StringView("dd-MMM-yy HH:mm:ss 'GMT'"),
                                           QLatin1StringView("MMM d HH:mm:ss yyyy")}) {
        const QDateTime parsed = english.toDateTime(text, QString(format));
        if (!parsed.isValid())
            continue;
        QDateTime at(parsed.date(), parsed.time(), QTimeZone::utc());
        // Two-digit years are read as 19yy; RFC 9110 says a date over 50 years ahead is in the
        // past century, so anything before the epoch belongs to this one.
        if (at.date().year() < 1970)
            at = at.addYears(100);
        return std::chrono::seconds(std::max<qint64>(now.secsTo(at), 0));
    }
    return std::nullopt;
}

} // namespace sipelanduk::backoff
