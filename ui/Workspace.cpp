#include "Workspace.h"

#include "RegionChoiceModel.h"

#include "Logging.h"
#include "Translations.h"
#include "domain/Catalogue.h"
#include "storage/Database.h"
#include "sync/MasterData.h"
#include "sync/SyncClient.h"
#include "sync/SyncScheduler.h"

#include <QMetaObject>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Workspace::Workspace(Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
    , m_catalogue(*MasterData::catalogueInUse(database))
    , m_regions(database)
    , m_accounts(database, clock)
    , m_applications(database, m_catalogue, m_regions, clock)
    , m_scans(database, m_applications, m_catalogue, clock)
    , m_language(interfaceLanguage())
    , m_syncClient(std::make_unique<SyncClient>(database, clock))
    , m_syncScheduler(std::make_unique<SyncScheduler>(*m_syncClient, database, clock))
    , m_keychainContext(std::make_unique<QObject>())
{}

Workspace::~Workspace() = default;

void Workspace::startAutomaticSync()
{
    if (m_syncStarted)
        return;
    m_syncStarted = true;
    m_syncScheduler->start();
}

void Workspace::scanKey(QObject* context, ScanKeyLoaded done)
{
    if (m_scanKey) {
        QMetaObject::invokeMethod(
            context, [key = *m_scanKey, done = std::move(done)] { done(key); },
            Qt::QueuedConnection);
        return;
    }
    m_scanKeyWaiters.append({context, std::move(done)});
    if (m_scanKeyWaiters.size() > 1)
        return;
    ScanKey::load(m_database, m_keychainContext.get(),
                  [this](Result<ScanKey> key) { scanKeyLoaded(key); });
}

// A failure is not kept: the next form asks the keychain again, which may be reachable by then.
void Workspace::scanKeyLoaded(const Result<ScanKey>& key)
{
    if (key)
        m_scanKey = *key;
    else
        qCWarning(lcUi) << "scan key not loaded:" << key.error().code;
    const QList<ScanKeyWaiter> waiters = std::exchange(m_scanKeyWaiters, {});
    for (const ScanKeyWaiter& waiter : waiters) {
        if (waiter.context)
            waiter.done(key);
    }
}

OfficeInfo Workspace::office() const
{
    Result<OfficeInfo> office = Office::load(m_database);
    return office ? *office : OfficeInfo{};
}

void Workspace::reloadLists()
{
    m_catalogue = *MasterData::catalogueInUse(m_database);
}

std::shared_ptr<RegionChoices> Workspace::villageChoices() const
{
    // A pulled region table may rename villages without changing how many there are.
    const QString home = office().code;
    const QString current =
        home + u'|' + QString::number(m_regions.count()) + u'|' +
        QString::number(MasterData(m_database, m_clock).have(protocol::MasterKind::Regions));
    if (!m_regionChoices || m_regionChoicesFor != current) {
        m_regionChoices = std::make_shared<RegionChoices>(m_regions, home);
        m_regionChoicesFor = current;
    }
    return m_regionChoices;
}

} // namespace sipelanduk
