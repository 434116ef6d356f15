#include "domain/CodeLists.h"

#include "Logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

LocalText localTextOf(const QJsonValue& value)
{
    const QJsonObject object = value.toObject();
    return {object.value("id"_L1).toString(), object.value("en"_L1).toString()};
}

std::optional<CodeList> codeListOf(const QJsonObject& object)
{
    CodeList list;
    list.label = localTextOf(object.value("label"_L1));
    list.complete = object.value("complete"_L1).toBool(true);
    for (const QJsonValue& value : object.value("entries"_L1).toArray()) {
        const QJsonObject entry = value.toObject();
        const QString code = entry.value("value"_L1).toString();
        if (code.isEmpty())
            return std::nullopt;
        list.entries.append({code, localTextOf(entry.value("label"_L1))});
    }
    if (list.entries.isEmpty())
        return std::nullopt;
    return list;
}

} // namespace

Result<CodeLists> CodeLists::fromJson(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        return Error{tr("The code lists are not valid JSON (%1).").arg(parseError.errorString()),
                     u"codelists"_s};
    }
    CodeLists codeLists;
    codeLists.m_version = document.object().value("version"_L1).toInt();
    const QJsonObject lists = document.object().value("lists"_L1).toObject();
    for (auto it = lists.constBegin(); it != lists.constEnd(); ++it) {
        std::optional<CodeList> list = codeListOf(it.value().toObject());
        if (!list) {
            return Error{
                tr("The code list %1 has no entries or an entry without a code.").arg(it.key()),
                u"codelists"_s};
        }
        codeLists.m_lists.insert(it.key(), *list);
    }
    if (codeLists.m_version <= 0 || codeLists.m_lists.isEmpty())
        return Error{tr("The code lists have no version or no lists."), u"codelists"_s};
    return codeLists;
}

const CodeLists& CodeLists::builtIn()
{
    static const CodeLists codeLists = [] {
        QFile file(u":/sipelanduk/codelists/codelists.json"_s);
        file.open(QIODevice::ReadOnly);
        Result<CodeLists> loaded = fromJson(file.readAll());
        if (!loaded)
            qCCritical(lcDomain) << "built-in code lists unreadable:" << loaded.errorMessage();
        return loaded ? std::move(loaded).value() : CodeLists();
    }();
    return codeLists;
}

const CodeList* CodeLists::list(const QString& name) const
{
    const auto found = m_lists.constFind(name);
    return found == m_lists.constEnd() ? nullptr : &found.value();
}

} // namespace sipelanduk
