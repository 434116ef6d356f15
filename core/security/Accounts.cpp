#include "security/Accounts.h"

#include "Clock.h"
#include "Logging.h"
#include "storage/Database.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

std::optional<QByteArray> hashPassword(const QString& password)
{
    const QByteArray utf8 = password.toUtf8();
    QByteArray hash(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(
            hash.data(), utf8.constData(), static_cast<unsigned long long>(utf8.size()),
            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    hash.truncate(static_cast<qsizetype>(qstrlen(hash.constData())));
    return hash;
}

bool verifyPassword(const QByteArray& hash, const QString& password)
{
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(hash.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

User userFrom(const QSqlQuery& query)
{
    return {query.value(0).toLongLong(), query.value(1).toString(),
            roleFromName(query.value(2).toString()).value_or(Role::Clerk)};
}

} // namespace

Status Accounts::checkName(const QString& name)
{
    static const QRegularExpression shape(u"^[a-z][a-z0-9._-]{1,31}$"_s);
    if (!shape.match(name).hasMatch()) {
        return Error{tr("The user name \"%1\" is not allowed: use 2 to 32 small letters, digits, "
                        "dots, dashes or underscores, starting with a letter.")
                         .arg(name),
                     u"invalid_name"_s};
    }
    return {};
}

Status Accounts::checkPassword(const QString& password)
{
    if (password.size() < kMinimumPasswordLength) {
        return Error{tr("The password is too short: use at least %1 characters.")
                         .arg(kMinimumPasswordLength),
                     u"weak_password"_s};
    }
    return {};
}

Result<User> Accounts::create(const QString& name, Role role, const QString& password,
                              const User* actor)
{
    if (actor) {
        if (Status allowed = requirePermission(*actor, Action::ManageUsers); !allowed)
            return allowed.error();
    } else if (!isEmpty() || role != Role::Admin) {
        return Error{tr("Only an IT operator can create accounts."), u"forbidden"_s};
    }
    if (Status valid = checkName(name); !valid)
        return valid.error();
    if (Status strong = checkPassword(password); !strong)
        return strong.error();
    if (find(name))
        return Error{tr("There is already an account named %1.").arg(name), u"duplicate_user"_s};
    if (sodium_init() < 0)
        return Error{tr("The password library could not start."), u"crypto"_s};
    const std::optional<QByteArray> hash = hashPassword(password);
    if (!hash)
        return Error{tr("The password could not be hashed: the PC is short of memory."),
                     u"crypto"_s};

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO user (name, role, password_hash, created_at, created_by) "
                  "VALUES (?, ?, ?, ?, ?)"_s);
    query.addBindValue(name);
    query.addBindValue(roleName(role));
    query.addBindValue(QString::fromLatin1(*hash));
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(actor ? QVariant(actor->id) : QVariant());
    if (!query.exec())
        return sqlError(tr("create the account %1").arg(name), query.lastError().text()).error();
    qCInfo(lcSecurity) << "account created:" << name << roleName(role);
    return User{query.lastInsertId().toLongLong(), name, role};
}

Result<User> Accounts::authenticate(const QString& name, const QString& password) const
{
    const Error refused{tr("The user name or password is wrong. Check Caps Lock and try again."),
                        u"login_failed"_s};
    QSqlQuery query(m_database.connection());
    query.prepare(
        u"SELECT id, name, role, password_hash FROM user WHERE name = ? AND active = 1"_s);
    query.addBindValue(name.trimmed());
    if (!query.exec() || !query.next()) {
        qCInfo(lcSecurity) << "login refused for an unknown account";
        return refused;
    }
    if (sodium_init() < 0 || !verifyPassword(query.value(3).toString().toLatin1(), password)) {
        qCInfo(lcSecurity) << "login refused for" << query.value(1).toString();
        return refused;
    }
    qCInfo(lcSecurity) << "signed in:" << query.value(1).toString();
    return userFrom(query);
}

std::optional<User> Accounts::find(const QString& name) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT id, name, role FROM user WHERE name = ?"_s);
    query.addBindValue(name.trimmed());
    if (!query.exec() || !query.next())
        return std::nullopt;
    return userFrom(query);
}

QList<User> Accounts::list() const
{
    QList<User> users;
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT id, name, role FROM user WHERE active = 1 ORDER BY name"_s))
        return users;
    while (query.next())
        users.append(userFrom(query));
    return users;
}

bool Accounts::isEmpty() const
{
    QSqlQuery query(m_database.connection());
    return query.exec(u"SELECT 1 FROM user LIMIT 1"_s) && !query.next();
}

} // namespace sipelanduk
