#include "security/PersonReport.h"

#include "Clock.h"
#include "Logging.h"
#include "storage/Database.h"
#include "storage/Office.h"

#include <csv.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// One CSV field, quoted by libcsv where it needs quotes.
QByteArray csvField(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray quoted(utf8.size() * 2 + 2, '\0');
    const size_t written = csv_write(quoted.data(), static_cast<size_t>(quoted.size()),
                                     utf8.constData(), static_cast<size_t>(utf8.size()));
    quoted.truncate(static_cast<qsizetype>(written));
    return quoted;
}

QByteArray csvLine(const QStringList& fields)
{
    QByteArrayList quoted;
    for (const QString& field : fields)
        quoted.append(csvField(field));
    return quoted.join(',') + "\r\n";
}

QString localTime(const QDateTime& at)
{
    return at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

} // namespace

QString auditActionLabel(const QString& action)
{
    static const QList<std::pair<QString, const char*>> labels = {
        {u"created"_s, QT_TRANSLATE_NOOP("PersonReport", "captured")},
        {u"changed"_s, QT_TRANSLATE_NOOP("PersonReport", "changed")},
        {u"viewed"_s, QT_TRANSLATE_NOOP("PersonReport", "viewed")},
        {u"submitted"_s, QT_TRANSLATE_NOOP("PersonReport", "submitted for approval")},
        {u"approved"_s, QT_TRANSLATE_NOOP("PersonReport", "approved")},
        {u"returned"_s, QT_TRANSLATE_NOOP("PersonReport", "returned for correction")},
        {u"refused"_s, QT_TRANSLATE_NOOP("PersonReport", "access refused")},
        {u"printed"_s, QT_TRANSLATE_NOOP("PersonReport", "printed")},
        {u"exported"_s, QT_TRANSLATE_NOOP("PersonReport", "exported")},
        {u"sent"_s, QT_TRANSLATE_NOOP("PersonReport", "sent to Disdukcapil")},
        {u"status_received"_s, QT_TRANSLATE_NOOP("PersonReport", "status from Disdukcapil")},
        {u"handed_over"_s, QT_TRANSLATE_NOOP("PersonReport", "handed over")},
        {u"purged"_s, QT_TRANSLATE_NOOP("PersonReport", "personal data deleted")},
    };
    for (const auto& [known, label] : labels) {
        if (known == action)
            return PersonReport::tr(label);
    }
    return action;
}

PersonReport PersonReport::build(Database& database, const Clock& clock, const QString& nik)
{
    PersonReport report;
    report.m_nik = nik;
    report.m_madeAt = clock.now();
    const Result<OfficeInfo> office = Office::load(database);
    report.m_office = office ? office->code + u' ' + office->name : QString();
    report.m_entries = AuditLog(database, clock).forPerson(nik);
    return report;
}

QString PersonReport::maskedNik() const
{
    return maskIdentityNumber(m_nik);
}

QByteArray PersonReport::toCsv() const
{
    QByteArray csv = csvLine(
        {tr("entry"), tr("time"), tr("by"), tr("action"), tr("registration number"), tr("detail")});
    for (const AuditEntry& entry : m_entries) {
        csv += csvLine({QString::number(entry.seq), localTime(entry.at), entry.userName,
                        auditActionLabel(entry.action), entry.registrationNumber, entry.detail});
    }
    return csv;
}

QString PersonReport::toHtml() const
{
    QString rows;
    for (const AuditEntry& entry : m_entries) {
        rows += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>"_s.arg(
            localTime(entry.at).toHtmlEscaped(), entry.userName.toHtmlEscaped(),
            auditActionLabel(entry.action).toHtmlEscaped(),
            entry.registrationNumber.toHtmlEscaped(), entry.detail.toHtmlEscaped());
    }
    if (m_entries.isEmpty())
        rows = u"<tr><td colspan=\"5\">%1</td></tr>"_s.arg(tr("Nothing was recorded."));
    return u"<h2>%1</h2><p>%2</p><table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
           "width=\"100%\"><tr><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th>%7</th></tr>"
           "%8</table><p>%9</p>"_s.arg(
               tr("Processing of personal data").toHtmlEscaped(),
               tr("NIK %1. Kantor camat %2. Made on %3.")
                   .arg(m_nik, m_office, localTime(m_madeAt))
                   .toHtmlEscaped(),
               tr("Time").toHtmlEscaped(), tr("By").toHtmlEscaped(), tr("Action").toHtmlEscaped(),
               tr("Registration number").toHtmlEscaped(), tr("Detail").toHtmlEscaped(), rows,
               tr("Every action on an application that names this NIK, from this PC's audit "
                  "trail. Times are local.")
                   .toHtmlEscaped());
}

} // namespace sipelanduk
