#include "PasswordPair.h"

#include <QFormLayout>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace sipelanduk {

PasswordPair::PasswordPair(QWidget* parent, const QString& objectNamePrefix)
    : m_first(new QLineEdit(parent))
    , m_repeat(new QLineEdit(parent))
{
    m_first->setObjectName(objectNamePrefix + u"Password"_s);
    m_first->setEchoMode(QLineEdit::Password);
    m_repeat->setObjectName(objectNamePrefix + u"PasswordRepeat"_s);
    m_repeat->setEchoMode(QLineEdit::Password);
}

void PasswordPair::addRows(QFormLayout* form) const
{
    form->addRow(tr("Password:"), m_first);
    form->addRow(tr("Password again:"), m_repeat);
}

QString PasswordPair::password() const
{
    return m_first->text();
}

QString PasswordPair::mismatch() const
{
    if (m_first->text() == m_repeat->text())
        return {};
    return tr("The two passwords differ. Type the same password twice.");
}

} // namespace sipelanduk
