#pragma once

#include <QColor>
#include <QString>

namespace sipelanduk {

// The few colours that carry meaning on every screen: red must be fixed, amber must be read and
// confirmed, green is done. Chosen to stay readable on a light window background.
inline QColor errorColor()
{
    return QColor(0xb3, 0x1b, 0x1b);
}
inline QColor warningColor()
{
    return QColor(0x9a, 0x5b, 0x00);
}
inline QColor successColor()
{
    return QColor(0x1e, 0x6b, 0x2e);
}

inline QString colouredHtml(const QString& text, const QColor& colour)
{
    return QString(QStringLiteral("<span style=\"color:%1\">%2</span>"))
        .arg(colour.name(), text.toHtmlEscaped());
}

} // namespace sipelanduk
