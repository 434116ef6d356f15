#include "domain/Receipt.h"

#include "Clock.h"
#include "Logging.h"
#include "domain/Application.h"
#include "domain/Catalogue.h"
#include "security/AuditLog.h"
#include "security/Permissions.h"
#include "storage/Office.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// What the applicant does beyond asking at the counter, for services that need more. Services
// without an entry end with collecting the document at the counter.
const QHash<QString, QString>& serviceSteps()
{
    static const QHash<QString, QString> steps{
        {u"ktp-el-rekam"_s,
         u"Datang sendiri ke Disdukcapil Kabupaten Bangka Tengah untuk perekaman foto, sidik "
         "jari dan iris mata, dengan membawa tanda terima ini dan KK."_s},
        {u"ktp-el-perubahan"_s, u"KTP-el yang lama diserahkan ketika KTP-el yang baru diambil."_s},
        {u"surat-pindah"_s,
         u"Surat pindah berlaku 30 hari kerja sejak diterbitkan; laporkan kedatangan di tempat "
         "tujuan sebelum masa itu berakhir."_s},
    };
    return steps;
}

QString collectStep(const QString& officeName)
{
    return u"Dokumen yang sudah selesai diambil di loket Kantor Camat %1 dengan menunjukkan "
           "tanda terima ini."_s.arg(officeName);
}

QStringList nextSteps(const QString& serviceCode, const QString& officeName, const QString& number)
{
    QStringList steps{
        u"Simpan tanda terima ini. Status permohonan dapat ditanyakan di loket "
        "Kantor Camat %1 dengan menyebutkan nomor registrasi %2."_s.arg(officeName, number)};
    const QString extra = serviceSteps().value(serviceCode);
    if (!extra.isEmpty())
        steps.append(extra);
    steps.append(collectStep(officeName));
    return steps;
}

// The labels of the documents received, in the catalogue's order; a code the catalogue no longer
// knows is still listed, as itself.
QStringList requirementLabels(const Service* service, const QStringList& codes)
{
    QStringList labels;
    QStringList remaining = codes;
    if (service) {
        for (const Requirement& requirement : service->requirements) {
            if (remaining.removeAll(requirement.code) > 0)
                labels.append(requirement.label.id);
        }
    }
    return labels + remaining;
}

} // namespace

QString indonesianDate(const QDate& date)
{
    static const QStringList months{u"Januari"_s,   u"Februari"_s, u"Maret"_s,    u"April"_s,
                                    u"Mei"_s,       u"Juni"_s,     u"Juli"_s,     u"Agustus"_s,
                                    u"September"_s, u"Oktober"_s,  u"November"_s, u"Desember"_s};
    if (!date.isValid())
        return {};
    return u"%1 %2 %3"_s.arg(date.day()).arg(months.at(date.month() - 1)).arg(date.year());
}

Result<ReceiptContent> Receipts::contentFor(const Application& application,
                                            const OfficeInfo& office, const Catalogue& catalogue,
                                            const Clock& clock, const QString& regencyName)
{
    if (application.registrationNumber.isEmpty()) {
        return Error{tr("The application has no registration number yet; save it before "
                        "printing its receipt."),
                     u"not_saved"_s};
    }
    const Service* service = catalogue.service(application.service);
    const QDateTime received =
        application.createdAt.isValid() ? application.createdAt : clock.now();
    const QDateTime printed = clock.now().toLocalTime();

    ReceiptContent content;
    content.title = u"TANDA TERIMA PERMOHONAN"_s;
    content.regencyName = regencyName;
    content.officeName = office.name;
    content.officeCode = office.code;
    content.registrationNumber = application.registrationNumber;
    content.serviceName = service ? service->name.id : application.service;
    content.applicantName = application.applicantName;
    content.requirements = requirementLabels(service, application.requirements);
    content.receivedOn = received.toLocalTime().date();
    content.receivedOnText = indonesianDate(content.receivedOn);
    content.receivedBy = application.createdByName;
    content.nextSteps = nextSteps(application.service, office.name, content.registrationNumber);
    content.feeNote = u"Layanan ini tidak dipungut biaya (Undang-Undang Nomor 24 Tahun 2013 "
                      "Pasal 79A)."_s;
    content.printedAtText = u"Dicetak %1 pukul %2"_s.arg(indonesianDate(printed.date()),
                                                         printed.time().toString(u"HH.mm"_s));
    content.qrPayload = application.registrationNumber;
    return content;
}

Status Receipts::recordPrinted(Database& database, const Clock& clock, const User& user,
                               const Application& application, const QString& how)
{
    AuditLog audit(database, clock);
    if (!isAllowed(user.role, Action::ViewAllApplications) && application.createdBy != user.id) {
        (void)audit.record(AuditAction::Refused, &user, &application, how);
        return Error{tr("Application %1 was captured by another clerk; its receipt is printed "
                        "by that clerk or a supervisor.")
                         .arg(application.registrationNumber),
                     u"forbidden"_s};
    }
    Status recorded = audit.record(AuditAction::Printed, &user, &application, how);
    if (recorded)
        qCInfo(lcDomain) << "receipt" << how << application.registrationNumber;
    return recorded;
}

} // namespace sipelanduk
