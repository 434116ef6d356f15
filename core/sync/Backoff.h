#pragma once

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

class QRandomGenerator;

namespace sipelanduk::backoff {

// How long to wait before trying again after a failure. The wait doubles with every failure in a
// row up to `cap`, and the actual delay is drawn at random below that ceiling ("full jitter"), so
// that the six offices coming back online after one outage do not all call the server at the same
// second.
struct Policy
{
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{60'000};
};

// The ceiling for the attempt that follows `failures` failures in a row (failures >= 1):
// min(cap, base * 2^(failures - 1)).
std::chrono::milliseconds ceiling(const Policy& policy, int failures);

// A random delay in [ceiling / 2, ceiling]: jittered, but never so short that a retry is wasted.
std::chrono::milliseconds delay(const Policy& policy, int failures, QRandomGenerator& random);

// The wait a `Retry-After` header asks for, as delta-seconds ("120") or as an HTTP date
// ("Wed, 21 Oct 2026 07:28:00 GMT") measured from `now`. Absent or unreadable values give nothing;
// a date in the past gives zero.
std::optional<std::chrono::seconds> retryAfter(const QByteArray& header, const QDateTime& now);

} // namespace sipelanduk::backoff
