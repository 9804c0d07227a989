// AppSettings on an arbitrary settings file: whatever the file holds, every
// value reads back inside its documented range. And the file format alone:
// whatever it reads, it writes back so that it reads the same again.
#include "fuzzsupport.h"
#include "settings/appsettings.h"
#include "settings/settingsfileformat.h"

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = fuzz::scratch().freshFile(u"settings.ini"_s, data, size);

    AppSettings settings(path);
    const int clear = settings.clipboardClearSeconds();
    FUZZ_CHECK(clear >= AppSettings::MinClipboardClearSeconds
               && clear <= AppSettings::MaxClipboardClearSeconds);
    const int lead = settings.refreshLeadSeconds();
    FUZZ_CHECK(lead >= AppSettings::MinRefreshLeadSeconds && lead <= AppSettings::MaxRefreshLeadSeconds);
    const int lifetime = settings.defaultD7LifetimeSeconds();
    FUZZ_CHECK(lifetime >= AppSettings::MinD7LifetimeSeconds
               && lifetime <= AppSettings::MaxD7LifetimeSeconds);
    const ProxySettings proxy = settings.proxy();
    if (proxy.mode == NetworkPolicy::ProxyMode::Manual)
        FUZZ_CHECK(!proxy.host.isEmpty() && proxy.port != 0);
    Q_UNUSED(settings.startMinimized())
    Q_UNUSED(settings.startAtLogin())
    Q_UNUSED(settings.notificationsEnabled())
    Q_UNUSED(settings.hideWhenLocked())
    Q_UNUSED(settings.closeToTrayNoticeShown())
    Q_UNUSED(settings.extraCaFile())

    Account account = Account::create(Provider::D7);
    settings.applyDefaults(account);

    QSettings::SettingsMap read;
    if (SettingsFileFormat::parse(
            QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)), read)) {
        QSettings::SettingsMap again;
        FUZZ_CHECK(SettingsFileFormat::parse(SettingsFileFormat::serialize(read), again));
        FUZZ_CHECK(again == read);
    }
    return 0;
}
