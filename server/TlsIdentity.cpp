#include "TlsIdentity.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace sipelanduk::server {

namespace {

struct BioFree
{
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyFree
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// Never prompts on the terminal for a passphrase: a protected key is refused with a sentence.
int noPassphrase(char*, int, int, void*)
{
    return 0;
}

Result<QByteArray> readFile(const QString& path, const QString& what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{TlsIdentity::tr("The %1 %2 cannot be read (%3); sipelanduk-pusat does not "
                                     "start without it. Check the path and that this user may "
                                     "read the file.")
                         .arg(what, path, file.errorString()),
                     u"tls_file"_s};
    }
    return file.readAll();
}

// Whether the private key is the one the certificate's public key belongs to; OpenSSL, because
// Qt has no call that compares the two.
bool belongTogether(const QByteArray& certificatePem, const QByteArray& keyPem)
{
    const std::unique_ptr<BIO, BioFree> certificateBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())));
    const std::unique_ptr<BIO, BioFree> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
    if (!certificateBio || !keyBio)
        return false;
    const std::unique_ptr<X509, X509Free> certificate(
        PEM_read_bio_X509(certificateBio.get(), nullptr, &noPassphrase, nullptr));
    const std::unique_ptr<EVP_PKEY, KeyFree> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &noPassphrase, nullptr));
    return certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
}

QSslKey privateKeyOf(const QByteArray& pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

Result<QSslConfiguration> TlsIdentity::load(const QString& certificateFile, const QString& keyFile)
{
    const Result<QByteArray> certificatePem = readFile(certificateFile, tr("certificate file"));
    if (!certificatePem)
        return certificatePem.error();
    const Result<QByteArray> keyPem = readFile(keyFile, tr("private key file"));
    if (!keyPem)
        return keyPem.error();

    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty()) {
        return Error{tr("%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).")
                         .arg(certificateFile),
                     u"tls_file"_s};
    }
    const QSslKey key = privateKeyOf(*keyPem);
    if (key.isNull()) {
        return Error{tr("%1 holds no private key in PEM form without a passphrase. Give the "
                        "server's unencrypted key (openssl pkey -in KEY -out PLAIN_KEY).")
                         .arg(keyFile),
                     u"tls_file"_s};
    }
    if (!belongTogether(*certificatePem, *keyPem)) {
        return Error{tr("The private key %1 does not belong to the certificate %2; give the key "
                        "the certificate was made for.")
                         .arg(keyFile, certificateFile),
                     u"tls_mismatch"_s};
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

} // namespace sipelanduk::server
