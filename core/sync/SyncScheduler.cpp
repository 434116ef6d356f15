#include "sync/SyncScheduler.h"

#include "Clock.h"
#include "Logging.h"
#include "security/Permissions.h"
#include "storage/Database.h"
#include "sync/Backoff.h"
#include "sync/Outbox.h"
#include "sync/Protocol.h"
#include "sync/SyncClient.h"

#include <QNetworkInformation>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono;

namespace sipelanduk {

namespace {

constexpr auto kIntervalSetting = "sync.intervalMinutes"_L1;
// QTimer counts in int milliseconds; a long wait is re-armed when it ends.
constexpr qint64 kLongestTimerMs = 60LL * 60 * 1000;

} // namespace

bool reachedServer(const Status& status)
{
    if (status)
        return true;
    // Words only the Sipelanduk server (or an answer it fully wrote) produces. Anything else, a
    // refused connection, a timeout, a login page, a missing key, says nothing about the network.
    static const QStringList fromServer{
        u"partial"_s,
        u"http"_s,
        u"batch_mismatch"_s,
        u"incomplete_answer"_s,
        u"scan_mismatch"_s,
        QString(protocol::codes::kInvalidJson),
        QString(protocol::codes::kInvalidMessage),
        QString(protocol::codes::kInvalidRequest),
        QString(protocol::codes::kInvalidCode),
        QString(protocol::codes::kUnauthorized),
        QString(protocol::codes::kNotFound),
        QString(protocol::codes::kBatchConflict),
        QString(protocol::codes::kPayloadTooLarge),
        QString(protocol::codes::kUnsupportedMediaType),
        QString(protocol::codes::kStorageUnavailable),
        QString(protocol::codes::kScanHashMismatch),
        QString(protocol::codes::kScanOffsetMismatch),
        u"retry_later"_s, // the server's Retry-After: it answered, and asked to wait
    };
    return fromServer.contains(status.error().code);
}

int SyncScheduler::intervalMinutes(const Database& database)
{
    bool ok = false;
    const int minutes = database.setting(kIntervalSetting).toInt(&ok);
    if (!ok || minutes < 0 || minutes > kMaxIntervalMinutes)
        return kDefaultIntervalMinutes;
    return minutes;
}

Status SyncScheduler::setIntervalMinutes(Database& database, const User& actor, int minutes)
{
    if (Status allowed = requirePermission(actor, Action::EnrolDevice); !allowed)
        return allowed;
    if (minutes < 0 || minutes > kMaxIntervalMinutes) {
        return Error{tr("The sync interval must be between 0 (off) and %1 minutes; %2 is not.")
                         .arg(kMaxIntervalMinutes)
                         .arg(minutes),
                     u"invalid_interval"_s};
    }
    qCInfo(lcSync) << "sync interval set to" << minutes << "minutes by" << actor.name;
    return database.setSetting(kIntervalSetting, QString::number(minutes));
}

std::optional<NextAttempt> SyncScheduler::plan(const ScheduleInput& input, QRandomGenerator& random)
{
    if (input.intervalMinutes <= 0)
        return std::nullopt;
    const milliseconds interval = minutes(input.intervalMinutes);
    NextAttempt next{input.now.addMSecs(interval.count()), WaitReason::Schedule};

    // After failures the wait grows from the interval upwards, so a dead link is never tried
    // more often than the schedule would try a live one.
    if (input.failuresInRow > 0) {
        const backoff::Policy policy{interval, std::max<milliseconds>(interval, kMaxBackoff)};
        const milliseconds extra = backoff::delay(policy, input.failuresInRow, random);
        next = {input.now.addMSecs((interval + extra).count()), WaitReason::Backoff};
    }
    if (input.notBefore && *input.notBefore > next.at)
        next = {*input.notBefore, WaitReason::ServerAsked};
    return next;
}

SyncScheduler::SyncScheduler(SyncClient& client, Database& database, const Clock& clock,
                             QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_database(database)
    , m_clock(clock)
    , m_random(QRandomGenerator::securelySeeded())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncScheduler::runDue);
    connect(&m_client, &SyncClient::finished, this, &SyncScheduler::clientFinished);
}

void SyncScheduler::start()
{
    const QList<SyncRun> last = Outbox(m_database, m_clock).recentRuns(1);
    const QDateTime from = !last.isEmpty() && last.first().startedAt.isValid()
                               ? last.first().startedAt
                               : m_clock.now();
    m_scheduleFrom = std::min(from, m_clock.now());
    m_notBefore = SyncClient::serverAskedToWaitUntil(m_database, m_clock);
    replan(m_scheduleFrom);
    arm();
    watchNetwork();
    Q_EMIT scheduleChanged();
}

void SyncScheduler::watchNetwork()
{
    if (!QNetworkInformation::instance() &&
        !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcSync) << "no network information on this PC; online is learned from the server";
        return;
    }
    QNetworkInformation* information = QNetworkInformation::instance();
    qCInfo(lcSync) << "network information from" << information->backendName();
    connect(information, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                reachabilityChanged(static_cast<int>(reachability));
            });
    reachabilityChanged(static_cast<int>(information->reachability()));
}

void SyncScheduler::reachabilityChanged(int reachability)
{
    using Reachability = QNetworkInformation::Reachability;
    const auto value = static_cast<Reachability>(reachability);
    const std::optional<bool> before = m_networkOnline;
    if (value == Reachability::Unknown)
        m_networkOnline.reset();
    else
        m_networkOnline = value == Reachability::Online || value == Reachability::Site;
    if (m_networkOnline == before)
        return;
    qCInfo(lcSync) << "network reachability:" << reachability;
    Q_EMIT scheduleChanged();
    if (before == false && m_networkOnline == true)
        networkCameBack();
}

std::optional<bool> SyncScheduler::online() const
{
    return m_networkOnline.has_value() ? m_networkOnline : m_serverReachable;
}

Status SyncScheduler::syncNow(const User& actor)
{
    if (Status allowed = requirePermission(actor, Action::RunSync); !allowed)
        return allowed;
    if (m_running || m_client.isBusy()) {
        return Error{tr("A sync is already running; its progress is shown here."), u"busy"_s};
    }
    if (m_notBefore && *m_notBefore > m_clock.now()) {
        return Error{tr("The central server asked not to be called before %1. Sync starts by "
                        "itself then.")
                         .arg(m_notBefore->toLocalTime().toString(u"HH:mm"_s)),
                     u"server_asked_to_wait"_s};
    }
    begin(&actor);
    return {};
}

void SyncScheduler::networkCameBack()
{
    if (m_running || intervalMinutes(m_database) <= 0)
        return;
    const QDateTime now = m_clock.now();
    QDateTime at = now;
    if (m_lastStarted)
        at = std::max(at, m_lastStarted->addSecs(kNetworkGap.count()));
    NextAttempt next{at, WaitReason::NetworkBack};
    if (m_notBefore && *m_notBefore > next.at)
        next = {*m_notBefore, WaitReason::ServerAsked};
    // Coming back never delays a run that was due sooner.
    if (m_next && m_next->at <= next.at)
        return;
    qCInfo(lcSync) << "network is back; sync at" << next.at.toString(Qt::ISODate);
    m_next = next;
    arm();
    Q_EMIT scheduleChanged();
}

void SyncScheduler::reconsider()
{
    if (m_running)
        return;
    if (intervalMinutes(m_database) <= 0)
        m_next.reset();
    else if (!m_next || m_next->reason == WaitReason::Schedule)
        replan(m_scheduleFrom);
    arm();
    Q_EMIT scheduleChanged();
}

void SyncScheduler::arm()
{
    m_timer.stop();
    if (!m_next || m_running)
        return;
    const qint64 wait = std::clamp<qint64>(m_clock.now().msecsTo(m_next->at), 0, kLongestTimerMs);
    m_timer.start(static_cast<int>(wait));
}

void SyncScheduler::runDue()
{
    if (!m_next)
        return;
    // The timer may end before the moment (a long wait cut in pieces, or the clock moved back).
    if (m_clock.now() < m_next->at) {
        arm();
        return;
    }
    // A PC that is not enrolled has nothing to try; a run would only fill the log with failures.
    if (m_client.isBusy() || !SyncClient::isEnrolled(m_database)) {
        replan(m_clock.now());
        arm();
        return;
    }
    begin(nullptr);
}

void SyncScheduler::begin(const User* actor)
{
    m_timer.stop();
    m_running = true;
    m_lastStarted = m_clock.now();
    m_scheduleFrom = *m_lastStarted;
    qCInfo(lcSync) << (actor ? "sync started on demand" : "scheduled sync started");
    Q_EMIT runStarted();
    Q_EMIT scheduleChanged();
    if (actor)
        m_client.run(*actor);
    else
        m_client.run();
}

void SyncScheduler::clientFinished()
{
    if (!m_running)
        return; // an enrolment, or a run someone else started
    m_running = false;
    const Status& status = m_client.lastStatus();
    const SyncReport& report = m_client.lastReport();
    m_failures = status ? 0 : m_failures + 1;
    m_serverReachable = reachedServer(status);
    m_notBefore = report.notBefore;
    if (!status)
        m_scheduleFrom = m_clock.now();
    replan(m_scheduleFrom);
    arm();
    if (m_next) {
        qCInfo(lcSync) << "next sync at" << m_next->at.toString(Qt::ISODate) << "("
                       << reasonText(m_next->reason) << ")";
    }
    Q_EMIT scheduleChanged();
    Q_EMIT runFinished();
}

// A good run's successor is due one interval after it started; after a failure the back-off
// counts from now.
void SyncScheduler::replan(const QDateTime& from)
{
    const QDateTime now = m_clock.now();
    m_next = plan({from.isValid() ? std::min(from, now) : now, intervalMinutes(m_database),
                   m_failures, m_notBefore},
                  m_random);
}

QString SyncScheduler::reasonText(WaitReason reason)
{
    switch (reason) {
    case WaitReason::Schedule:
        return tr("regular schedule");
    case WaitReason::Backoff:
        return tr("the last attempts failed, so the wait grows after each one");
    case WaitReason::ServerAsked:
        return tr("the central server asked to wait");
    case WaitReason::NetworkBack:
        return tr("the network came back");
    }
    return {};
}

} // namespace sipelanduk
