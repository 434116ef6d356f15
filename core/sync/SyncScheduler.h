#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <chrono>
#include <optional>

namespace sipelanduk {

class Clock;
class Database;
class SyncClient;
struct User;

// Why the next automatic sync is when it is.
enum class WaitReason
{
    Schedule,    // the regular interval after a good run
    Backoff,     // runs failed in a row; each failure waits longer
    ServerAsked, // the server answered Retry-After
    NetworkBack  // the network came back; a run is due at once
};

struct NextAttempt
{
    QDateTime at;
    WaitReason reason = WaitReason::Schedule;
};

// What the scheduler knows when it decides, after a run or at start.
struct ScheduleInput
{
    QDateTime now;
    int intervalMinutes = 0;
    int failuresInRow = 0;
    std::optional<QDateTime> notBefore;
};

// Decides when SyncClient runs without a person pressing "Sync now": on the interval kept in the
// database, when the network comes back, and after failures later and later (exponential back-off
// with jitter, never sooner than the interval) and never before the server's Retry-After. Only
// one run at a time: a request while a run is going is refused, not queued.
//
// Reachability comes from QNetworkInformation where its backend knows (NetworkManager); on a PC
// where it reports nothing, a run that got an answer from the server is what says the office is
// online, and a run that could not connect says nothing either way.
class SyncScheduler : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMinutes = 15;
    static constexpr int kMaxIntervalMinutes = 24 * 60;
    // Back-off never waits longer than this beyond the interval.
    static constexpr std::chrono::minutes kMaxBackoff{120};
    // The network flapping must not start a run more often than this.
    static constexpr std::chrono::seconds kNetworkGap{60};

    static int intervalMinutes(const Database& database);
    // 0 turns automatic sync off; "Sync now" still works. Only the IT operator sets it.
    static Status setIntervalMinutes(Database& database, const User& actor, int minutes);

    // The pure decision: when the next automatic run is due, or nothing when the schedule is off.
    static std::optional<NextAttempt> plan(const ScheduleInput& input, QRandomGenerator& random);

    SyncScheduler(SyncClient& client, Database& database, const Clock& clock,
                  QObject* parent = nullptr);

    // Arms the schedule and listens to the network; the first automatic run is one interval
    // after the last run recorded in the database (at once when that is overdue).
    void start();
    // Started by a person; refused while a run is going or before the server's Retry-After.
    Status syncNow(const User& actor);
    // The network is back: run now, unless the server asked to wait or a run just started.
    void networkCameBack();
    // Reads the interval again and re-arms the timer from the clock; after a settings change, or
    // when the clock moved.
    void reconsider();

    bool isRunning() const { return m_running; }
    const std::optional<NextAttempt>& next() const { return m_next; }
    int failuresInRow() const { return m_failures; }
    const std::optional<QDateTime>& notBefore() const { return m_notBefore; }
    // What the last run learned: true when the server answered, false when it could not be
    // reached, nothing before the first run.
    std::optional<bool> serverReachable() const { return m_serverReachable; }
    // Whether the office seems online: the network information where it knows, otherwise the
    // last answer from the server.
    std::optional<bool> online() const;

    // Tests draw the jitter from a known sequence.
    void seedRandom(quint32 seed) { m_random.seed(seed); }

    static QString reasonText(WaitReason reason);

Q_SIGNALS:
    void runStarted();
    void runFinished();
    // next(), failuresInRow() or online() changed.
    void scheduleChanged();

private:
    void watchNetwork();
    void reachabilityChanged(int reachability);
    void runDue();
    void begin(const User* actor);
    void clientFinished();
    void replan(const QDateTime& from);
    void arm();

    SyncClient& m_client;
    Database& m_database;
    const Clock& m_clock;
    QTimer m_timer;
    QRandomGenerator m_random;
    std::optional<NextAttempt> m_next;
    std::optional<QDateTime> m_notBefore;
    std::optional<QDateTime> m_lastStarted;
    QDateTime m_scheduleFrom; // what the next plan counts from
    std::optional<bool> m_serverReachable;
    std::optional<bool> m_networkOnline;
    int m_failures = 0;
    bool m_running = false;
};

// Whether a finished run got an answer from the Sipelanduk server (whatever the answer said).
bool reachedServer(const Status& status);

} // namespace sipelanduk
