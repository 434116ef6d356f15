#pragma once

#include <QCoreApplication>
#include <QString>

namespace sipelanduk::server {

// The commands of sipelanduk-pusat, each returning the process exit code. A failure prints one
// sentence on stderr; data goes to stdout, as JSON when asked.
class PusatCommands
{
    Q_DECLARE_TR_FUNCTIONS(PusatCommands)

public:
    // `database` is what --db says: a SQLite file or a postgres:// URL.
    PusatCommands(QString database, bool json);

    // serve speaks HTTPS with this certificate (PEM, intermediates after it) and private key.
    void setTls(QString certificateFile, QString keyFile);
    // Serves until SIGTERM or SIGINT.
    int serve(const QString& listenAddress) const;
    int issueCode(const QString& office) const;
    int setStatus(const QString& registrationNumber, const QString& status,
                  const QString& reason) const;

    // Checks a master-data file (codelists, catalogue or regions) and publishes it as the newest
    // version of its kind.
    int publish(const QString& kind, const QString& filePath) const;

    static int fail(const QString& sentence);

private:
    QString m_database;
    bool m_json = false;
    QString m_tlsCertificate;
    QString m_tlsKey;
};

} // namespace sipelanduk::server
