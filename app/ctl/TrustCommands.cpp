// The commands of sipelanduk-ctl about the audit trail and retention.
#include "Commands.h"

#include "Logging.h"
#include "domain/ApplicationStore.h"
#include "domain/Catalogue.h"
#include "domain/Nik.h"
#include "domain/Regions.h"
#include "domain/Retention.h"
#include "print/PdfDocument.h"
#include "security/AuditLog.h"
#include "security/PersonReport.h"
#include "storage/Database.h"
#include "storage/DiskEncryption.h"
#include "sync/MasterData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Status Commands::audit(const QStringList& arguments)
{
    const QString what = arguments.value(0);
    if (what != "verify"_L1 && what != "person"_L1)
        return Error{tr("audit needs verify, or person NIK --out FOLDER.")};
    Result<User> admin = signIn(m_parser.value(QStringLiteral("as")));
    if (!admin)
        return admin.error();
    if (Status allowed = requirePermission(*admin, Action::ManageUsers); !allowed)
        return allowed;
    return what == "verify"_L1 ? auditVerify() : auditPerson(*admin, arguments.mid(1));
}

Status Commands::auditVerify()
{
    const AuditVerification verification = AuditLog(*m_database, m_clock).verify();
    if (m_parser.isSet(QStringLiteral("json"))) {
        QJsonArray problems;
        for (const AuditProblem& problem : verification.problems)
            problems.append(QJsonObject{{u"seq"_s, problem.seq}, {u"message"_s, problem.message}});
        printJson(QJsonObject{{u"entries"_s, verification.entries},
                              {u"ok"_s, verification.ok()},
                              {u"problems"_s, problems}});
    } else {
        for (const AuditProblem& problem : verification.problems)
            print(problem.message);
        if (verification.ok())
            print(tr("The audit trail is whole: %n entries, none changed, removed or moved.",
                     nullptr, verification.entries));
    }
    if (!verification.ok()) {
        return Error{tr("The audit trail was tampered with at %n place(s); see above.", nullptr,
                        static_cast<int>(verification.problems.size())),
                     u"audit_broken"_s};
    }
    return {};
}

Status Commands::auditPerson(const User& admin, const QStringList& arguments)
{
    const QString out = m_parser.value(QStringLiteral("out"));
    if (arguments.size() != 1 || out.isEmpty())
        return Error{tr("audit person needs one NIK and --out FOLDER.")};
    RegionStore regions(*m_database);
    const NikCheck nik = Nik::check(arguments.first(), regions);
    if (nik.verdict == Verdict::Invalid)
        return Error{nik.reasons.join(u' ')};
    if (!QDir().mkpath(out))
        return Error{tr("The folder %1 could not be created.").arg(out)};

    const PersonReport report = PersonReport::build(*m_database, m_clock, nik.number);
    // Named after the moment, so reports on two people never overwrite each other.
    const QString base = QDir(out).filePath(u"laporan-nik-%1-%2"_s.arg(
        nik.number.right(4), m_clock.now().toString(u"yyyyMMdd-HHmmss-zzz"_s)));
    QFile csv(base + u".csv"_s);
    if (!csv.open(QIODevice::WriteOnly) || csv.write(report.toCsv()) < 0)
        return Error{tr("%1 could not be written (%2).").arg(csv.fileName(), csv.errorString())};
    csv.close();
    if (Status pdf = writePdf(report.toHtml(), base + u".pdf"_s, tr("Processing of personal data"));
        !pdf)
        return pdf;
    if (Status recorded =
            AuditLog(*m_database, m_clock)
                .recordForPerson(AuditAction::Exported, &admin, nik.number,
                                 tr("report on the processing of NIK %1").arg(report.maskedNik()));
        !recorded)
        return recorded;
    print(tr("%n entries written to %1.csv and %1.pdf.", nullptr,
             static_cast<int>(report.entries().size()))
              .arg(base));
    return {};
}

Status Commands::purge()
{
    Result<User> admin = signIn(m_parser.value(QStringLiteral("as")));
    if (!admin)
        return admin.error();
    Retention retention(*m_database, m_clock);
    if (m_parser.isSet(QStringLiteral("days"))) {
        bool ok = false;
        const int days = m_parser.value(QStringLiteral("days")).toInt(&ok);
        if (!ok)
            return Error{tr("--days needs a whole number of days.")};
        if (Status stored = retention.setDays(*admin, days); !stored)
            return stored;
    } else if (Status allowed = requirePermission(*admin, Action::ManageUsers); !allowed) {
        return allowed;
    }
    Result<int> purged = retention.purge();
    if (!purged)
        return purged.error();
    print(tr("Personal data of %n handed-over application(s) deleted (retention: %1 days).",
             nullptr, *purged)
              .arg(retention.days()));
    return {};
}

Status Commands::handOver(const QStringList& arguments)
{
    if (arguments.size() != 1)
        return Error{tr("hand-over needs one registration number.")};
    Result<User> clerk = signIn(m_parser.value(QStringLiteral("as")));
    if (!clerk)
        return clerk.error();
    RegionStore regions(*m_database);
    const auto catalogue = MasterData::catalogueInUse(*m_database);
    ApplicationStore store(*m_database, *catalogue, regions, m_clock);
    const std::optional<Application> application =
        store.findByRegistrationNumber(arguments.first());
    if (!application)
        return Error{tr("There is no application %1 on this PC.").arg(arguments.first())};
    Result<Application> handed = store.recordHandOver(*clerk, application->id);
    if (!handed)
        return handed.error();
    print(tr("Application %1 was handed over.").arg(handed->registrationNumber));
    return {};
}

Status Commands::encryptedDisk(const QStringList& arguments)
{
    const QString wanted = arguments.value(0);
    if (arguments.size() > 1 ||
        (!wanted.isEmpty() && wanted != "required"_L1 && wanted != "optional"_L1))
        return Error{
            tr("encrypted-disk takes required or optional, or nothing to show the state.")};
    Result<User> admin = signIn(m_parser.value(QStringLiteral("as")));
    if (!admin)
        return admin.error();
    if (!wanted.isEmpty()) {
        Status stored = DiskPolicy::setRequired(*m_database, *admin, wanted == "required"_L1);
        if (!stored)
            return stored;
    }
    const DiskEncryption state = diskEncryptionOf(m_database->dataDir());
    const QString volume = state == DiskEncryption::Encrypted      ? tr("encrypted")
                           : state == DiskEncryption::NotEncrypted ? tr("not encrypted")
                                                                   : tr("of unknown encryption");
    print(tr("The data folder's disk is %1; encryption is %2.")
              .arg(volume, DiskPolicy::isRequired(*m_database) ? tr("required") : tr("optional")));
    return {};
}

} // namespace sipelanduk
