#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace sipelanduk::test {

// Runs sipelanduk-ctl on `dataDir` in English with no password in its environment, and gives its
// standard output, or nothing (with standard error as a warning) when it fails.
inline QByteArray runCtl(const QString& dataDir, const QStringList& arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SIPELANDUK_LANG"), QStringLiteral("en"));
    environment.remove(QStringLiteral("SIPELANDUK_PASSWORD"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SIPELANDUK_BINARY_DIR "/app/sipelanduk-ctl"),
                  QStringList{QStringLiteral("--data-dir"), dataDir} + arguments);
    if (!process.waitForStarted(10'000))
        return {};
    process.closeWriteChannel();
    process.waitForFinished(120'000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning("%s", process.readAllStandardError().constData());
        return {};
    }
    return process.readAllStandardOutput();
}

} // namespace sipelanduk::test
