#pragma once

#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Regions.h"
#include "security/Accounts.h"
#include "storage/Office.h"
#include "storage/ScanKey.h"
#include "storage/ScanStore.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace sipelanduk {

class Clock;
class Database;
class RegionChoices;
class SyncClient;
class SyncScheduler;

// The core objects the screens work with, built once for the open data folder. The screens reach
// the database only through these, so every rule stays in core.
class Workspace
{
public:
    Workspace(Database& database, const Clock& clock);
    ~Workspace();

    Database& database() const { return m_database; }
    const Clock& clock() const { return m_clock; }
    const Catalogue& catalogue() const { return m_catalogue; }
    // Takes up the code lists and catalogue a sync pulled. Only while no window is open: screens
    // keep pointers into the catalogue.
    void reloadLists();
    RegionStore& regions() { return m_regions; }
    Accounts& accounts() { return m_accounts; }
    ApplicationStore& applications() { return m_applications; }
    ScanStore& scans() { return m_scans; }
    // One link with the central server for the open data folder, whoever is signed in: the
    // schedule keeps running across sign-outs, and only one sync runs at a time.
    SyncClient& syncClient() const { return *m_syncClient; }
    SyncScheduler& syncScheduler() const { return *m_syncScheduler; }
    // Arms the automatic sync once; later calls do nothing.
    void startAutomaticSync();

    using ScanKeyLoaded = std::function<void(const Result<ScanKey>&)>;
    // The PC's scan key, read from the keychain once and then kept: two forms asking at once
    // must not both make a new key. `done` runs later, and not at all once `context` is gone.
    void scanKey(QObject* context, ScanKeyLoaded done);

    OfficeInfo office() const;
    // The language of the catalogue's labels: the interface language.
    QString language() const { return m_language; }
    // The regions the capture form offers, this office's kecamatan first, then the rest of its
    // kabupaten, then (once the national table is imported) the rest of the country. Kept until
    // the office or the region table changes.
    std::shared_ptr<RegionChoices> villageChoices() const;

private:
    void scanKeyLoaded(const Result<ScanKey>& key);

    struct ScanKeyWaiter
    {
        QPointer<QObject> context;
        ScanKeyLoaded done;
    };

    Database& m_database;
    const Clock& m_clock;
    Catalogue m_catalogue; // the one in use when the program started or the last sign-in
    RegionStore m_regions;
    Accounts m_accounts;
    ApplicationStore m_applications;
    ScanStore m_scans;
    QString m_language;
    std::unique_ptr<SyncClient> m_syncClient;
    std::unique_ptr<SyncScheduler> m_syncScheduler;
    bool m_syncStarted = false;
    std::optional<ScanKey> m_scanKey;
    QList<ScanKeyWaiter> m_scanKeyWaiters;
    std::unique_ptr<QObject> m_keychainContext;
    mutable std::shared_ptr<RegionChoices> m_regionChoices;
    mutable QString m_regionChoicesFor;
};

} // namespace sipelanduk
