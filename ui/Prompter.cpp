#include "Prompter.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
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

} // namespace sipelanduk
