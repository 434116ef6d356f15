#pragma once

#include "Result.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QString>

namespace sipelanduk::server {

// The certificate (with any intermediate certificates after it) and private key that
// sipelanduk-pusat serves HTTPS with, read from PEM files and checked to belong together before
// the server starts, so a wrong pair is a sentence at start-up rather than failed handshakes
// later.
class TlsIdentity
{
    Q_DECLARE_TR_FUNCTIONS(TlsIdentity)

public:
    static Result<QSslConfiguration> load(const QString& certificateFile, const QString& keyFile);
};

} // namespace sipelanduk::server
