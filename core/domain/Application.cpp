#include "domain/Application.h"

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

const QList<std::pair<ApplicationState, QString>>& stateNames()
{
    static const QList<std::pair<ApplicationState, QString>> names = {
        {ApplicationState::Draft, u"draft"_s},
        {ApplicationState::Submitted, u"submitted"_s},
        {ApplicationState::Returned, u"returned"_s},
        {ApplicationState::Approved, u"approved"_s},
        {ApplicationState::Sent, u"sent"_s},
        {ApplicationState::Accepted, u"accepted"_s},
        {ApplicationState::Processing, u"processing"_s},
        {ApplicationState::Completed, u"completed"_s},
        {ApplicationState::Rejected, u"rejected"_s},
    };
    return names;
}

} // namespace

QString stateName(ApplicationState state)
{
    for (const auto& [known, name] : stateNames()) {
        if (known == state)
            return name;
    }
    return {};
}

std::optional<ApplicationState> stateFromName(const QString& name)
{
    for (const auto& [state, known] : stateNames()) {
        if (known == name)
            return state;
    }
    return std::nullopt;
}

QString stateLabel(ApplicationState state)
{
    switch (state) {
    case ApplicationState::Draft:
        return QCoreApplication::translate("ApplicationState", "Draft");
    case ApplicationState::Submitted:
        return QCoreApplication::translate("ApplicationState", "Waiting for approval");
    case ApplicationState::Returned:
        return QCoreApplication::translate("ApplicationState", "Returned for correction");
    case ApplicationState::Approved:
        return QCoreApplication::translate("ApplicationState", "Approved, waiting to be sent");
    case ApplicationState::Sent:
        return QCoreApplication::translate("ApplicationState", "Sent");
    case ApplicationState::Accepted:
        return QCoreApplication::translate("ApplicationState", "Received by Disdukcapil");
    case ApplicationState::Processing:
        return QCoreApplication::translate("ApplicationState", "Being processed");
    case ApplicationState::Completed:
        return QCoreApplication::translate("ApplicationState", "Completed");
    case ApplicationState::Rejected:
        return QCoreApplication::translate("ApplicationState", "Rejected");
    }
    return {};
}

QString progressLabel(const Application& application)
{
    if (!application.handedOverAt.isValid())
        return stateLabel(application.state);
    return QCoreApplication::translate("ApplicationState", "%1, handed over %2")
        .arg(stateLabel(application.state),
             application.handedOverAt.toLocalTime().toString(u"dd-MM-yyyy"_s));
}

} // namespace sipelanduk
