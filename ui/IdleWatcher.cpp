#include "IdleWatcher.h"

#include <QCoreApplication>
#include <QEvent>

namespace sipelanduk {

namespace {

bool isActivity(QEvent::Type type)
{
    switch (type) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TabletPress:
        return true;
    default:
        return false;
    }
}

} // namespace

IdleWatcher::IdleWatcher(QObject* parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleWatcher::idle);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher()
{
    QCoreApplication::instance()->removeEventFilter(this);
}

void IdleWatcher::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    restart();
}

void IdleWatcher::setTimeoutMinutes(int minutes)
{
    setTimeout(std::chrono::minutes(minutes));
}

void IdleWatcher::pause()
{
    m_paused = true;
    m_timer.stop();
}

void IdleWatcher::resume()
{
    m_paused = false;
    restart();
}

void IdleWatcher::restart()
{
    if (m_paused || m_timeout.count() <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(m_timeout);
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_paused && isActivity(event->type()))
        restart();
    return QObject::eventFilter(watched, event);
}

} // namespace sipelanduk
