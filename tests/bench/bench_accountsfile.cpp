// The accounts file with 10,000 accounts: AccountStore::load() and one saved
// change (update()), each against the bare JSON work on the same bytes in the
// same run (QJsonDocument parse, and serialize plus an atomic write).
// Prints one JSON object: medians and spread in milliseconds, and the ratios.
//   tokentray-bench-accountsfile [REPETITIONS]
#include "accounts/accountstore.h"
#include "platform/atomicfile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int Accounts = 10'000;

QJsonObject figures(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    QJsonArray runs;
    for (double v : std::as_const(ms))
        runs.append(v);
    return { { u"median"_s, ms.at(ms.size() / 2) },
             { u"min"_s, ms.first() },
             { u"max"_s, ms.last() },
             { u"runs"_s, runs } };
}

double timed(const std::function<void()> &work)
{
    QElapsedTimer t;
    t.start();
    work();
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int repetitions = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 5;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"accounts.json"_s);
    {
        QJsonArray list;
        for (int i = 0; i < Accounts; ++i) {
            Account a = Account::create(i % 2 ? Provider::D7 : Provider::SevenG);
            a.name = u"Account %1"_s.arg(i);
            a.login = u"user%1"_s.arg(i);
            list.append(a.toJson());
        }
        const QJsonObject root { { u"version"_s, AccountStore::SchemaVersion }, { u"accounts"_s, list } };
        if (!AtomicFile::write(path, QJsonDocument(root).toJson(),
                               QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            qFatal("cannot write the accounts file");
    }

    QList<double> load, loadBase, save, saveBase;
    const QString basePath = dir.filePath(u"baseline.json"_s);
    for (int r = 0; r < repetitions; ++r) {
        loadBase.append(timed([&] {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly) || !QJsonDocument::fromJson(f.readAll()).isObject())
                qFatal("cannot read the accounts file");
        }));
        AccountStore store(path);
        load.append(timed([&] {
            if (!store.load() || store.accounts().size() != Accounts)
                qFatal("cannot load the accounts file");
        }));

        QJsonArray list;
        for (const Account &a : store.accounts())
            list.append(a.toJson());
        const QJsonObject root { { u"version"_s, AccountStore::SchemaVersion }, { u"accounts"_s, list } };
        saveBase.append(timed([&] {
            if (!AtomicFile::write(basePath, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                qFatal("cannot write");
        }));
        Account changed = store.accounts().at(Accounts / 2);
        changed.notes = u"changed %1"_s.arg(r);
        save.append(timed([&] {
            if (!store.update(changed))
                qFatal("cannot save the accounts file");
        }));
    }
    const QJsonObject l = figures(load), lb = figures(loadBase), s = figures(save), sb = figures(saveBase);
    const QJsonObject report {
        { u"accounts"_s, Accounts },
        { u"loadMs"_s, l },
        { u"loadBaselineMs"_s, lb },
        { u"loadRatio"_s, l.value(u"median"_s).toDouble() / lb.value(u"median"_s).toDouble() },
        { u"saveMs"_s, s },
        { u"saveBaselineMs"_s, sb },
        { u"saveRatio"_s, s.value(u"median"_s).toDouble() / sb.value(u"median"_s).toDouble() },
    };
    QTextStream(stdout) << QJsonDocument(report).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
