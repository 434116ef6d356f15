#include "storage/SealedStream.h"

#include <QDir>
#include <QIODevice>
#include <QtEndian>

#include <sodium.h>

#include <array>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr QByteArrayView kMagic("SIPBAKUP");
constexpr qsizetype kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr qsizetype kStreamHeaderBytes = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr qsizetype kClearHeaderBytes = 8 + 2 + 8 + 8 + kSaltBytes + kStreamHeaderBytes;
constexpr qsizetype kSealedChunkBytes =
    sealed::kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;

// Argon2id at libsodium's "moderate" level: 256 MiB and about 0.4 s on the build machine, a
// second or two on an office PC. A person waits for it once per backup or restore, and it is
// what stands between a lost USB stick and every resident's data.
constexpr quint64 kOpsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
constexpr quint64 kMemLimit = crypto_pwhash_MEMLIMIT_MODERATE;

using Key = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;

template <typename Integer>
void appendBigEndian(QByteArray& bytes, Integer value)
{
    const Integer big = qToBigEndian(value);
    bytes.append(reinterpret_cast<const char*>(&big), sizeof big);
}

template <typename Integer>
Integer bigEndianAt(const QByteArray& bytes, qsizetype offset)
{
    return qFromBigEndian<Integer>(bytes.constData() + offset);
}

bool deriveKey(Key& key, const QString& passphrase, const QByteArray& salt, quint64 ops,
               quint64 mem)
{
    QByteArray utf8 = passphrase.toUtf8();
    const int failed = crypto_pwhash(key.data(), key.size(), utf8.constData(),
                                     static_cast<unsigned long long>(utf8.size()),
                                     reinterpret_cast<const unsigned char*>(salt.constData()), ops,
                                     static_cast<size_t>(mem), crypto_pwhash_ALG_ARGON2ID13);
    sodium_memzero(utf8.data(), static_cast<size_t>(utf8.size()));
    return failed == 0;
}

bool limitsAreSane(quint64 ops, quint64 mem)
{
    return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= crypto_pwhash_OPSLIMIT_SENSITIVE &&
           mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= crypto_pwhash_MEMLIMIT_SENSITIVE;
}

QString shown(const QString& name)
{
    return QDir::toNativeSeparators(name);
}

} // namespace

struct SealedWriter::State
{
    crypto_secretstream_xchacha20poly1305_state stream;
    QByteArray firstChunkData;
    ~State() { sodium_memzero(&stream, sizeof stream); }
};

struct SealedReader::State
{
    crypto_secretstream_xchacha20poly1305_state stream;
    QByteArray firstChunkData;
    int chunks = 0;
    ~State() { sodium_memzero(&stream, sizeof stream); }
};

SealedWriter::SealedWriter(QIODevice& out, QString name)
    : m_out(out)
    , m_name(std::move(name))
    , m_state(std::make_unique<State>())
{}

SealedWriter::~SealedWriter() = default;

Result<std::unique_ptr<SealedWriter>> SealedWriter::start(QIODevice& out, const QString& name,
                                                          const QString& passphrase)
{
    if (sodium_init() < 0)
        return Error{tr("The security library could not start."), u"crypto"_s};

    QByteArray clear(kMagic.data(), kMagic.size());
    appendBigEndian(clear, sealed::kFormatVersion);
    appendBigEndian(clear, kOpsLimit);
    appendBigEndian(clear, kMemLimit);
    QByteArray salt(kSaltBytes, '\0');
    randombytes_buf(salt.data(), static_cast<size_t>(salt.size()));
    clear.append(salt);

    Key key;
    if (!deriveKey(key, passphrase, salt, kOpsLimit, kMemLimit)) {
        return Error{tr("The key for the backup could not be made: the PC is short of memory. "
                        "Close other programs and try again."),
                     u"crypto"_s};
    }
    std::unique_ptr<SealedWriter> writer(new SealedWriter(out, name));
    QByteArray streamHeader(kStreamHeaderBytes, '\0');
    crypto_secretstream_xchacha20poly1305_init_push(
        &writer->m_state->stream, reinterpret_cast<unsigned char*>(streamHeader.data()),
        key.data());
    sodium_memzero(key.data(), key.size());
    clear.append(streamHeader);
    writer->m_state->firstChunkData = clear;

    if (out.write(clear) != clear.size()) {
        return Error{tr("The backup %1 could not be written (%2). Check that the disk has room "
                        "and try again.")
                         .arg(shown(name), out.errorString()),
                     u"backup_io"_s};
    }
    return writer;
}

Status SealedWriter::write(const QByteArray& data)
{
    m_pending.append(data);
    while (m_pending.size() > sealed::kChunkBytes) {
        if (Status pushed = push(m_pending.left(sealed::kChunkBytes),
                                 crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            !pushed)
            return pushed;
        m_pending.remove(0, sealed::kChunkBytes);
    }
    return {};
}

Status SealedWriter::finish()
{
    const QByteArray last = m_pending;
    m_pending.clear();
    return push(last, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
}

Status SealedWriter::push(const QByteArray& plain, unsigned char tag)
{
    QByteArray sealedChunk(plain.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    const QByteArray& extra = m_state->firstChunkData;
    crypto_secretstream_xchacha20poly1305_push(
        &m_state->stream, reinterpret_cast<unsigned char*>(sealedChunk.data()), nullptr,
        reinterpret_cast<const unsigned char*>(plain.constData()),
        static_cast<unsigned long long>(plain.size()),
        reinterpret_cast<const unsigned char*>(extra.constData()),
        static_cast<unsigned long long>(extra.size()), tag);
    m_state->firstChunkData.clear();
    if (m_out.write(sealedChunk) != sealedChunk.size()) {
        return Error{tr("The backup %1 could not be written (%2). Check that the disk has room "
                        "and try again.")
                         .arg(shown(m_name), m_out.errorString()),
                     u"backup_io"_s};
    }
    return {};
}

SealedReader::SealedReader(QIODevice& in, QString name)
    : m_in(in)
    , m_name(std::move(name))
    , m_state(std::make_unique<State>())
{}

SealedReader::~SealedReader() = default;

Result<std::unique_ptr<SealedReader>> SealedReader::open(QIODevice& in, const QString& name,
                                                         const QString& passphrase)
{
    if (sodium_init() < 0)
        return Error{tr("The security library could not start."), u"crypto"_s};
    std::unique_ptr<SealedReader> reader(new SealedReader(in, name));

    const QByteArray clear = in.read(kClearHeaderBytes);
    if (!clear.startsWith(kMagic)) {
        return Error{tr("%1 is not a Sipelanduk backup. Choose a file made by sipelanduk-ctl "
                        "backup (its name ends in .sipbackup).")
                         .arg(shown(name)),
                     QString::fromLatin1(sealed::kNotABackup)};
    }
    if (clear.size() < kClearHeaderBytes)
        return reader->damaged();
    const auto version = bigEndianAt<quint16>(clear, kMagic.size());
    if (version != sealed::kFormatVersion) {
        return Error{tr("The backup %1 was made by a newer version of Sipelanduk (format %2). "
                        "Restore it with that version.")
                         .arg(shown(name))
                         .arg(version),
                     QString::fromLatin1(sealed::kUnsupported)};
    }
    const auto ops = bigEndianAt<quint64>(clear, kMagic.size() + 2);
    const auto mem = bigEndianAt<quint64>(clear, kMagic.size() + 10);
    if (!limitsAreSane(ops, mem))
        return reader->damaged();

    Key key;
    if (!deriveKey(key, passphrase, clear.mid(kMagic.size() + 18, kSaltBytes), ops, mem)) {
        return Error{tr("The key for the backup could not be made: the PC is short of memory. "
                        "Close other programs and try again."),
                     u"crypto"_s};
    }
    const auto* streamHeader = reinterpret_cast<const unsigned char*>(clear.constData()) +
                               kClearHeaderBytes - kStreamHeaderBytes;
    const int refused = crypto_secretstream_xchacha20poly1305_init_pull(&reader->m_state->stream,
                                                                        streamHeader, key.data());
    sodium_memzero(key.data(), key.size());
    if (refused != 0)
        return reader->damaged();
    reader->m_state->firstChunkData = clear;
    if (Status first = reader->pull(); !first)
        return first.error();
    return reader;
}

Error SealedReader::damaged() const
{
    return Error{tr("The backup %1 is incomplete or was changed after it was made, so nothing "
                    "was restored from it. Copy it again from where it is kept, or use an older "
                    "backup.")
                     .arg(shown(m_name)),
                 QString::fromLatin1(sealed::kDamaged)};
}

Status SealedReader::pull()
{
    const QByteArray sealedChunk = m_in.read(kSealedChunkBytes);
    if (sealedChunk.size() < crypto_secretstream_xchacha20poly1305_ABYTES)
        return damaged();

    QByteArray plain(sealedChunk.size() - crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    unsigned char tag = 0;
    const QByteArray& extra = m_state->firstChunkData;
    const int refused = crypto_secretstream_xchacha20poly1305_pull(
        &m_state->stream, reinterpret_cast<unsigned char*>(plain.data()), nullptr, &tag,
        reinterpret_cast<const unsigned char*>(sealedChunk.constData()),
        static_cast<unsigned long long>(sealedChunk.size()),
        reinterpret_cast<const unsigned char*>(extra.constData()),
        static_cast<unsigned long long>(extra.size()));
    m_state->firstChunkData.clear();
    // Only the first chunk tells a wrong passphrase apart: after it, the key is known to be right.
    if (refused != 0 && m_state->chunks == 0) {
        return Error{tr("The passphrase does not open the backup %1. Check it (capital letters "
                        "count) and try again; if it is surely right, the file was changed and "
                        "another backup is needed.")
                         .arg(shown(m_name)),
                     QString::fromLatin1(sealed::kWrongPassphrase)};
    }
    ++m_state->chunks;
    if (refused != 0)
        return damaged();
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
        m_final = true;
    else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        return damaged();
    if (m_final && !m_in.atEnd())
        return damaged();
    m_plain.append(plain);
    return {};
}

Result<QByteArray> SealedReader::read(qint64 size)
{
    while (m_plain.size() < size) {
        if (m_final)
            return damaged();
        if (Status pulled = pull(); !pulled)
            return pulled.error();
    }
    QByteArray piece = m_plain.left(size);
    m_plain.remove(0, size);
    return piece;
}

Status SealedReader::expectEnd()
{
    while (!m_final) {
        if (Status pulled = pull(); !pulled)
            return pulled;
    }
    if (!m_plain.isEmpty())
        return damaged();
    return {};
}

} // namespace sipelanduk
