#pragma once

#include <QDate>
#include <QDateTime>

namespace sipelanduk {

// The time as the office sees it. Rules that depend on "now" take a Clock so that tests can stand
// at any moment and in any time zone without touching the machine's clock.
class Clock
{
public:
    virtual ~Clock() = default;

    virtual QDateTime now() const = 0;

    // The calendar day at the counter: the local date, never the UTC one.
    QDate today() const { return now().toLocalTime().date(); }
    QString nowUtcText() const;
};

class SystemClock final : public Clock
{
public:
    // A shifted clock stands for a PC whose clock is wrong (case 9). Only sipelanduk-ctl sets an
    // offset, from SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS, for tests; it says so on every run.
    explicit SystemClock(qint64 offsetSeconds = 0)
        : m_offsetSeconds(offsetSeconds)
    {}
    QDateTime now() const override { return QDateTime::currentDateTime().addSecs(m_offsetSeconds); }
    qint64 offsetSeconds() const { return m_offsetSeconds; }

private:
    qint64 m_offsetSeconds = 0;
};

class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime at)
        : m_at(std::move(at))
    {}
    QDateTime now() const override { return m_at; }
    void set(QDateTime at) { m_at = std::move(at); }

private:
    QDateTime m_at;
};

// Instants are stored and sent as UTC in ISO 8601 with a Z; dates of birth are never instants.
QString toUtcText(const QDateTime& instant);
QDateTime fromUtcText(const QString& text);

} // namespace sipelanduk
