#pragma once

#include <QLoggingCategory>
#include <QString>

namespace sipelanduk {

Q_DECLARE_LOGGING_CATEGORY(lcDb)
Q_DECLARE_LOGGING_CATEGORY(lcDomain)
Q_DECLARE_LOGGING_CATEGORY(lcSecurity)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

// A NIK or KK number as it may appear in a log: region and serial stay readable so an operator can
// tell records apart, the birth date in the middle does not. Anything that is not a 16-digit
// number is masked whole, so a mistyped number cannot leak either.
QString maskIdentityNumber(const QString& number);

} // namespace sipelanduk

namespace sipelanduk {

// Sends every log message, also to the previous handler (the terminal), to `logs/sipelanduk.log`
// in the data folder. The file is rotated at about 1 MB, keeping five older files, so a PC that
// runs for years does not fill its disk with logs.
// Keeps Qt's own categories that print whole HTTP requests (headers with the device token) below
// debug level, whatever QT_LOGGING_RULES asks for. Every program calls it first thing.
void keepSecretsOutOfQtLogs();

// With `echo` at QtWarningMsg, the terminal sees only warnings and worse; the file sees all.
void installFileLog(const QString& dataDir, QtMsgType echo = QtDebugMsg);

} // namespace sipelanduk
