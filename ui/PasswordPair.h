#pragma once

#include <QCoreApplication>
#include <QString>

class QFormLayout;
class QLineEdit;
class QWidget;

namespace sipelanduk {

// A new password typed twice. The repeat only guards against a typing slip; whether a password
// is acceptable is for core to say.
class PasswordPair
{
    Q_DECLARE_TR_FUNCTIONS(PasswordPair)

public:
    PasswordPair(QWidget* parent, const QString& objectNamePrefix);

    void addRows(QFormLayout* form) const;
    QString password() const;
    // A sentence for the person when the two differ; empty when they agree.
    QString mismatch() const;

private:
    QLineEdit* m_first;
    QLineEdit* m_repeat;
};

} // namespace sipelanduk
