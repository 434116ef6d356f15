#pragma once

#include "Result.h"

#include <QString>

#include <optional>

namespace sipelanduk {

enum class Role
{
    Clerk,
    Supervisor,
    Admin
};

QString roleName(Role role);
std::optional<Role> roleFromName(const QString& name);
QString roleLabel(Role role);

struct User
{
    qint64 id = 0;
    QString name;
    Role role = Role::Clerk;
};

// What a person may do, decided here and nowhere else: the screens only hide what this refuses.
enum class Action
{
    CaptureApplication,
    ApproveApplication,
    ViewAllApplications,
    ManageUsers,
    EnrolDevice,
    RunSync,
    ImportReferenceData,
    ManageBackups,
};

// A stable word for an action, for logs and the audit trail.
QString actionName(Action action);
bool isAllowed(Role role, Action action);
// Refuses with a sentence naming who is signed in and which roles may do it; every refusal is
// logged.
Status requirePermission(const User& user, Action action);

} // namespace sipelanduk
