#include "FindingsPanel.h"

#include "Palette.h"

#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

constexpr int kFieldRole = Qt::UserRole + 1;

} // namespace

FindingsPanel::FindingsPanel(QWidget* parent)
    : QGroupBox(tr("Checks"), parent)
    , m_summary(new QLabel(this))
    , m_list(new QListWidget(this))
{
    setObjectName(u"findingsPanel"_s);
    m_summary->setObjectName(u"findingsSummary"_s);
    m_summary->setWordWrap(true);
    m_list->setObjectName(u"findingsList"_s);
    m_list->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideNone);
    m_list->setIconSize(QSize(16, 16));
    m_list->setSpacing(2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);

    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const QString key = item->data(kFieldRole).toString();
        if (!key.isEmpty())
            Q_EMIT fieldActivated(key);
    });
    connect(m_list, &QListWidget::itemClicked, m_list, &QListWidget::itemActivated);
}

void FindingsPanel::setFindings(const QList<Finding>& findings)
{
    m_list->clear();
    int errors = 0;
    // Errors first: they are what stands between the clerk and the submit button.
    for (Severity severity : {Severity::Error, Severity::Warning}) {
        for (const Finding& finding : findings) {
            if (finding.severity != severity)
                continue;
            const bool isError = severity == Severity::Error;
            errors += isError ? 1 : 0;
            auto* item = new QListWidgetItem(finding.message, m_list);
            item->setIcon(style()->standardIcon(isError ? QStyle::SP_MessageBoxCritical
                                                        : QStyle::SP_MessageBoxWarning));
            item->setForeground(isError ? errorColor() : warningColor());
            item->setData(kFieldRole, finding.field);
        }
    }
    showSummary(errors, static_cast<int>(findings.size()) - errors);
}

void FindingsPanel::showSummary(int errors, int warnings)
{
    m_list->setVisible(errors + warnings > 0);
    if (errors + warnings == 0) {
        m_summary->setText(colouredHtml(tr("No problems found. The application can be submitted."),
                                        successColor()));
        return;
    }
    QStringList parts;
    if (errors > 0)
        parts.append(colouredHtml(tr("%n error(s) to correct", nullptr, errors), errorColor()));
    if (warnings > 0) {
        parts.append(colouredHtml(tr("%n warning(s) to confirm at submission", nullptr, warnings),
                                  warningColor()));
    }
    m_summary->setText(parts.join(u"<br>"_s));
}

} // namespace sipelanduk
