#include "TestOffice.h"

#include "sync/SyncClient.h"

using namespace Qt::StringLiterals;

namespace sipelanduk::test {

// How patient sync is with the network: the stored values, their bounds, and who may change them.
class TestSyncTiming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultsWhenNothingIsStored();
    void storedValuesAreReadBack();
    void valuesOutsideTheirBoundsAreRefusedAndNothingChanges_data();
    void valuesOutsideTheirBoundsAreRefusedAndNothingChanges();
    void onlyTheItOperatorChangesThem();
    void handEditedValuesAreClamped();

private:
    std::unique_ptr<TestOffice> m_office;
};

void TestSyncTiming::init()
{
    m_office = std::make_unique<TestOffice>();
    QVERIFY(m_office->setUp());
}

void TestSyncTiming::defaultsWhenNothingIsStored()
{
    const SyncTiming timing = SyncTiming::fromSettings(*m_office->database);
    QCOMPARE(timing.connectTimeoutMs, 15'000);
    QCOMPARE(timing.stallTimeoutMs, 30'000);
    QCOMPARE(timing.retryBaseMs, 1'000);
    QCOMPARE(timing.maxAttempts, 4);
}

void TestSyncTiming::storedValuesAreReadBack()
{
    SyncTiming slowLink;
    slowLink.connectTimeoutMs = 45'000;
    slowLink.stallTimeoutMs = 120'000;
    slowLink.retryBaseMs = 5'000;
    slowLink.maxAttempts = 6;
    const Status stored = SyncTiming::store(*m_office->database, m_office->admin, slowLink);
    QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));

    const SyncTiming read = SyncTiming::fromSettings(*m_office->database);
    QCOMPARE(read.connectTimeoutMs, 45'000);
    QCOMPARE(read.stallTimeoutMs, 120'000);
    QCOMPARE(read.retryBaseMs, 5'000);
    QCOMPARE(read.maxAttempts, 6);
}

void TestSyncTiming::valuesOutsideTheirBoundsAreRefusedAndNothingChanges_data()
{
    QTest::addColumn<int>("connectMs");
    QTest::addColumn<int>("stallMs");
    QTest::addColumn<int>("retryBaseMs");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("connect timeout of 50 ms")
        << 50 << 30'000 << 1'000 << 4 << u"timeout must be between 0.1 and 600 seconds"_s;
    QTest::newRow("stall timeout of an hour") << 15'000 << 3'600'000 << 1'000 << 4 << u"timeout"_s;
    QTest::newRow("no wait before a retry")
        << 15'000 << 30'000 << 0 << 4
        << u"first wait before a retry must be between 0.001 and 60"_s;
    QTest::newRow("first wait of two minutes")
        << 15'000 << 30'000 << 120'000 << 4 << u"first wait"_s;
    QTest::newRow("no attempt at all") << 15'000 << 30'000 << 1'000 << 0 << u"attempts"_s;
    QTest::newRow("fifty attempts") << 15'000 << 30'000 << 1'000 << 50 << u"attempts"_s;
}

void TestSyncTiming::valuesOutsideTheirBoundsAreRefusedAndNothingChanges()
{
    QFETCH(int, connectMs);
    QFETCH(int, stallMs);
    QFETCH(int, retryBaseMs);
    QFETCH(int, attempts);
    QFETCH(QString, sentence);

    SyncTiming wanted;
    wanted.connectTimeoutMs = connectMs;
    wanted.stallTimeoutMs = stallMs;
    wanted.retryBaseMs = retryBaseMs;
    wanted.maxAttempts = attempts;
    const Status stored = SyncTiming::store(*m_office->database, m_office->admin, wanted);
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().code, u"invalid_setting"_s);
    QVERIFY2(stored.errorMessage().contains(sentence), qPrintable(stored.errorMessage()));
    for (const QString& key : {u"sync.connectTimeoutMs"_s, u"sync.stallTimeoutMs"_s,
                               u"sync.retryBaseMs"_s, u"sync.maxAttempts"_s})
        QVERIFY2(m_office->database->setting(key).isEmpty(), qPrintable(key));
}

void TestSyncTiming::onlyTheItOperatorChangesThem()
{
    SyncTiming wanted;
    wanted.stallTimeoutMs = 90'000;
    for (const User& user : {m_office->clerk, m_office->supervisor}) {
        const Status stored = SyncTiming::store(*m_office->database, user, wanted);
        QCOMPARE(stored.error().code, u"forbidden"_s);
    }
    QCOMPARE(SyncTiming::fromSettings(*m_office->database).stallTimeoutMs, 30'000);
}

void TestSyncTiming::handEditedValuesAreClamped()
{
    QVERIFY(m_office->database->setSetting(u"sync.stallTimeoutMs"_s, u"5"_s).ok());
    QVERIFY(m_office->database->setSetting(u"sync.maxAttempts"_s, u"1000"_s).ok());
    QVERIFY(m_office->database->setSetting(u"sync.retryBaseMs"_s, u"soon"_s).ok());
    const SyncTiming timing = SyncTiming::fromSettings(*m_office->database);
    QCOMPARE(timing.stallTimeoutMs, SyncTiming::kMinTimeoutMs);
    QCOMPARE(timing.maxAttempts, SyncTiming::kMaxAttemptsLimit);
    QCOMPARE(timing.retryBaseMs, 1'000);
}

} // namespace sipelanduk::test

QTEST_GUILESS_MAIN(sipelanduk::test::TestSyncTiming)
#include "tst_sync_timing.moc"
