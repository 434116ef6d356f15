#pragma once

#include "Prompter.h"

#include <QStringList>

#include <optional>

namespace sipelanduk::test {

// Answers every question the way the test says and remembers what was asked.
class ScriptedPrompter final : public Prompter
{
public:
    void showError(QWidget*, const QString&, const QString& message) override
    {
        errors.append(message);
    }
    void showInformation(QWidget*, const QString&, const QString& message) override
    {
        information.append(message);
    }
    bool confirm(QWidget*, const QString&, const QString& question, const QStringList& details,
                 const QString&) override
    {
        questions.append(question);
        confirmedDetails += details;
        return answer;
    }
    std::optional<QString> askText(QWidget*, const QString&, const QString&) override
    {
        return text;
    }
    std::optional<QString> askSecret(QWidget*, const QString&, const QString&) override
    {
        if (secrets.isEmpty())
            return std::nullopt;
        return secrets.takeFirst();
    }

    std::optional<int> choose(QWidget*, const QString&, const QString&,
                              const QStringList& offered) override
    {
        choices = offered;
        return choice;
    }
    std::optional<QString> askSaveFile(QWidget*, const QString&, const QString& suggestedPath,
                                       const QString&) override
    {
        suggestedPaths.append(suggestedPath);
        return savePath;
    }
    QStringList askOpenFiles(QWidget*, const QString&, const QString&) override
    {
        if (openFiles.isEmpty())
            return {};
        return openFiles.takeFirst();
    }
    bool askPrinter(QWidget*, QPrinter&) override { return false; }

    QStringList errors;
    QStringList information;
    QStringList questions;
    QStringList confirmedDetails;
    bool answer = true;
    std::optional<QString> text;
    QStringList secrets; // given in turn; the person cancels when none is left
    QStringList choices;
    std::optional<int> choice; // the index picked; nothing cancels
    QStringList suggestedPaths;
    std::optional<QString> savePath;
    QList<QStringList> openFiles; // the files picked, one list per question; none cancels
};

} // namespace sipelanduk::test
