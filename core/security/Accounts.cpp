#include "security/Accounts.h"

#include "Clock.h"
#include "Logging.h"
#include "security/AuditLog.h"
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

constexpr auto kStateColumns =
    "id, name, role, active, failed_attempts, locked_until, password_changed_at"_L1;

AccountState stateFrom(const QSqlQuery& query)
{
    return {userFrom(query), query.value(3).toInt() == 1, query.value(4).toInt(),
            fromUtcText(query.value(5).toString()), fromUtcText(query.value(6).toString())};
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
    const Result<QString> hash = hashed(password);
    if (!hash)
        return hash.error();

    QSqlQuery query(m_database.connection());
    query.prepare(u"INSERT INTO user (name, role, password_hash, created_at, created_by) "
                  "VALUES (?, ?, ?, ?, ?)"_s);
    query.addBindValue(name);
    query.addBindValue(roleName(role));
    query.addBindValue(*hash);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(actor ? QVariant(actor->id) : QVariant());
    if (!query.exec())
        return sqlError(tr("create the account %1").arg(name), query.lastError().text()).error();
    qCInfo(lcSecurity) << "account created:" << name << roleName(role);
    return User{query.lastInsertId().toLongLong(), name, role};
}

Result<QString> Accounts::hashed(const QString& password)
{
    if (sodium_init() < 0)
        return Error{tr("The password library could not start."), u"crypto"_s};
    const std::optional<QByteArray> hash = hashPassword(password);
    if (!hash)
        return Error{tr("The password could not be hashed: the PC is short of memory."),
                     u"crypto"_s};
    return QString::fromLatin1(*hash);
}

Error Accounts::wrongPassword()
{
    return {tr("The user name or password is wrong. Check Caps Lock and try again."),
            u"login_failed"_s};
}

Error Accounts::locked(const QString& name, const QDateTime& until)
{
    return {tr("The account %1 is locked after %2 wrong passwords in a row. Try again after %3, "
               "or ask the IT operator to reset the password.")
                .arg(name)
                .arg(kMaxFailedAttempts)
                .arg(until.toLocalTime().toString(u"HH:mm"_s)),
            u"account_locked"_s};
}

Error Accounts::unknownAccount(const QString& name)
{
    return {tr("There is no account named %1. Check the name in the list of users.").arg(name),
            u"unknown_user"_s};
}

Result<User> Accounts::authenticate(const QString& name, const QString& password)
{
    const std::optional<AccountState> account = loadState(name);
    if (!account) {
        qCInfo(lcSecurity) << "login refused for an unknown account";
        return wrongPassword();
    }
    if (account->isLocked(m_clock.now())) {
        qCInfo(lcSecurity) << "login refused for" << account->user.name << "while locked";
        return locked(account->user.name, account->lockedUntil);
    }
    if (!passwordMatches(account->user.id, password))
        return recordFailure(*account);
    // Said only to someone who knows the password, so the name alone reveals nothing.
    if (!account->active) {
        qCInfo(lcSecurity) << "login refused for" << account->user.name << "while disabled";
        return Error{tr("The account %1 is disabled. Ask the IT operator to enable it again.")
                         .arg(account->user.name),
                     u"account_disabled"_s};
    }
    if (Status cleared = clearFailures(*account); !cleared)
        return cleared.error();
    if (Status recorded =
            AuditLog(m_database, m_clock).record(AuditAction::SignedIn, &account->user, QString());
        !recorded)
        return recorded.error();
    qCInfo(lcSecurity) << "signed in:" << account->user.name;
    return account->user;
}

bool Accounts::passwordMatches(qint64 id, const QString& password) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT password_hash FROM user WHERE id = ?"_s);
    query.addBindValue(id);
    return query.exec() && query.next() && sodium_init() >= 0 &&
           verifyPassword(query.value(0).toString().toLatin1(), password);
}

Result<User> Accounts::recordFailure(const AccountState& account)
{
    // A lock that has run out leaves a fresh count behind it.
    const int attempts = (account.lockedUntil.isValid() ? 0 : account.failedAttempts) + 1;
    const bool locks = attempts >= kMaxFailedAttempts;
    const QDateTime until = m_clock.now().addSecs(kLockoutMinutes * 60);
    if (Status stored = storeFailures(account.user.id, attempts, locks ? until : QDateTime());
        !stored)
        return stored.error();
    if (!locks) {
        qCInfo(lcSecurity) << "login refused for" << account.user.name << "attempt" << attempts;
        return wrongPassword();
    }
    qCInfo(lcSecurity) << "account locked after" << attempts
                       << "wrong passwords:" << account.user.name << "until" << toUtcText(until);
    return locked(account.user.name, until);
}

// The count survives whatever the caller does next, so it has a transaction of its own.
Status Accounts::storeFailures(qint64 id, int attempts, const QDateTime& lockedUntil)
{
    if (Status begun = m_database.transaction(); !begun)
        return begun;
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE user SET failed_attempts = ?, locked_until = ? WHERE id = ?"_s);
    query.addBindValue(attempts);
    query.addBindValue(lockedUntil.isValid() ? QVariant(toUtcText(lockedUntil)) : QVariant());
    query.addBindValue(id);
    Status stored = query.exec()
                        ? Status()
                        : sqlError(tr("count the failed sign-in"), query.lastError().text());
    const User who = userById(id);
    if (stored) {
        stored = AuditLog(m_database, m_clock)
                     .record(AuditAction::SignInRefused, &who,
                             lockedUntil.isValid() ? tr("wrong password %1 times; locked until %2")
                                                         .arg(attempts)
                                                         .arg(toUtcText(lockedUntil))
                                                   : tr("wrong password (%1)").arg(attempts));
    }
    if (!stored) {
        m_database.rollback();
        return stored;
    }
    return m_database.commit();
}

User Accounts::userById(qint64 id) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT id, name, role FROM user WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return {};
    return userFrom(query);
}

Status Accounts::clearFailures(const AccountState& account)
{
    if (account.failedAttempts == 0 && !account.lockedUntil.isValid())
        return {};
    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE user SET failed_attempts = 0, locked_until = NULL WHERE id = ?"_s);
    query.addBindValue(account.user.id);
    if (!query.exec())
        return sqlError(tr("reset the count of failed sign-ins"), query.lastError().text());
    return {};
}

Status Accounts::resetPassword(const User& actor, const QString& name, const QString& newPassword)
{
    if (Status allowed = requirePermission(actor, Action::ManageUsers); !allowed)
        return allowed;
    const std::optional<User> account = find(name);
    if (!account)
        return unknownAccount(name);
    if (Status strong = checkPassword(newPassword); !strong)
        return strong;
    const Result<QString> hash = hashed(newPassword);
    if (!hash)
        return hash.error();

    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE user SET password_hash = ?, password_changed_at = ?, "
                  "failed_attempts = 0, locked_until = NULL WHERE id = ?"_s);
    query.addBindValue(*hash);
    query.addBindValue(m_clock.nowUtcText());
    query.addBindValue(account->id);
    if (!query.exec())
        return sqlError(tr("set the new password of %1").arg(account->name),
                        query.lastError().text());
    qCInfo(lcSecurity) << "password reset:" << account->name << "by" << actor.name;
    return {};
}

Status Accounts::setActive(const User& actor, const QString& name, bool active)
{
    if (Status allowed = requirePermission(actor, Action::ManageUsers); !allowed)
        return allowed;
    const std::optional<AccountState> account = loadState(name);
    if (!account)
        return unknownAccount(name);
    if (account->active == active)
        return {};
    if (Status may = active ? Status() : checkMayDisable(actor, *account); !may)
        return may;

    QSqlQuery query(m_database.connection());
    query.prepare(u"UPDATE user SET active = ? WHERE id = ?"_s);
    query.addBindValue(active ? 1 : 0);
    query.addBindValue(account->user.id);
    if (!query.exec())
        return sqlError(tr("change the account %1").arg(account->user.name),
                        query.lastError().text());
    qCInfo(lcSecurity) << (active ? "account enabled:" : "account disabled:") << account->user.name
                       << "by" << actor.name;
    return {};
}

Status Accounts::checkMayDisable(const User& actor, const AccountState& account) const
{
    if (account.user.id == actor.id) {
        return Error{tr("You cannot disable your own account. Another IT operator can do it."),
                     u"own_account"_s};
    }
    if (account.user.role == Role::Admin && activeAdminCount() <= 1) {
        return Error{tr("%1 is the last active IT operator; without one nobody could manage "
                        "accounts. Create or enable another IT operator first.")
                         .arg(account.user.name),
                     u"last_admin"_s};
    }
    return {};
}

int Accounts::activeAdminCount() const
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT count(*) FROM user WHERE role = 'admin' AND active = 1"_s) ||
        !query.next())
        return 0;
    return query.value(0).toInt();
}

std::optional<AccountState> Accounts::loadState(const QString& name) const
{
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT "_s + kStateColumns + u" FROM user WHERE name = ?"_s);
    query.addBindValue(name.trimmed());
    if (!query.exec() || !query.next())
        return std::nullopt;
    return stateFrom(query);
}

Result<QList<AccountState>> Accounts::states(const User& actor) const
{
    if (Status allowed = requirePermission(actor, Action::ManageUsers); !allowed)
        return allowed.error();
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT "_s + kStateColumns + u" FROM user ORDER BY name"_s))
        return sqlError(tr("read the accounts"), query.lastError().text()).error();
    QList<AccountState> states;
    while (query.next())
        states.append(stateFrom(query));
    return states;
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
