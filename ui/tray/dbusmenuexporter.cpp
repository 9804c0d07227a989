#include "tray/dbusmenuexporter.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBuffer>
#include <QDBusConnection>
#include <QDBusError>
#include <QIcon>
#include <QMenu>
#include <QPixmap>

using namespace Qt::StringLiterals;

DBusMenuExporter::DBusMenuExporter(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
{
    registerDBusMenuTypes();
    m_layoutTimer.setSingleShot(true);
    m_layoutTimer.setInterval(0);
    connect(&m_layoutTimer, &QTimer::timeout, this, &DBusMenuExporter::emitLayoutUpdate);
    if (m_menu)
        watchMenu(m_menu);
}

DBusMenuExporter::~DBusMenuExporter()
{
    unregister();
    for (const QPointer<QMenu> &menu : std::as_const(m_watched)) {
        if (menu)
            menu->removeEventFilter(this);
    }
}

bool DBusMenuExporter::registerOn(const QDBusConnection &connection, const QString &path)
{
    unregister();
    QDBusConnection bus = connection;
    if (!bus.registerObject(path, this, QDBusConnection::ExportScriptableContents))
        return false;
    m_path = path;
    m_connectionName = bus.name();
    return true;
}

void DBusMenuExporter::unregister()
{
    if (m_path.isEmpty())
        return;
    QDBusConnection(m_connectionName).unregisterObject(m_path);
    m_path.clear();
    m_connectionName.clear();
}

QString DBusMenuExporter::dbusMenuLabel(const QString &text)
{
    QString label;
    label.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'_') {
            label += u"__"_s;
        } else if (c == u'&') {
            if (i + 1 < text.size() && text.at(i + 1) == u'&') {
                label += u'&';
                ++i;
            } else if (i + 1 < text.size()) {
                label += u'_';
            }
        } else {
            label += c;
        }
    }
    return label;
}

QString DBusMenuExporter::textDirection() const
{
    return QApplication::layoutDirection() == Qt::RightToLeft ? u"rtl"_s : u"ltr"_s;
}

QString DBusMenuExporter::status() const
{
    return u"normal"_s;
}

int DBusMenuExporter::ensureId(QAction *action)
{
    const auto it = m_ids.constFind(action);
    if (it != m_ids.cend())
        return it.value();
    const int id = m_nextId++;
    m_ids.insert(action, id);
    m_actions.insert(id, action);
    // The id dies with the action (QObject::destroyed: only the address is
    // still good here, which is all the hash needs).
    connect(action, &QObject::destroyed, this, [this, action, id] {
        m_ids.remove(action);
        m_actions.remove(id);
    });
    return id;
}

int DBusMenuExporter::idOf(const QAction *action) const
{
    return m_ids.value(action, -1);
}

QAction *DBusMenuExporter::actionFor(int id) const
{
    return m_actions.value(id);
}

QMenu *DBusMenuExporter::menuFor(int id) const
{
    if (id == 0)
        return m_menu;
    QAction *action = actionFor(id);
    return action ? action->menu<QMenu *>() : nullptr;
}

void DBusMenuExporter::watchMenu(QMenu *menu)
{
    for (const QPointer<QMenu> &watched : std::as_const(m_watched)) {
        if (watched == menu)
            return;
    }
    m_watched.removeAll(QPointer<QMenu>());
    m_watched.append(menu);
    menu->installEventFilter(this);
}

bool DBusMenuExporter::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::ActionAdded:
    case QEvent::ActionRemoved:
    case QEvent::ActionChanged:
        scheduleLayoutUpdate();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void DBusMenuExporter::scheduleLayoutUpdate()
{
    if (!m_layoutTimer.isActive())
        m_layoutTimer.start();
}

void DBusMenuExporter::emitLayoutUpdate()
{
    ++m_revision;
    Q_EMIT LayoutUpdated(m_revision, 0);
}

QByteArray DBusMenuExporter::pngOf(const QIcon &icon)
{
    const qint64 key = icon.cacheKey();
    if (const auto it = m_pngByIcon.constFind(key); it != m_pngByIcon.cend())
        return *it;
    QByteArray png;
    const QPixmap pixmap = icon.pixmap(16, 16);
    if (!pixmap.isNull()) {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        pixmap.save(&buffer, "PNG");
    }
    // Icons that come and go (a theme change) must not pile up.
    if (m_pngByIcon.size() >= 64)
        m_pngByIcon.clear();
    m_pngByIcon.insert(key, png);
    return png;
}

QVariantMap DBusMenuExporter::properties(int id, const QStringList &propertyNames)
{
    QVariantMap all;
    if (id == 0) {
        all.insert(u"children-display"_s, u"submenu"_s);
    } else if (QAction *action = actionFor(id)) {
        if (action->isSeparator()) {
            all.insert(u"type"_s, u"separator"_s);
        } else {
            all.insert(u"label"_s, dbusMenuLabel(action->text()));
            if (!action->icon().isNull()) {
                const QByteArray png = pngOf(action->icon());
                if (!png.isEmpty())
                    all.insert(u"icon-data"_s, png);
            }
        }
        all.insert(u"enabled"_s, action->isEnabled());
        all.insert(u"visible"_s, action->isVisible());
        if (action->menu<QMenu *>())
            all.insert(u"children-display"_s, u"submenu"_s);
        if (action->isCheckable()) {
            const bool exclusive = action->actionGroup() && action->actionGroup()->isExclusive();
            all.insert(u"toggle-type"_s, exclusive ? u"radio"_s : u"checkmark"_s);
            all.insert(u"toggle-state"_s, action->isChecked() ? 1 : 0);
        }
    }
    if (propertyNames.isEmpty())
        return all;
    QVariantMap wanted;
    for (const QString &name : propertyNames) {
        const auto it = all.constFind(name);
        if (it != all.cend())
            wanted.insert(name, it.value());
    }
    return wanted;
}

DBusMenuLayoutItem DBusMenuExporter::layout(int parentId, int depth, const QStringList &propertyNames)
{
    DBusMenuLayoutItem item;
    item.id = parentId;
    item.properties = properties(parentId, propertyNames);
    QMenu *menu = menuFor(parentId);
    if (!menu || depth == 0)
        return item;
    watchMenu(menu);
    // A host that asks for a submenu's items before it opens it gets them
    // filled, as a submenu that fills itself when it opens would be.
    if (parentId != 0)
        Q_EMIT menu->aboutToShow();
    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions) {
        const int id = ensureId(action);
        item.children.append(layout(id, depth < 0 ? -1 : depth - 1, propertyNames));
    }
    return item;
}

uint DBusMenuExporter::GetLayout(int parentId, int recursionDepth, const QStringList &propertyNames,
                                 DBusMenuLayoutItem &item)
{
    if (parentId != 0 && !actionFor(parentId)) {
        if (calledFromDBus())
            sendErrorReply(QDBusError::InvalidArgs, u"No menu item with id %1"_s.arg(parentId));
        return m_revision;
    }
    item = layout(parentId, recursionDepth, propertyNames);
    return m_revision;
}

DBusMenuItemList DBusMenuExporter::GetGroupProperties(const QList<int> &ids, const QStringList &propertyNames)
{
    DBusMenuItemList items;
    for (const int id : ids) {
        if (id != 0 && !actionFor(id))
            continue;
        items.append({ id, properties(id, propertyNames) });
    }
    return items;
}

QDBusVariant DBusMenuExporter::GetProperty(int id, const QString &name)
{
    const QVariantMap props = properties(id, { name });
    if (!props.contains(name) && calledFromDBus())
        sendErrorReply(QDBusError::InvalidArgs, u"No property %1 on item %2"_s.arg(name).arg(id));
    return QDBusVariant(props.value(name, QString()));
}

bool DBusMenuExporter::handleEvent(int id, const QString &eventId)
{
    QAction *action = actionFor(id);
    if (id != 0 && !action)
        return false;
    if (eventId == u"clicked" && action && action->isEnabled() && !action->menu<QMenu *>()) {
        // After the reply: an action may quit, or rebuild the menu it is in.
        QTimer::singleShot(0, action, &QAction::trigger);
    }
    // "opened", "closed" and "hovered" need nothing: the layout is current.
    return true;
}

void DBusMenuExporter::Event(int id, const QString &eventId, const QDBusVariant &data, uint timestamp)
{
    Q_UNUSED(data);
    Q_UNUSED(timestamp);
    if (!handleEvent(id, eventId) && calledFromDBus())
        sendErrorReply(QDBusError::InvalidArgs, u"No menu item with id %1"_s.arg(id));
}

QList<int> DBusMenuExporter::EventGroup(const DBusMenuEventList &events)
{
    QList<int> errors;
    for (const DBusMenuEvent &event : events) {
        if (!handleEvent(event.id, event.eventId))
            errors.append(event.id);
    }
    return errors;
}

bool DBusMenuExporter::AboutToShow(int id)
{
    // A submenu may fill itself when it is about to show; the host then
    // needs its layout again.
    QMenu *menu = id != 0 ? menuFor(id) : nullptr;
    if (!menu)
        return false;
    const qsizetype before = menu->actions().size();
    Q_EMIT menu->aboutToShow();
    return menu->actions().size() != before;
}

QList<int> DBusMenuExporter::AboutToShowGroup(const QList<int> &ids, QList<int> &idErrors)
{
    idErrors.clear();
    QList<int> updatesNeeded;
    for (const int id : ids) {
        if (id != 0 && !actionFor(id))
            idErrors.append(id);
        else if (AboutToShow(id))
            updatesNeeded.append(id);
    }
    return updatesNeeded;
}
