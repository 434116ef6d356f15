#include "security/Permissions.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sipelanduk {

QString roleName(Role role)
{
    switch (role) {
    case Role::Clerk:
        return u"clerk"_s;
    case Role::Supervisor:
        return u"supervisor"_s;
    case Role::Admin:
        return u"admin"_s;
    }
    return {};
}

std::optional<Role> roleFromName(const QString& name)
{
    for (Role role : {Role::Clerk, Role::Supervisor, Role::Admin}) {
        if (roleName(role) == name)
            return role;
    }
    return std::nullopt;
}

QString roleLabel(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QCoreApplication::translate("Role", "Counter clerk");
    case Role::Supervisor:
        return QCoreApplication::translate("Role", "Supervisor");
    case Role::Admin:
        return QCoreApplication::translate("Role", "IT operator");
    }
    return {};
}

QString actionName(Action action)
{
    switch (action) {
    case Action::CaptureApplication:
        return u"capture-application"_s;
    case Action::ApproveApplication:
        return u"approve-application"_s;
    case Action::ViewAllApplications:
        return u"view-all-applications"_s;
    case Action::ManageUsers:
        return u"manage-users"_s;
    case Action::EnrolDevice:
        return u"enrol-device"_s;
    case Action::RunSync:
        return u"run-sync"_s;
    case Action::ImportReferenceData:
        return u"import-reference-data"_s;
    case Action::ManageBackups:
        return u"manage-backups"_s;
    }
    return {};
}

bool isAllowed(Role role, Action action)
{
    switch (action) {
    case Action::CaptureApplication:
        return role == Role::Clerk;
    case Action::ApproveApplication:
        return role == Role::Supervisor;
    case Action::ViewAllApplications:
        return role == Role::Supervisor || role == Role::Admin;
    case Action::ManageUsers:
    case Action::EnrolDevice:
    case Action::RunSync:
    case Action::ImportReferenceData:
    case Action::ManageBackups:
        return role == Role::Admin;
    }
    return false;
}

Status requirePermission(const User& user, Action action)
{
    if (isAllowed(user.role, action))
        return {};
    qCInfo(lcSecurity) << "refused:" << user.name << roleName(user.role) << actionName(action);
    QStringList allowed;
    for (Role role : {Role::Clerk, Role::Supervisor, Role::Admin}) {
        if (isAllowed(role, action))
            allowed.append(roleLabel(role));
    }
    return Error{QCoreApplication::translate("Permissions",
                                             "%1 is signed in as %2, who may not do this; it is "
                                             "work for: %3. Sign in with such an account.")
                     .arg(user.name, roleLabel(user.role),
                          allowed.join(QCoreApplication::translate("Permissions", " or "))),
                 u"forbidden"_s};
}

} // namespace sipelanduk
