#pragma once

#include "CtlProcess.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTest>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

namespace sipelanduk::test {

inline QString pusatBinary()
{
    return QStringLiteral(SIPELANDUK_BINARY_DIR "/server/sipelanduk-pusat");
}

// A real sipelanduk-pusat serving `database` on a free loopback port, its log in `logFile`; it
// dies with the test.
class PusatProcess
{
public:
    ~PusatProcess() { stop(); }

    // The address it serves, e.g. "http://127.0.0.1:40123"; empty (with a warning) when it did not
    // start. `extra` are more options, such as --tls-cert.
    QString start(const QString& database, const QString& logFile, const QStringList& extra = {})
    {
        m_process.setProgram(pusatBinary());
        m_process.setArguments(QStringList{QStringLiteral("--db"), database,
                                           QStringLiteral("--listen"),
                                           QStringLiteral("127.0.0.1:0")} +
                               extra);
#ifdef Q_OS_LINUX
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("sipelanduk.*=true"));
        environment.insert(QStringLiteral("SIPELANDUK_LANG"), QStringLiteral("en"));
        m_process.setProcessEnvironment(environment);
        m_process.setStandardErrorFile(logFile, QIODevice::Append);
        m_process.start();
        if (!m_process.waitForStarted(10'000))
            return {};
        if (!QTest::qWaitFor([this] { return m_process.canReadLine(); }, 15'000)) {
            qWarning("sipelanduk-pusat did not say where it listens; see %s", qPrintable(logFile));
            return {};
        }
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("(https?://127\\.0\\.0\\.1:\\d+)")).match(line);
        return match.hasMatch() ? match.captured(1) : QString();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        m_process.waitForFinished(10'000);
    }

private:
    QProcess m_process;
};

// A sipelanduk-pusat command on `database` (issue-code, set-status, publish), in English.
inline Outcome runPusat(const QString& database, const QStringList& arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SIPELANDUK_LANG"), QStringLiteral("en"));
    return runProgram(pusatBinary(), QStringList{QStringLiteral("--db"), database} + arguments,
                      environment);
}

// A one-time enrolment code for office 19.04.01 from the central database.
inline QString issueCode(const QString& database)
{
    const Outcome issued =
        runPusat(database, {QStringLiteral("issue-code"), QStringLiteral("--office"),
                            QStringLiteral("19.04.01")});
    return issued.exitCode == 0 ? issued.out.trimmed() : QString();
}

} // namespace sipelanduk::test
