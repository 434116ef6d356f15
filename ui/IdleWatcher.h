#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace sipelanduk {

// Says when nobody has touched the keyboard or mouse of any window of the program for a while.
// It watches the whole application, so typing in a dialog counts as much as in the main window.
class IdleWatcher : public QObject
{
    Q_OBJECT

public:
    explicit IdleWatcher(QObject* parent = nullptr);
    ~IdleWatcher() override;

    // Zero switches the watch off.
    void setTimeout(std::chrono::milliseconds timeout);
    void setTimeoutMinutes(int minutes);
    std::chrono::milliseconds timeout() const { return m_timeout; }

    // While paused, activity is not watched and idle() is not sent.
    void pause();
    void resume();

Q_SIGNALS:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void restart();

    QTimer m_timer;
    std::chrono::milliseconds m_timeout{0};
    bool m_paused = false;
};

} // namespace sipelanduk
