#pragma once

#include "Result.h"
#include "sync/Protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <memory>

namespace sipelanduk {

class Catalogue;
class Clock;
class CodeLists;
class Database;

// One version of a kind of master data as this PC holds it.
struct MasterDataVersion
{
    protocol::MasterKind kind = protocol::MasterKind::Catalogue;
    // For the built-in catalogue and code lists, the version they name; 0 for the region table
    // the program brought along or an operator imported.
    int version = 0;
    bool pulled = false;
    QDateTime publishedAt;
    QDateTime pulledAt;
    // What this version changed against the one in use before it (see MasterData::describe).
    QJsonObject changes;
};

// What reading a master-data file found.
struct MasterDataFile
{
    int version = 0; // the version a catalogue or code-lists file names; 0 for regions
    int items = 0;   // code lists, services or regions
};

// The service catalogue, the SIAK code lists and the region table as the central server publishes
// them (docs/architecture.md, "Master data"). sipelanduk-pusat checks a file with check() before
// publishing it; the client checks it again when it pulls it and keeps every version it took.
class MasterData
{
    Q_DECLARE_TR_FUNCTIONS(MasterData)

public:
    struct Outcome
    {
        QStringList changes;  // a sentence per version taken
        QStringList refusals; // a sentence per version refused; the one in use stays
    };

    MasterData(Database& database, const Clock& clock);

    // Reads `content` as `kind` with the parsers the counter uses. A catalogue is read against
    // `codeLists` and must keep every service of `catalogueJson`, the catalogue it replaces
    // (a service the office no longer takes is marked "retired": true, never dropped). Code lists
    // must still serve `catalogueJson`.
    static Result<MasterDataFile> check(protocol::MasterKind kind, const QByteArray& content,
                                        const CodeLists& codeLists,
                                        const QByteArray& catalogueJson);
    // "the service catalogue", for sentences.
    static QString kindLabel(protocol::MasterKind kind);

    // The lists the counter works with: the newest version pulled, or the one built into the
    // program when none was pulled or the program's own is newer (after an upgrade).
    static std::shared_ptr<const CodeLists> codeListsInUse(const Database& database);
    static std::shared_ptr<const Catalogue> catalogueInUse(const Database& database);

    // The version this PC holds, as it asks the server with ?have=.
    int have(protocol::MasterKind kind) const;
    // The version in use of each kind, pulled or built in.
    QList<MasterDataVersion> inUse() const;

    // Checks each answer that brings a version newer than this PC's and makes the good ones the
    // versions in use, all in one transaction.
    Result<Outcome> apply(const QList<protocol::MasterDataResponse>& answers);

    // What a pulled version changed, as sentences for the operator.
    static QStringList describe(const MasterDataVersion& version);

private:
    struct Accepted
    {
        protocol::MasterDataResponse answer;
        QJsonObject changes;
    };

    Result<Accepted> accept(const protocol::MasterDataResponse& answer, const CodeLists& codeLists,
                            const QByteArray& catalogueJson) const;
    QJsonObject regionChanges(const QByteArray& content) const;
    Status store(const Accepted& accepted);

    Database& m_database;
    const Clock& m_clock;
};

} // namespace sipelanduk
