#pragma once

#include "Result.h"
#include "domain/Application.h"
#include "domain/ApplicationRules.h"
#include "security/AuditLog.h"
#include "security/Permissions.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>

#include <functional>
#include <optional>

class QSqlQuery;

namespace sipelanduk {

class Catalogue;
class Clock;
class Database;
class RegionLookup;

// Applications on this PC through their life cycle: capture, submit, approve or return, and the
// batches that carry approved ones to the central server. Every change of state and its event
// row are written in one transaction, and permissions are checked here, not in the screens.
class ApplicationStore
{
    Q_DECLARE_TR_FUNCTIONS(ApplicationStore)

public:
    // The error code of a submit that waits for the clerk to confirm its warnings.
    static constexpr QLatin1String kUnconfirmedWarnings{"unconfirmed_warnings"};

    // Approved applications are grouped in batches of at most this many for sending.
    static constexpr int kBatchSize = 200;

    ApplicationStore(Database& database, const Catalogue& catalogue, const RegionLookup& regions,
                     const Clock& clock);

    // The rules' findings, and a warning when the same person already has an open application
    // for the same service on this PC. `self` is the application being edited, if saved.
    QList<Finding> findings(const ApplicationInput& input,
                            std::optional<qint64> self = std::nullopt) const;

    // A draft may be incomplete: saving never refuses work for a missing field, so nothing typed
    // at the counter is lost. The registration number is given at the first save.
    Result<Application> saveDraft(const User& clerk, const ApplicationInput& input,
                                  std::optional<qint64> id = std::nullopt);
    // Hands the application to the supervisor. Errors refuse; warnings must be confirmed, and the
    // confirmation is recorded with the application.
    Result<Application> submit(const User& clerk, qint64 id, bool confirmWarnings);

    Result<Application> approve(const User& supervisor, qint64 id);
    // Approves every submitted application that `supervisor` did not capture; returns how many.
    Result<int> approveAll(const User& supervisor);
    Result<Application> returnToClerk(const User& supervisor, qint64 id, const QString& reason);

    // Runs `work` in one transaction: all of its changes are kept, or none of them.
    Status atomically(const std::function<Status()>& work);

    // Opens an application for a person to read, and records that they saw it.
    Result<Application> view(const User& user, qint64 id);
    // The resident took the finished document home; the retention period starts now.
    Result<Application> recordHandOver(const User& clerk, qint64 id);

    std::optional<Application> find(qint64 id) const;
    std::optional<Application> findByRegistrationNumber(const QString& number) const;
    // A clerk sees the applications they captured; a supervisor or operator sees all.
    QList<Application> listFor(const User& user, std::optional<ApplicationState> state = {},
                               int limit = 500) const;
    // The applications with these ids, newest first; for search results, whose scope was applied
    // when the ids were found.
    QList<Application> withIds(const QList<qint64>& ids) const;
    QMap<ApplicationState, int> countsByState() const;

    static Status recordEvent(Database& database, qint64 applicationId,
                              std::optional<ApplicationState> from, ApplicationState to,
                              std::optional<qint64> userId, const QString& note, const QString& at);

private:
    QList<Finding> duplicates(const Service& service, const QJsonObject& fields,
                              std::optional<qint64> self) const;
    Status permitted(const User& user, Action action);
    Status noteChange(qint64 id, std::optional<ApplicationState> from, ApplicationState to,
                      const User& user, const QString& note, const QString& at, AuditAction action);
    Result<QString> nextRegistrationNumber();
    Result<qint64> batchForApproval();
    Status approveOne(const User& supervisor, const Application& application);
    Result<Application> insertDraft(const User& clerk, const ApplicationInput& input);
    Result<Application> updateDraft(const User& clerk, const Application& existing,
                                    const ApplicationInput& input);
    Result<Application> loaded(qint64 id) const;
    QList<Application> selectApplications(const QString& where, const QVariantList& values,
                                          int limit) const;
    static Application applicationFrom(const QSqlQuery& query);

    AuditLog m_audit;
    Database& m_database;
    const Catalogue& m_catalogue;
    const RegionLookup& m_regions;
    const Clock& m_clock;
};

} // namespace sipelanduk
