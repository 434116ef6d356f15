#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sipelanduk {

// The life cycle of an application, as in docs/architecture.md.
enum class ApplicationState
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Sent,
    Accepted,
    Processing,
    Completed,
    Rejected,
};

QString stateName(ApplicationState state);
std::optional<ApplicationState> stateFromName(const QString& name);
// The state as a clerk reads it, in the language of the interface.
QString stateLabel(ApplicationState state);

struct Application
{
    qint64 id = 0;
    QString uuid;
    QString registrationNumber;
    QString service;
    int catalogueVersion = 0;
    ApplicationState state = ApplicationState::Draft;
    QJsonObject fields;
    QStringList requirements;
    QStringList confirmedWarnings;
    QString applicantName;
    QString applicantNik;
    qint64 createdBy = 0;
    QString createdByName;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime submittedAt;
    qint64 approvedBy = 0;
    QDateTime approvedAt;
    QString contentHash;
    QString stateReason;
    QDateTime stateChangedAt;
    QDateTime handedOverAt;
    QDateTime purgedAt;

    bool editable() const
    {
        return state == ApplicationState::Draft || state == ApplicationState::Returned;
    }
};

// Where an application stands, as the counter reads it: its state, and for a finished document
// the day the resident collected it.
QString progressLabel(const Application& application);

// What a clerk hands in from a form or an import line: everything but the identity.
struct ApplicationInput
{
    QString service;
    QJsonObject fields;
    QStringList requirements;
};

} // namespace sipelanduk
