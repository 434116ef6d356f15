#pragma once

#include "Clock.h"
#include "Result.h"
#include "sync/Outbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>

namespace sipelanduk {

class Database;
class SyncClient;
struct User;

// The commands of sipelanduk-ctl. Each one opens the data folder, does one thing through core and
// says what happened: on standard output when it worked, as one sentence on standard error (and a
// non-zero exit) when it did not.
class Commands
{
    Q_DECLARE_TR_FUNCTIONS(Commands)

public:
    explicit Commands(QCoreApplication& app);
    ~Commands();

    int run();

private:
    void setupParser();
    static QString commandList();
    Status dispatch(const QString& command, const QStringList& arguments);

    Status init();
    Status addUser(const QStringList& arguments);
    Status resetPassword(const QStringList& arguments);
    Status setUserActive(const QStringList& arguments, bool active);
    Status users();
    Status importRegions(const QStringList& arguments);
    Status enrol();
    Status setCaFile(const QStringList& arguments);
    Status importApplications(const QStringList& arguments);
    Status approve();
    Status sync();
    Status queue();
    Status syncSchedule(const QStringList& arguments);
    Status syncSettings(const QStringList& arguments);
    Status resyncStatus();
    static QList<QueueItem> itemsIn(const Outbox& outbox, QueueState state);
    static QJsonObject queueItemJson(const QueueItem& item);
    Status status();
    Status masterData();
    Status search(const QStringList& arguments);
    Status nik(const QStringList& arguments);
    Status services();
    Status audit(const QStringList& arguments);
    Status auditVerify();
    Status auditPerson(const User& admin, const QStringList& arguments);
    Status purge();
    Status handOver(const QStringList& arguments);
    Status encryptedDisk(const QStringList& arguments);

    Status backup(const QStringList& arguments);
    Status dailyBackup();
    Status backupSettings();
    Status restore(const QStringList& arguments);
    Result<std::unique_ptr<Database>> openForBackup();
    static QList<QCommandLineOption> backupOptions();

    QString dataDir() const;
    Status openDatabase();
    Result<User> signIn(const QString& name);
    QString readSecret(const char* variable, const QString& purpose);
    void runUntilFinished(SyncClient& client, const std::function<void()>& start);
    void print(const QString& text);
    // Rows of cells in columns as wide as their widest cell, two spaces apart.
    void printColumns(const QList<QStringList>& rows);
    void printJson(const class QJsonValue& value);

    QCoreApplication& m_app;
    QCommandLineParser m_parser;
    QTextStream m_out;
    QTextStream m_in;
    SystemClock m_clock; // shifted only by SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS, for tests
    std::unique_ptr<Database> m_database;
};

} // namespace sipelanduk
