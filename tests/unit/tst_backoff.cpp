#include "sync/Backoff.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sipelanduk::test {

// When to try again: the doubling ceiling, the jitter below it, and what servers say in
// Retry-After.
class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ceilingDoublesUpToTheCap_data();
    void ceilingDoublesUpToTheCap();
    void delayStaysBetweenHalfAndTheCeiling();
    void delaySpreadsOutOfficesThatFailedTogether();
    void retryAfter_data();
    void retryAfter();
};

void TestBackoff::ceilingDoublesUpToTheCap_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("first failure waits the base") << 1 << qint64(1000);
    QTest::newRow("second doubles") << 2 << qint64(2000);
    QTest::newRow("fourth") << 4 << qint64(8000);
    QTest::newRow("sixth reaches 32 s") << 6 << qint64(32'000);
    QTest::newRow("seventh is capped") << 7 << qint64(60'000);
    QTest::newRow("a long outage stays at the cap") << 1000 << qint64(60'000);
    QTest::newRow("zero failures is treated as the first") << 0 << qint64(1000);
}

void TestBackoff::ceilingDoublesUpToTheCap()
{
    QFETCH(int, failures);
    QFETCH(qint64, expectedMs);
    QCOMPARE(backoff::ceiling(backoff::Policy{1s, 60s}, failures).count(), expectedMs);
}

void TestBackoff::delayStaysBetweenHalfAndTheCeiling()
{
    QRandomGenerator random(20261203);
    const backoff::Policy policy{500ms, 30s};
    for (int failures = 1; failures <= 12; ++failures) {
        const qint64 top = backoff::ceiling(policy, failures).count();
        for (int draw = 0; draw < 200; ++draw) {
            const qint64 wait = backoff::delay(policy, failures, random).count();
            QVERIFY2(wait >= top / 2 && wait <= top,
                     qPrintable(u"%1 ms after %2 failures"_s.arg(wait).arg(failures)));
        }
    }
}

void TestBackoff::delaySpreadsOutOfficesThatFailedTogether()
{
    // Six offices, each with its own generator, all after their third failure: their waits differ.
    QSet<qint64> waits;
    for (quint32 office = 1; office <= 6; ++office) {
        QRandomGenerator random(office * 7919);
        waits.insert(backoff::delay(backoff::Policy{1s, 60s}, 3, random).count());
    }
    QVERIFY2(waits.size() >= 5, "jitter left several offices on the same millisecond");
}

void TestBackoff::retryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expectedSeconds"); // -1: nothing usable

    QTest::newRow("delta seconds") << "120"_ba << qint64(120);
    QTest::newRow("delta with spaces") << "  7 "_ba << qint64(7);
    QTest::newRow("zero") << "0"_ba << qint64(0);
    QTest::newRow("IMF date 90 s ahead") << "Thu, 03 Dec 2026 10:01:30 GMT"_ba << qint64(90);
    QTest::newRow("RFC 850 date") << "Thursday, 03-Dec-26 10:02:00 GMT"_ba << qint64(120);
    QTest::newRow("asctime date") << "Thu Dec  3 10:05:00 2026"_ba << qint64(300);
    QTest::newRow("date in the past waits nothing")
        << "Thu, 03 Dec 2026 09:00:00 GMT"_ba << qint64(0);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("negative") << "-5"_ba << qint64(-1);
    QTest::newRow("garbage") << "soon"_ba << qint64(-1);
}

void TestBackoff::retryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expectedSeconds);
    const QDateTime now(QDate(2026, 12, 3), QTime(10, 0), QTimeZone::utc());
    const std::optional<std::chrono::seconds> wait = backoff::retryAfter(header, now);
    if (expectedSeconds < 0) {
        QVERIFY(!wait.has_value());
        return;
    }
    QVERIFY(wait.has_value());
    QCOMPARE(wait->count(), expectedSeconds);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestBackoff)
#include "tst_backoff.moc"
