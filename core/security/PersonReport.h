#pragma once

#include "Result.h"
#include "security/AuditLog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

namespace sipelanduk {

class Clock;
class Database;

// The answer to a resident who asks what was done with their data (UU 27/2022): every recorded
// action on an application that named their NIK, in order, as CSV for processing and as a
// printable document.
class PersonReport
{
    Q_DECLARE_TR_FUNCTIONS(PersonReport)

public:
    static PersonReport build(Database& database, const Clock& clock, const QString& nik);

    const QList<AuditEntry>& entries() const { return m_entries; }
    QByteArray toCsv() const;
    QString toHtml() const;
    // The NIK as it may be printed in a file name.
    QString maskedNik() const;

private:
    QString m_nik;
    QString m_office;
    QDateTime m_madeAt;
    QList<AuditEntry> m_entries;
};

QString auditActionLabel(const QString& action);

} // namespace sipelanduk
