#include "RequirementRow.h"

#include "storage/ScanStore.h"

#include <QCheckBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sipelanduk {

namespace {

// Enough for a few scans without pushing the rest of the checklist off the screen.
constexpr int kVisibleScans = 3;

} // namespace

RequirementRow::RequirementRow(const QString& code, const QString& label, QWidget* parent)
    : QWidget(parent)
    , m_code(code)
{
    setObjectName(u"requirementRow."_s + code);
    setupWidgets(label);
    setupLayout();
    updateButtons();
}

void RequirementRow::setupWidgets(const QString& label)
{
    m_box = new QCheckBox(label, this);
    m_box->setObjectName(u"requirement."_s + m_code);

    m_attach = new QPushButton(tr("Attach..."), this);
    m_attach->setObjectName(u"scan.attach."_s + m_code);
    connect(m_attach, &QPushButton::clicked, this, [this] { Q_EMIT attachRequested(m_code); });

    m_list = new QListWidget(this);
    m_list->setObjectName(u"scan.list."_s + m_code);
    m_list->setMaximumHeight(fontMetrics().lineSpacing() * (kVisibleScans + 1) +
                             2 * m_list->frameWidth());
    m_list->hide();
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        updateButtons();
        if (const QString sha256 = selectedScan(); !sha256.isEmpty())
            Q_EMIT scanSelected(sha256);
    });

    m_remove = new QPushButton(tr("Remove scan"), this);
    m_remove->setObjectName(u"scan.remove."_s + m_code);
    connect(m_remove, &QPushButton::clicked, this,
            [this] { Q_EMIT removeRequested(m_code, selectedScan()); });
}

void RequirementRow::setupLayout()
{
    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_box, 1);
    top->addWidget(m_attach);

    auto* bottom = new QHBoxLayout;
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_list, 1);
    bottom->addWidget(m_remove, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addLayout(bottom);
}

void RequirementRow::setScans(const QList<AttachedScan>& scans)
{
    const QString selected = selectedScan();
    m_list->clear();
    const QLocale locale;
    for (const AttachedScan& scan : scans) {
        if (scan.requirement != m_code)
            continue;
        auto* item = new QListWidgetItem(scan.originalName, m_list);
        item->setData(Qt::UserRole, scan.sha256);
        item->setToolTip(locale.formattedDataSize(scan.size));
        if (scan.sha256 == selected)
            m_list->setCurrentItem(item);
    }
    m_list->setVisible(m_list->count() > 0);
    updateButtons();
}

void RequirementRow::setScansEditable(bool editable)
{
    m_editable = editable;
    setAcceptDrops(editable);
    updateButtons();
}

void RequirementRow::setAttachReady(bool ready, const QString& reason)
{
    m_ready = ready;
    m_attach->setToolTip(ready ? tr("Attach scans of this document (JPEG, PNG or PDF). Files can "
                                    "also be dropped on this row.")
                               : reason);
    updateButtons();
}

void RequirementRow::updateButtons()
{
    m_attach->setVisible(m_editable);
    m_attach->setEnabled(m_ready);
    m_remove->setVisible(m_editable && m_list->count() > 0);
    m_remove->setEnabled(m_list->currentRow() >= 0);
}

QString RequirementRow::selectedScan() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void RequirementRow::dragEnterEvent(QDragEnterEvent* event)
{
    if (m_editable && m_ready && !localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void RequirementRow::dropEvent(QDropEvent* event)
{
    const QStringList files = localFiles(event->mimeData());
    if (!m_editable || !m_ready || files.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT filesDropped(m_code, files);
}

QStringList RequirementRow::localFiles(const QMimeData* data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    const QList<QUrl> urls = data->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    }
    return files;
}

} // namespace sipelanduk
