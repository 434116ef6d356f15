#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

class QObject;

namespace sipelanduk {

// Secrets go to the operating system's keychain and nowhere else: no file, no setting, no log.
// Calls are asynchronous and answer on `context`'s thread; when the keychain cannot be reached
// the answer is a sentence saying so, never a fallback to plain text.
class Keychain
{
    Q_DECLARE_TR_FUNCTIONS(Keychain)

public:
    using ReadDone = std::function<void(Result<QString>)>;
    using Done = std::function<void(Status)>;

    static void read(const QString& key, QObject* context, ReadDone done);
    static void write(const QString& key, const QString& secret, QObject* context, Done done);
    static void remove(const QString& key, QObject* context, Done done);

    static QString serviceName();
};

} // namespace sipelanduk
