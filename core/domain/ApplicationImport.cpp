#include "domain/ApplicationImport.h"

#include "domain/ApplicationStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr auto kFormat = "sipelanduk-applications"_L1;
constexpr int kVersion = 1;

} // namespace

Result<QList<ApplicationImport::Entry>> ApplicationImport::parse(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error{tr("The import file is not valid JSON: %1 at character %2.")
                         .arg(parseError.errorString())
                         .arg(parseError.offset),
                     u"invalid_json"_s};
    }
    if (!document.isObject()) {
        return Error{tr("The import file must hold one JSON object with \"format\", \"version\" "
                        "and \"applications\"."),
                     u"invalid_format"_s};
    }
    const QJsonObject root = document.object();
    if (root.value("format"_L1).toString() != kFormat ||
        root.value("version"_L1).toInt() != kVersion) {
        return Error{tr("The import file must start with \"format\": \"%1\" and \"version\": %2.")
                         .arg(kFormat)
                         .arg(kVersion),
                     u"invalid_format"_s};
    }

    QList<Entry> entries;
    const QJsonArray applications = root.value("applications"_L1).toArray();
    for (qsizetype i = 0; i < applications.size(); ++i) {
        const QJsonObject object = applications.at(i).toObject();
        if (!object.value("fields"_L1).isObject() || !object.value("service"_L1).isString()) {
            return Error{tr("Application %1 in the import file needs a \"service\" text and a "
                            "\"fields\" object.")
                             .arg(i + 1),
                         u"invalid_format"_s};
        }
        // A misspelt key would otherwise drop what it holds without a word.
        static const QStringList known = {u"service"_s, u"fields"_s, u"requirements"_s,
                                          u"confirmWarnings"_s};
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!known.contains(it.key())) {
                return Error{tr("Application %1 in the import file has the key \"%2\", which the "
                                "format does not know. Family members and every other value go "
                                "inside \"fields\"; see docs/import-format.md.")
                                 .arg(i + 1)
                                 .arg(it.key()),
                             u"invalid_format"_s};
            }
        }
        Entry entry;
        entry.input.service = object.value("service"_L1).toString();
        entry.input.fields = object.value("fields"_L1).toObject();
        for (const QJsonValue& code : object.value("requirements"_L1).toArray())
            entry.input.requirements.append(code.toString());
        entry.confirmWarnings = object.value("confirmWarnings"_L1).toBool();
        entries.append(entry);
    }
    if (entries.isEmpty())
        return Error{tr("The import file holds no applications."), u"empty"_s};
    return entries;
}

Result<ApplicationImport::Outcome> ApplicationImport::run(ApplicationStore& store,
                                                          const User& clerk, const QByteArray& json,
                                                          bool submit)
{
    // Someone who may not capture learns nothing about the file's contents either.
    if (Status allowed = requirePermission(clerk, Action::CaptureApplication); !allowed)
        return allowed.error();
    Result<QList<Entry>> entries = parse(json);
    if (!entries)
        return entries.error();

    QStringList problems;
    for (qsizetype i = 0; i < entries->size(); ++i) {
        const Entry& entry = entries->at(i);
        const QList<Finding> found = store.findings(entry.input);
        QStringList messages = messagesOf(found, Severity::Error);
        if (submit && !entry.confirmWarnings)
            messages += messagesOf(found, Severity::Warning);
        for (const QString& message : messages)
            problems.append(tr("Application %1: %2").arg(i + 1).arg(message));
    }
    if (!problems.isEmpty()) {
        return Error{tr("Nothing was imported. Correct these and import the file again:\n%1")
                         .arg(problems.join(u'\n')),
                     u"invalid"_s};
    }

    // One transaction for the whole file: a power cut halfway leaves nothing, never a part that
    // the operator could not tell from the rest.
    Outcome outcome;
    Status imported = store.atomically([&]() -> Status {
        for (const Entry& entry : *entries) {
            Result<Application> saved = store.saveDraft(clerk, entry.input);
            if (saved && submit)
                saved = store.submit(clerk, saved->id, entry.confirmWarnings);
            if (!saved)
                return saved.error();
            outcome.registrationNumbers.append(saved->registrationNumber);
            outcome.warningsConfirmed += static_cast<int>(saved->confirmedWarnings.size());
        }
        return {};
    });
    if (!imported)
        return imported.error();
    return outcome;
}

} // namespace sipelanduk
