#pragma once

#include "security/Keychain.h"
#include "storage/ScanKey.h"

#include <QObject>
#include <QTest>

#include <optional>

namespace sipelanduk::test {

// Waits for an answer of the session's real keychain; a test has nothing else to do meanwhile.
template <typename Answer, typename Start>
std::optional<Answer> waitFor(Start start)
{
    QObject context;
    std::optional<Answer> answer;
    start(&context, [&](Answer given) { answer = std::move(given); });
    if (!QTest::qWaitFor([&]() { return answer.has_value(); }, 30'000))
        return std::nullopt;
    return answer;
}

inline std::optional<Result<ScanKey>> loadScanKey(const Database& database)
{
    return waitFor<Result<ScanKey>>(
        [&](QObject* context, auto done) { ScanKey::load(database, context, done); });
}

inline std::optional<Result<QString>> readSecret(const QString& key)
{
    return waitFor<Result<QString>>(
        [&](QObject* context, auto done) { Keychain::read(key, context, done); });
}

inline std::optional<Status> removeSecret(const QString& key)
{
    return waitFor<Status>(
        [&](QObject* context, auto done) { Keychain::remove(key, context, done); });
}

} // namespace sipelanduk::test
