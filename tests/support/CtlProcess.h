#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

namespace sipelanduk::test {

// What a finished program said: its exit code (-1 when it did not start or was killed for taking
// too long) and its two outputs.
struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The environment a test runs sipelanduk-ctl in: English, and none of the variables that carry a
// password or a passphrase or shift the clock, whatever the test's own environment holds.
inline QProcessEnvironment ctlEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SIPELANDUK_LANG"), QStringLiteral("en"));
    for (const char* name :
         {"SIPELANDUK_PASSWORD", "SIPELANDUK_NEW_PASSWORD", "SIPELANDUK_BACKUP_PASSPHRASE",
          "SIPELANDUK_TEST_CLOCK_OFFSET_SECONDS"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

// Runs `program` with `input` on its standard input until it ends. The test's event loop keeps
// running meanwhile, so a server or proxy inside the test process goes on answering; a program
// still running after `timeoutMs` is killed.
inline Outcome runProgram(const QString& program, const QStringList& arguments,
                          const QProcessEnvironment& environment, const QByteArray& input = {},
                          int timeoutMs = 180'000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

// sipelanduk-ctl on `dataDir`, with `password` as SIPELANDUK_PASSWORD when one is given.
inline Outcome runCtl(const QString& dataDir, const QStringList& arguments,
                      const QByteArray& password = {},
                      QProcessEnvironment environment = ctlEnvironment(),
                      const QByteArray& input = {}, int timeoutMs = 180'000)
{
    if (!password.isEmpty())
        environment.insert(QStringLiteral("SIPELANDUK_PASSWORD"), QString::fromUtf8(password));
    return runProgram(QStringLiteral(SIPELANDUK_BINARY_DIR "/app/sipelanduk-ctl"),
                      QStringList{QStringLiteral("--data-dir"), dataDir} + arguments, environment,
                      input, timeoutMs);
}

// Only the standard output of a run that succeeded; nothing (with standard error as a warning)
// otherwise.
inline QByteArray ctlOutput(const QString& dataDir, const QStringList& arguments)
{
    const Outcome outcome = runCtl(dataDir, arguments);
    if (outcome.exitCode != 0) {
        qWarning("%s", qPrintable(outcome.err));
        return {};
    }
    return outcome.out.toUtf8();
}

} // namespace sipelanduk::test
