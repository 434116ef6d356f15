#pragma once

#include "Result.h"

#include <QByteArray>
#include <QCoreApplication>

#include <optional>

namespace sipelanduk::gzip {

// Below this a body goes as it is: compressing would save less than a packet.
inline constexpr qsizetype kWorthFromBytes = 1400;

// The gzip form (RFC 1952) of `data`, or nothing when zlib fails.
std::optional<QByteArray> compress(const QByteArray& data);

// The content of a gzip body. Refuses damaged or cut data, trailing bytes, and anything that
// would grow past `limit` bytes, so a small hostile body cannot fill the memory.
Result<QByteArray> decompress(const QByteArray& data, qsizetype limit);

// True when a Content-Encoding or Accept-Encoding header value lists gzip.
bool listsGzip(const QByteArray& headerValue);

} // namespace sipelanduk::gzip
