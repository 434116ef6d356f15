#pragma once

#include "Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>

class QIODevice;

namespace sipelanduk {

// A passphrase-sealed byte stream, the outer layer of a backup file:
//
//   magic "SIPBAKUP", format version (u16), Argon2id opslimit and memlimit (u64 each), salt,
//   secretstream header, then chunks of crypto_secretstream_xchacha20poly1305, each holding
//   kChunkBytes of plain text (the last one fewer, tagged final).
//
// The clear header is the additional data of the first chunk, so a changed header fails like a
// wrong passphrase. All numbers are big-endian.
namespace sealed {

constexpr qint64 kChunkBytes = 64 * 1024;
constexpr quint16 kFormatVersion = 1;

// Error codes of files that cannot be opened.
constexpr auto kNotABackup = "not_a_backup";
constexpr auto kUnsupported = "unsupported_backup";
constexpr auto kWrongPassphrase = "wrong_passphrase";
constexpr auto kDamaged = "damaged_backup";

} // namespace sealed

class SealedWriter
{
    Q_DECLARE_TR_FUNCTIONS(SealedWriter)

public:
    // Writes the clear header to `out` and keeps the key only inside the stream state.
    static Result<std::unique_ptr<SealedWriter>> start(QIODevice& out, const QString& name,
                                                       const QString& passphrase);
    ~SealedWriter();

    Status write(const QByteArray& data);
    // Seals what is left as the final chunk; a stream without it reads as cut short.
    Status finish();

private:
    SealedWriter(QIODevice& out, QString name);
    Status push(const QByteArray& plain, unsigned char tag);

    struct State;
    QIODevice& m_out;
    QString m_name;
    std::unique_ptr<State> m_state;
    QByteArray m_pending;
};

class SealedReader
{
    Q_DECLARE_TR_FUNCTIONS(SealedReader)

public:
    // Reads the header and opens the first chunk, so a wrong passphrase is known at once.
    static Result<std::unique_ptr<SealedReader>> open(QIODevice& in, const QString& name,
                                                      const QString& passphrase);
    ~SealedReader();

    // Exactly `size` bytes of plain text, or the reason the file cannot give them.
    Result<QByteArray> read(qint64 size);
    // Succeeds only when the final chunk was read, all of it was used and nothing follows it.
    Status expectEnd();
    // The refusal of a file that is cut short or was changed.
    Error damaged() const;

private:
    SealedReader(QIODevice& in, QString name);
    Status pull();

    struct State;
    QIODevice& m_in;
    QString m_name;
    std::unique_ptr<State> m_state;
    QByteArray m_plain;
    bool m_final = false;
};

} // namespace sipelanduk
