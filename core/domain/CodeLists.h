#pragma once

#include "Result.h"
#include "domain/Catalogue.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>

namespace sipelanduk {

// One SIAK code list (religion, relationship in family, occupation...). A list the product does
// not yet hold in full says so, so that nobody mistakes a missing code for an invalid one.
struct CodeList
{
    LocalText label;
    bool complete = true;
    QList<FieldOption> entries;
};

// The code lists of the national registry, as versioned data. The built-in file travels inside the
// program; the central server's master data can replace it, which is why a catalogue field names
// its list instead of copying the codes.
class CodeLists
{
    Q_DECLARE_TR_FUNCTIONS(CodeLists)

public:
    static Result<CodeLists> fromJson(const QByteArray& json);
    static const CodeLists& builtIn();

    int version() const { return m_version; }
    const CodeList* list(const QString& name) const;
    QStringList names() const { return m_lists.keys(); }

private:
    int m_version = 0;
    QMap<QString, CodeList> m_lists;
};

} // namespace sipelanduk
