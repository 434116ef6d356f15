#include "sync/Gzip.h"

#include <QList>

#include <algorithm>

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace sipelanduk::gzip {

namespace {

// 15 bits of window, plus 16 for the gzip wrapper instead of zlib's own.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;
constexpr qsizetype kChunkBytes = 64 * 1024;

class Gzip
{
    Q_DECLARE_TR_FUNCTIONS(Gzip)

public:
    static Error damaged()
    {
        return Error{tr("The compressed body is damaged or cut off; send it again."),
                     u"invalid_encoding"_s};
    }
    static Error tooLarge(qsizetype limit)
    {
        return Error{tr("The compressed body unpacks to more than %1 MB; send fewer applications "
                        "per batch.")
                         .arg(limit / (1024 * 1024)),
                     u"payload_too_large"_s};
    }
};

} // namespace

std::optional<QByteArray> compress(const QByteArray& data)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return std::nullopt;
    out.truncate(written);
    return out;
}

Result<QByteArray> decompress(const QByteArray& data, qsizetype limit)
{
    z_stream stream{};
    if (inflateInit2(&stream, kGzipWindowBits) != Z_OK)
        return Gzip::damaged();
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    stream.avail_in = uInt(data.size());
    QByteArray out;
    int result = Z_OK;
    for (;;) {
        // One byte past the limit is enough to know the body is too large.
        const qsizetype used = out.size();
        const qsizetype room = std::min(kChunkBytes, limit + 1 - used);
        if (room <= 0)
            break;
        out.resize(used + room);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        stream.avail_out = uInt(room);
        result = inflate(&stream, Z_NO_FLUSH);
        out.truncate(used + room - qsizetype(stream.avail_out));
        if (result == Z_STREAM_END || (result != Z_OK && result != Z_BUF_ERROR))
            break;
        // Room left over while inflate stopped: the input ran out inside the stream.
        if (stream.avail_out != 0)
            break;
    }
    const bool whole = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (out.size() > limit)
        return Gzip::tooLarge(limit);
    if (!whole)
        return Gzip::damaged();
    return out;
}

bool listsGzip(const QByteArray& headerValue)
{
    const QList<QByteArray> codings = headerValue.split(',');
    return std::any_of(codings.cbegin(), codings.cend(), [](const QByteArray& coding) {
        return coding.split(';').value(0).trimmed().toLower() == "gzip";
    });
}

} // namespace sipelanduk::gzip
