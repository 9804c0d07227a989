#!/usr/bin/python3
"""What a screen reader finds in TokenTray, read through the accessibility bus.

Starts `tokentray --demo` (four accounts on the local demo server) with Qt's
accessibility switched on, then walks its AT-SPI tree with pyatspi, the
library screen readers such as Orca use:

  - every control and every table cell in the window has a name to say;
  - the countdown cells are read as words ("2 minutes 13 seconds left"),
    while the table still shows "2:13";
  - the add account, token details and settings dialogs, opened with their
    keyboard shortcuts, name every control too.

Usage: atspi_check.py TOKENTRAY_BINARY
Runs inside tests/harness/desktop-session.sh (which starts the accessibility
bus); elsewhere it reports itself skipped (exit 77).
"""

import os
import re
import subprocess
import sys
import time

SKIP = 77

if not os.environ.get("TOKENTRAY_HARNESS_INNER") or not os.environ.get("TOKENTRAY_HARNESS_ATSPI"):
    print("SKIP: needs the accessibility bus of tests/harness/desktop-session.sh")
    sys.exit(SKIP)

try:
    import pyatspi
except ImportError:
    print("FAIL: python3-pyatspi is missing: run installer/deps.sh")
    sys.exit(1)

# Controls a user can reach or read; each needs a name.
CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_TABLE, pyatspi.ROLE_TABLE_CELL,
    pyatspi.ROLE_COLUMN_HEADER, pyatspi.ROLE_TABLE_COLUMN_HEADER, pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_ITEM,
}
SPOKEN_COUNTDOWN = re.compile(r"^(\d+ (hours?|minutes?|seconds?) )+left$")
CLOCK = re.compile(r"\d+:\d\d")

failures = []


def fail(message):
    failures.append(message)
    print("  problem:", message)


def wait_for(what, probe, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except Exception:  # the tree changes under us while the app starts
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}")


def children(node):
    try:
        return [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return []


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def label(node):
    try:
        return f"{node.getRoleName()} '{node.name}'"
    except Exception:
        return "?"


def find(node, predicate, depth=0):
    if depth > 40:
        return None
    try:
        if predicate(node):
            return node
    except Exception:
        pass
    for child in children(node):
        found = find(child, predicate, depth + 1)
        if found is not None:
            return found
    return None


def check_names(node, where, path="", depth=0):
    """Every control on screen has a name; returns how many were checked."""
    if depth > 40 or node is None:
        return 0
    checked = 0
    role = node.getRole()
    here = f"{path}/{node.getRoleName()}"
    # Menus keep their items when closed: those need names all the same.
    in_menu = role in (pyatspi.ROLE_MENU, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM)
    if role in CONTROL_ROLES and (showing(node) or in_menu):
        checked += 1
        if not (node.name or "").strip():
            fail(f"{where}: {here} has no name")
    for child in children(node):
        checked += check_names(child, where, here, depth + 1)
    return checked


def top_level(app, role, name):
    return find(app, lambda n: n.getRole() == role and n.name == name and showing(n))


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=20)


def press(window_id, keys):
    xdotool("windowactivate", "--sync", window_id)
    xdotool("key", "--clearmodifiers", keys)


def check_table(table):
    """Names of the header and every cell; the countdown spoken as words."""
    t = table.queryTable()
    headers = [t.getColumnHeader(c) for c in range(t.nColumns)]
    header_names = [h.name if h is not None else "" for h in headers]
    for c, name in enumerate(header_names):
        if not name.strip():
            fail(f"table: column {c} header has no name")
    if "Time left" not in header_names:
        fail(f"table: no 'Time left' column among {header_names}")
        return
    countdown = header_names.index("Time left")
    spoken = 0
    for r in range(t.nRows):
        for c in range(t.nColumns):
            cell = t.getAccessibleAt(r, c)
            name = (cell.name or "").strip() if cell is not None else ""
            if not name or name == "—":
                fail(f"table: cell ({r}, {header_names[c]}) has no name to say ('{name}')")
            if c == countdown:
                if CLOCK.search(name):
                    fail(f"table: countdown ({r}) is read as a clock: '{name}'")
                elif SPOKEN_COUNTDOWN.match(name):
                    spoken += 1
                elif name not in ("Expired", "No token yet"):
                    fail(f"table: countdown ({r}) reads '{name}'")
    if spoken == 0:
        fail("table: no countdown is read as words")
    return t.nRows


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
    env["QT_ACCESSIBILITY"] = "1"
    env.pop("QT_QPA_PLATFORM", None)
    app_process = subprocess.Popen([binary, "--demo"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
    try:
        desktop = pyatspi.Registry.getDesktop(0)

        def our_app():
            for app in children(desktop):
                try:
                    if app.name == "TokenTray" and app.get_process_id() == app_process.pid:
                        return app
                except Exception:
                    continue
            return None

        app = wait_for("TokenTray on the accessibility bus", our_app)
        frame = wait_for("the window", lambda: top_level(app, pyatspi.ROLE_FRAME, "TokenTray — Demo"))
        table = wait_for("the accounts table",
                         lambda: find(frame, lambda n: n.getRole() == pyatspi.ROLE_TABLE and n.name == "Accounts"))

        # The demo's four accounts, signed in: a token each.
        def signed_in():
            t = table.queryTable()
            if t.nRows < 4:
                return False
            header = [t.getColumnHeader(c).name for c in range(t.nColumns)]
            column = header.index("Time left")
            return all(SPOKEN_COUNTDOWN.match(t.getAccessibleAt(r, column).name or "") for r in range(t.nRows))

        wait_for("the demo accounts to sign in", signed_in, timeout=60)

        print("window:")
        rows = check_table(table)
        count = check_names(frame, "window")
        print(f"  {count} controls and a table of {rows} rows checked")

        window_id = subprocess.run(["xdotool", "search", "--sync", "--limit", "1", "--name", "^TokenTray — Demo$"],
                                   check=True, capture_output=True, text=True, timeout=20).stdout.split()[0]
        dialogs = (
            ("ctrl+n", "Add Account", lambda name: name == "Add Account"),
            ("ctrl+i", "the token details", lambda name: name.startswith("Token of ")),
            ("ctrl+comma", "TokenTray Settings", lambda name: name == "TokenTray Settings"),
        )
        for keys, what, named in dialogs:
            press(window_id, keys)
            dialog = wait_for(what, lambda: find(app, lambda n: n.getRole() == pyatspi.ROLE_DIALOG
                                                 and named(n.name) and showing(n)), timeout=10)
            print(f"dialog '{dialog.name}' (opened with {keys}):")
            count = check_names(dialog, dialog.name)
            print(f"  {count} controls checked")
            if count < 3:
                fail(f"{dialog.name}: only {count} controls found")
            xdotool("key", "Escape")
            wait_for(f"'{dialog.name}' to close", lambda: not showing(dialog), timeout=10)
    finally:
        app_process.terminate()
        try:
            app_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app_process.kill()
            app_process.wait()

    if failures:
        print(f"FAIL: {len(failures)} problems a screen reader user would meet")
        return 1
    print("PASS: every control and cell has a name; the countdown is read as words")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TimeoutError as error:
        print(f"FAIL: {error}")
        sys.exit(1)
