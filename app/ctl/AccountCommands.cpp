// The commands of sipelanduk-ctl about accounts: new passwords, disabling, the list.
#include "Commands.h"

#include "security/Accounts.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sipelanduk {

Status Commands::resetPassword(const QStringList& arguments)
{
    if (arguments.size() != 1)
        return Error{tr("reset-password needs the NAME of the account and --as ADMIN.")};
    Result<User> admin = signIn(m_parser.value(u"as"_s));
    if (!admin)
        return admin.error();
    const QString password =
        readSecret("SIPELANDUK_NEW_PASSWORD", tr("New password for %1:").arg(arguments.first()));
    Accounts accounts(*m_database, m_clock);
    if (Status reset = accounts.resetPassword(*admin, arguments.first(), password); !reset)
        return reset;
    print(tr("%1 has a new password and may sign in with it now.").arg(arguments.first()));
    return {};
}

Status Commands::setUserActive(const QStringList& arguments, bool active)
{
    if (arguments.size() != 1) {
        return Error{active ? tr("enable-user needs the NAME of the account and --as ADMIN.")
                            : tr("disable-user needs the NAME of the account and --as ADMIN.")};
    }
    Result<User> admin = signIn(m_parser.value(u"as"_s));
    if (!admin)
        return admin.error();
    Accounts accounts(*m_database, m_clock);
    if (Status changed = accounts.setActive(*admin, arguments.first(), active); !changed)
        return changed;
    print(active
              ? tr("%1 may sign in again.").arg(arguments.first())
              : tr("%1 can no longer sign in; their work stays on record.").arg(arguments.first()));
    return {};
}

Status Commands::users()
{
    Result<User> admin = signIn(m_parser.value(u"as"_s));
    if (!admin)
        return admin.error();
    const Result<QList<AccountState>> states = Accounts(*m_database, m_clock).states(*admin);
    if (!states)
        return states.error();
    const QDateTime now = m_clock.now();
    QJsonArray list;
    QList<QStringList> rows;
    for (const AccountState& account : *states) {
        const bool locked = account.isLocked(now);
        list.append(QJsonObject{
            {u"name"_s, account.user.name},
            {u"role"_s, roleName(account.user.role)},
            {u"active"_s, account.active},
            {u"lockedUntil"_s, locked ? QJsonValue(toUtcText(account.lockedUntil)) : QJsonValue()},
            {u"failedAttempts"_s, account.failedAttempts}});
        // The role as --role takes it, then as the program names it.
        QStringList row{account.user.name, roleName(account.user.role),
                        roleLabel(account.user.role),
                        account.active ? tr("active") : tr("disabled")};
        if (locked) {
            row.append(
                tr("locked until %1").arg(account.lockedUntil.toLocalTime().toString(u"HH:mm"_s)));
        }
        rows.append(row);
    }
    if (m_parser.isSet(u"json"_s))
        printJson(QJsonObject{{u"users"_s, list}});
    else
        printColumns(rows);
    return {};
}

} // namespace sipelanduk
