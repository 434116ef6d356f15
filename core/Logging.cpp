#include "Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMutex>

#include <algorithm>

namespace sipelanduk {

Q_LOGGING_CATEGORY(lcDb, "sipelanduk.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDomain, "sipelanduk.domain", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "sipelanduk.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "sipelanduk.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "sipelanduk.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "sipelanduk.ui", QtInfoMsg)

QString maskIdentityNumber(const QString& number)
{
    constexpr int kLength = 16;
    const bool looksLikeNumber =
        number.size() == kLength &&
        std::all_of(number.cbegin(), number.cend(), [](QChar c) { return c.isDigit(); });
    if (!looksLikeNumber)
        return QStringLiteral("****************");
    return number.left(4) + QStringLiteral("********") + number.right(4);
}

namespace {

constexpr qint64 kRotateAtBytes = 1024 * 1024;
constexpr int kKeptFiles = 5;

struct FileLog
{
    QMutex mutex;
    QFile file;
    QtMessageHandler previous = nullptr;
    QtMsgType echo = QtDebugMsg;
};

FileLog& fileLog()
{
    static FileLog log;
    return log;
}

void rotate(QFile& file)
{
    const QString path = file.fileName();
    file.close();
    QFile::remove(path + u'.' + QString::number(kKeptFiles));
    for (int i = kKeptFiles - 1; i >= 1; --i)
        QFile::rename(path + u'.' + QString::number(i), path + u'.' + QString::number(i + 1));
    QFile::rename(path, path + QStringLiteral(".1"));
    file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

// QtMsgType is not ordered by severity (info comes after fatal).
int severity(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 0;
    case QtInfoMsg:
        return 1;
    case QtWarningMsg:
        return 2;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 4;
    }
    return 0;
}

const char* levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

void writeToFile(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    FileLog& log = fileLog();
    {
        QMutexLocker locker(&log.mutex);
        if (log.file.isOpen()) {
            const QByteArray line =
                QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' +
                levelName(type) + ' ' + (context.category ? context.category : "default") + ": " +
                message.toUtf8() + '\n';
            log.file.write(line);
            log.file.flush();
            if (log.file.size() > kRotateAtBytes)
                rotate(log.file);
        }
    }
    if (log.previous && severity(type) >= severity(log.echo))
        log.previous(type, context, message);
}

} // namespace

namespace {

QLoggingCategory::CategoryFilter previousFilter = nullptr;

void secretSafeFilter(QLoggingCategory* category)
{
    if (previousFilter)
        previousFilter(category);
    if (qstrncmp(category->categoryName(), "qt.httpserver", 13) == 0 ||
        qstrncmp(category->categoryName(), "qt.network.access", 17) == 0)
        category->setEnabled(QtDebugMsg, false);
}

} // namespace

void keepSecretsOutOfQtLogs()
{
    static const bool installed = [] {
        previousFilter = QLoggingCategory::installFilter(secretSafeFilter);
        return true;
    }();
    Q_UNUSED(installed);
}

void installFileLog(const QString& dataDir, QtMsgType echo)
{
    FileLog& log = fileLog();
    QMutexLocker locker(&log.mutex);
    log.echo = echo;
    if (log.file.isOpen())
        return;
    const QString logDir = QDir(dataDir).filePath(QStringLiteral("logs"));
    QDir().mkpath(logDir);
    log.file.setFileName(QDir(logDir).filePath(QStringLiteral("sipelanduk.log")));
    if (!log.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return;
    log.previous = qInstallMessageHandler(writeToFile);
}

} // namespace sipelanduk
