#include "security/Keychain.h"

#include "Logging.h"

#include <QObject>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

Error keychainError(const QKeychain::Job& job)
{
    if (job.error() == QKeychain::EntryNotFound) {
        return Error{Keychain::tr("No secret is stored for this PC yet. The IT operator must enrol "
                                  "it with the central server first."),
                     u"not_enrolled"_s};
    }
    qCWarning(lcSecurity) << "keychain failed:" << job.errorString();
    return Error{Keychain::tr("The system keychain could not be used (%1). Make sure the desktop "
                              "session's keyring is running and unlocked, then try again.")
                     .arg(job.errorString()),
                 u"keychain"_s};
}

template <typename JobType>
JobType* prepared(const QString& key)
{
    auto* job = new JobType(Keychain::serviceName());
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

QString Keychain::serviceName()
{
    return u"Sipelanduk Desktop"_s;
}

void Keychain::read(const QString& key, QObject* context, ReadDone done)
{
    auto* job = prepared<QKeychain::ReadPasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job* finished) {
                         auto* reader = static_cast<QKeychain::ReadPasswordJob*>(finished);
                         if (reader->error() != QKeychain::NoError)
                             done(keychainError(*reader));
                         else
                             done(reader->textData());
                     });
    job->start();
}

void Keychain::write(const QString& key, const QString& secret, QObject* context, Done done)
{
    auto* job = prepared<QKeychain::WritePasswordJob>(key);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job* finished) {
                         done(finished->error() == QKeychain::NoError ? Status()
                                                                      : keychainError(*finished));
                     });
    job->start();
}

void Keychain::remove(const QString& key, QObject* context, Done done)
{
    auto* job = prepared<QKeychain::DeletePasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job* finished) {
                         const bool gone = finished->error() == QKeychain::NoError ||
                                           finished->error() == QKeychain::EntryNotFound;
                         done(gone ? Status() : keychainError(*finished));
                     });
    job->start();
}

} // namespace sipelanduk
