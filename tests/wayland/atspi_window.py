#!/usr/bin/python3
"""What a screen reader reads of one TokenTray window process, as JSON.

Usage: atspi_window.py PID
Prints one line: {"frames": [{"name": ..., "showing": ...}],
                  "timeLeft": [the "Time left" cell of each row, as spoken]}
or {} while the process is not (yet) on the accessibility bus.
Exit 77 when pyatspi is missing. tst_wayland_e2e runs it: Qt's accessibility
bridge talks D-Bus, so it works the same for a Wayland client as for an X11 one.
"""

import json
import sys

try:
    import pyatspi
except ImportError:
    print("pyatspi is missing: run installer/deps.sh", file=sys.stderr)
    sys.exit(77)


def children(node):
    try:
        return [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return []


def find_all(node, predicate, depth=0, found=None):
    found = [] if found is None else found
    if depth > 40 or node is None:
        return found
    try:
        if predicate(node):
            found.append(node)
    except Exception:
        pass
    for child in children(node):
        find_all(child, predicate, depth + 1, found)
    return found


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def main():
    pid = int(sys.argv[1])
    result = {}
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        try:
            if app.get_process_id() != pid:
                continue
        except Exception:
            continue
        frames = find_all(app, lambda n: n.getRole() == pyatspi.ROLE_FRAME)
        result["frames"] = [{"name": f.name, "showing": showing(f)} for f in frames]
        time_left = []
        for table in find_all(app, lambda n: n.getRole() == pyatspi.ROLE_TABLE and n.name == "Accounts"):
            t = table.queryTable()
            header = [t.getColumnHeader(c).name if t.getColumnHeader(c) else "" for c in range(t.nColumns)]
            if "Time left" not in header:
                continue
            column = header.index("Time left")
            time_left += [t.getAccessibleAt(r, column).name or "" for r in range(t.nRows)]
        result["timeLeft"] = time_left
        break
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
