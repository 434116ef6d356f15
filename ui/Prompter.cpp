#include "Prompter.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

QString bulletList(const QStringList& items)
{
    QString html = u"<ul>"_s;
    for (const QString& item : items)
        html += u"<li>"_s + item.toHtmlEscaped() + u"</li>"_s;
    return html + u"</ul>"_s;
}

} // namespace

void WidgetsPrompter::showError(QWidget* parent, const QString& title, const QString& message)
{
    QMessageBox::warning(parent, title, message);
}

void WidgetsPrompter::showInformation(QWidget* parent, const QString& title, const QString& message)
{
    QMessageBox::information(parent, title, message);
}

bool WidgetsPrompter::confirm(QWidget* parent, const QString& title, const QString& question,
                              const QStringList& details, const QString& acceptText)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, parent);
    if (!details.isEmpty()) {
        box.setTextFormat(Qt::RichText);
        box.setText(question.toHtmlEscaped() + bulletList(details));
    }
    QPushButton* accept =
        box.addButton(acceptText.isEmpty() ? tr("Continue") : acceptText, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

std::optional<QString> WidgetsPrompter::askText(QWidget* parent, const QString& title,
                                                const QString& label)
{
    bool accepted = false;
    const QString text = QInputDialog::getMultiLineText(parent, title, label, {}, &accepted);
    if (!accepted)
        return std::nullopt;
    return text;
}

std::optional<QString> WidgetsPrompter::askSecret(QWidget* parent, const QString& title,
                                                  const QString& label)
{
    bool accepted = false;
    const QString secret =
        QInputDialog::getText(parent, title, label, QLineEdit::Password, {}, &accepted);
    if (!accepted)
        return std::nullopt;
    return secret;
}

std::optional<int> WidgetsPrompter::choose(QWidget* parent, const QString& title,
                                           const QString& question, const QStringList& choices)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, parent);
    QList<QAbstractButton*> buttons;
    for (const QString& choice : choices)
        buttons.append(box.addButton(choice, QMessageBox::AcceptRole));
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    const qsizetype index = buttons.indexOf(box.clickedButton());
    if (index < 0)
        return std::nullopt;
    return static_cast<int>(index);
}

std::optional<QString> WidgetsPrompter::askSaveFile(QWidget* parent, const QString& title,
                                                    const QString& suggestedPath,
                                                    const QString& filter)
{
    const QString path = QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
    if (path.isEmpty())
        return std::nullopt;
    return path;
}

QStringList WidgetsPrompter::askOpenFiles(QWidget* parent, const QString& title,
                                          const QString& filter)
{
    return QFileDialog::getOpenFileNames(parent, title, {}, filter);
}

bool WidgetsPrompter::askPrinter(QWidget* parent, QPrinter& printer)
{
    QPrintDialog dialog(&printer, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace sipelanduk
