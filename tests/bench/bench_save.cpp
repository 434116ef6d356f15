// Measures what a clerk waits for when saving: one family-card change with three members, then
// two scans of 200 KB attached to it, each scan hashed, encrypted and written. Runs against a
// real data folder and the real keychain:
//
//   scripts/with-keyring.sh build/tests/bench/bench_save [--runs 100]
#include "TestOffice.h"

#include "storage/ScanKey.h"
#include "storage/ScanStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace sipelanduk;

namespace {

// Content of the given type and size, different for every run so each scan is stored anew.
QByteArray scanContent(const QByteArray& header, int run, int bytes)
{
    QByteArray content = header;
    content.reserve(bytes);
    quint32 state = 2166136261u ^ static_cast<quint32>(run);
    while (content.size() < bytes) {
        state = state * 16777619u + 0x9e3779b9u;
        content.append(static_cast<char>(state >> 24));
    }
    return content;
}

double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(
        values.size() - 1, static_cast<size_t>(fraction * static_cast<double>(values.size())));
    return values.at(index);
}

void run(test::TestOffice& office, const ScanKey& key, int runs)
{
    ScanStore scans(*office.database, *office.store, Catalogue::builtIn(), office.clock);
    QJsonArray members = test::tanjungFamily();
    members.removeLast();
    std::vector<double> saving;
    std::vector<double> attaching;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        Result<Application> saved =
            office.store->saveDraft(office.clerk, test::familyCardChange(members));
        const double saveMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        if (!saved) {
            std::fprintf(stderr, "%s\n", qUtf8Printable(saved.errorMessage()));
            return;
        }
        timer.restart();
        const Result<AttachedScan> card = scans.attachContent(
            key, office.clerk, saved->id, u"kk-lama"_s,
            scanContent(QByteArray("\xff\xd8\xff\xe0", 4), i, 200 * 1024), u"kk_lama.jpg"_s);
        const Result<AttachedScan> proof =
            scans.attachContent(key, office.clerk, saved->id, u"bukti-peristiwa"_s,
                                scanContent("%PDF-1.4\n", i, 200 * 1024), u"akta_Zoë.pdf"_s);
        if (!card || !proof) {
            std::fprintf(stderr, "%s\n",
                         qUtf8Printable((card ? proof.error() : card.error()).message));
            return;
        }
        saving.push_back(saveMs);
        attaching.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("| step | p50 (ms) | p95 (ms) |\n|---|---|---|\n");
    std::printf("| saveDraft, 3 members | %.1f | %.1f |\n", percentile(saving, 0.5),
                percentile(saving, 0.95));
    std::printf("| attach 2 scans of 200 KB | %.1f | %.1f |\n", percentile(attaching, 0.5),
                percentile(attaching, 0.95));
    std::vector<double> total(saving.size());
    for (size_t i = 0; i < total.size(); ++i)
        total[i] = saving[i] + attaching[i];
    std::printf("| together | %.1f | %.1f |\n", percentile(total, 0.5), percentile(total, 0.95));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runs(u"runs"_s, u"Applications to save"_s, u"N"_s, u"100"_s);
    parser.addOption(runs);
    parser.addHelpOption();
    parser.process(app);

    test::TestOffice office;
    if (!office.setUp()) {
        std::fprintf(stderr, "the office could not be set up\n");
        return 1;
    }
    int exitCode = 0;
    ScanKey::load(*office.database, &app, [&](Result<ScanKey> key) {
        if (!key) {
            std::fprintf(stderr, "%s\n", qUtf8Printable(key.errorMessage()));
            exitCode = 1;
        } else {
            run(office, *key, parser.value(runs).toInt());
        }
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    });
    app.exec();
    return exitCode;
}
