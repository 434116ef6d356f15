#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

class QPrinter;
class QWidget;

namespace sipelanduk {

// Every question and message box the program puts in front of a person goes through here, so a
// test can answer them and a screen never blocks on a dialog nobody sees.
class Prompter
{
public:
    virtual ~Prompter() = default;

    // Something could not be done; `message` is core's sentence saying what and what to do.
    virtual void showError(QWidget* parent, const QString& title, const QString& message) = 0;
    virtual void showInformation(QWidget* parent, const QString& title, const QString& message) = 0;

    // Asks to go ahead. `details` lists what the person confirms, one item each (warnings, for
    // example); `acceptText` names the action on the button.
    virtual bool confirm(QWidget* parent, const QString& title, const QString& question,
                         const QStringList& details, const QString& acceptText) = 0;

    // Asks for a few lines of text; nothing when the person cancels.
    virtual std::optional<QString> askText(QWidget* parent, const QString& title,
                                           const QString& label) = 0;
    // Asks for a passphrase in a field that does not show it; nothing when the person cancels.
    virtual std::optional<QString> askSecret(QWidget* parent, const QString& title,
                                             const QString& label) = 0;

    // Asks which of `choices` to take, by index; nothing when the person cancels.
    virtual std::optional<int> choose(QWidget* parent, const QString& title,
                                      const QString& question, const QStringList& choices) = 0;
    // Asks where to save a file, starting from `suggestedPath`; nothing when the person cancels.
    virtual std::optional<QString> askSaveFile(QWidget* parent, const QString& title,
                                               const QString& suggestedPath,
                                               const QString& filter) = 0;
    // Asks for one or more existing files to open; empty when the person cancels.
    virtual QStringList askOpenFiles(QWidget* parent, const QString& title,
                                     const QString& filter) = 0;
    // Lets the person pick a printer and its paper; false when they cancel.
    virtual bool askPrinter(QWidget* parent, QPrinter& printer) = 0;
};

// Qt's own message boxes and input dialogs.
class WidgetsPrompter final : public Prompter
{
    Q_DECLARE_TR_FUNCTIONS(WidgetsPrompter)

public:
    void showError(QWidget* parent, const QString& title, const QString& message) override;
    void showInformation(QWidget* parent, const QString& title, const QString& message) override;
    bool confirm(QWidget* parent, const QString& title, const QString& question,
                 const QStringList& details, const QString& acceptText) override;
    std::optional<QString> askText(QWidget* parent, const QString& title,
                                   const QString& label) override;
    std::optional<QString> askSecret(QWidget* parent, const QString& title,
                                     const QString& label) override;
    std::optional<int> choose(QWidget* parent, const QString& title, const QString& question,
                              const QStringList& choices) override;
    std::optional<QString> askSaveFile(QWidget* parent, const QString& title,
                                       const QString& suggestedPath,
                                       const QString& filter) override;
    QStringList askOpenFiles(QWidget* parent, const QString& title, const QString& filter) override;
    bool askPrinter(QWidget* parent, QPrinter& printer) override;
};

} // namespace sipelanduk
