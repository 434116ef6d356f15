#include "security/Permissions.h"

#include <QCoreApplication>

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
        return role == Role::Admin;
    }
    return false;
}

Status requirePermission(const User& user, Action action)
{
    if (isAllowed(user.role, action))
        return {};
    return Error{QCoreApplication::translate("Permissions",
                                             "%1 is signed in as %2, who may not do this. Sign in "
                                             "with an account that has the right role.")
                     .arg(user.name, roleLabel(user.role)),
                 u"forbidden"_s};
}

} // namespace sipelanduk
