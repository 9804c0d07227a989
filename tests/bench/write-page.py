#!/usr/bin/python3
"""Writes docs/PERFORMANCE.md and its plot from the figures of run-benchmarks.py.

Usage: write-page.py PROCESS_JSON PAGE
The plot (scaling.png) goes beside the page's figures in docs/perf/; the
"Before and after" section is tests/bench/before-after.md, kept by hand; the
"Fault soak" section is filled from docs/perf/soak.json when the soak wrote one.
"""
import json
import os
import shutil
import subprocess
import sys

data_path, page = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
docs = os.path.dirname(os.path.abspath(page))
perf = os.path.join(docs, "perf")
os.makedirs(perf, exist_ok=True)
with open(data_path) as f:
    d = json.load(f)
rows = d["rows"]
sizes = d["sizes"]
big = str(sizes[-1])


def ms(s):
    return f"{s * 1000:.0f} ms" if s >= 0.1 else f"{s * 1000:.1f} ms"


def spread(summary, fmt):
    return f"{fmt(summary['median'])} ({fmt(summary['min'])}–{fmt(summary['max'])})"


def verdict(ok):
    return "met" if ok else "**missed**"


lines = []
w = lines.append
w("# Performance")
w("")
w("<!-- Written by installer/dev.sh bench (tests/bench/run-benchmarks.py and write-page.py); "
  "edit those, not this page. -->")
w("")
if d["smoke"]:
    w("> **Smoke run** (TOKENTRAY_BENCH_SMOKE=1): fewer accounts, repetitions and idle seconds than the "
      "real benchmark. Run `installer/dev.sh bench` for the figures this page is meant to show.")
    w("")
w("TokenTray lives in the tray all day with up to a thousand accounts. This page says what that costs, "
  "measured on whole processes: the real `tokentray` binary, the real gnome-keyring of the throwaway "
  "desktop (`tests/harness/desktop-session.sh`: Xvfb, openbox, a D-Bus session, an unlocked login "
  "keyring, a tray host) and one fake 7G/D7 server (`tokentray-fakeapi`) on 127.0.0.1. Nothing leaves "
  "the machine.")
w("")
w("## How to run")
w("")
w("```")
w("installer/dev.sh bench                          # the full run, about 40 minutes")
w("TOKENTRAY_BENCH_SMOKE=1 installer/dev.sh bench  # a quick pass while developing")
w("```")
w("")
w("This installs the dependencies (valgrind and gnuplot among them), builds the `bench` preset (Release, "
  "in `build-bench/`), runs the engine, window and simulation benchmarks into `docs/perf/*.json`, then "
  "`tests/bench/run-benchmarks.py`, which measures the table below and rewrites this page and "
  "`docs/perf/scaling.png`. The benchmarks are not part of the test suite and no test asserts a time.")
w("")
w("How it measures:")
w("")
w("- **Every figure is a ratio against a baseline measured in the same run**, because the machine is "
  "shared: other builds and tests run beside it, and absolute times move with them. Each cell gives the "
  f"median of {d['repetitions']} repetitions and, in brackets, the spread (fastest to slowest).")
w("- Window processes get a small probe preloaded (`LD_PRELOAD`, `tests/bench/bench_probe.cpp`): it notes "
  "when the first paint of the main window has been handled, and, for the stall row, how late a 5 ms "
  "timer fires. The baseline window (`tokentray-bench-bare`, a bare `QMainWindow` of the same size built "
  "with the same flags) gets the same probe.")
w("- The accounts are seeded once per run by `tokentray-bench-seed` through the project's own secret "
  "store: half 7G (password, access and refresh token in the keychain), half D7 (client secret and "
  "access token), all on the fake server. The `add` rows time real `tokentray add` processes.")
w("")
w("## Results")
w("")
w(f"{d['repetitions']} repetitions; accounts: {', '.join(f'{n:,}' for n in sizes)}.")
w("")
w("| Row | Figure | Baseline (same run) | Ratio | Target | |")
w("|---|---|---|---:|---|---|")
r = rows["startToPaint"][big]
w(f"| `tokentray` start to painted window, {int(big):,} accounts with stored tokens | "
  f"{spread(r['value'], ms)} | bare window {spread(r['baseline'], ms)} | {r['ratio']:.2f}× | ≤ 1.25× | "
  f"{verdict(r['ratio'] <= 1.25)} |")
r = rows["startToUsable"][big]
w(f"| start until all {int(big):,} restored tokens are usable (`list --json`: valid), sign-ins: 0 | "
  f"{spread(r['value'], lambda s: f'{s:.2f} s')} | bare window start {ms(r['baseline']['median'])} | "
  f"{r['ratio']:.1f}× | ≤ 5 s | {verdict(r['value']['median'] <= 5)} |")
m = rows["memory"]
w(f"| resident memory, {int(big):,} accounts usable | {spread(m['value'], lambda v: f'{v:.1f} MiB')} | "
  f"bare window {spread(m['baseline'], lambda v: f'{v:.1f} MiB')} | +{m['extraMiB']:.1f} MiB | "
  f"≤ bare + 10 MiB | {verdict(m['extraMiB'] <= 10)} |")
for key, label, target in (("idleShown", f"CPU, {d['idleSeconds']} s idle, window shown, "
                            f"{int(big):,} ticking countdowns", 0.5),
                           ("idleHidden", f"CPU, {d['idleSeconds']} s hidden in the tray", 0.1)):
    r = rows[key]
    w(f"| {label} | {spread(r['value'], lambda v: f'{v:.3f} %')} of one core | bare window "
      f"{spread(r['baseline'], lambda v: f'{v:.3f} %')} | "
      f"+{r['value']['median'] - r['baseline']['median']:.3f} points | ≤ {target} % | "
      f"{verdict(r['value']['median'] <= target)} |")
r = rows["renewStall"]
w(f"| longest event-loop stall while {int(big):,} accounts renew at once | "
  f"{spread(r['value'], lambda v: f'{v:.1f} ms')} | bare window at the same time "
  f"{spread(r['baseline'], lambda v: f'{v:.1f} ms')} | {r['ratio']:.1f}× | < 50 ms | "
  f"{verdict(r['value']['median'] < 50)} |")
r = rows["tokenInstance"]
w(f"| `tokentray token NAME` answered by the running instance | {spread(r['value'], ms)} | `curl` signing "
  f"in {spread(r['baseline'], ms)} | {r['ratio']:.2f}× | ≤ 1.0× | {verdict(r['ratio'] <= 1.0)} |")
r = rows["tokenHeadless"][big]
w(f"| `tokentray token NAME`, no instance (keyring read), {int(big):,} accounts | {spread(r['value'], ms)} | "
  f"`curl` signing in {spread(r['baseline'], ms)} | {r['ratio']:.2f}× | ≤ 3× | {verdict(r['ratio'] <= 3)} |")
r = rows["add"][big]
w(f"| `tokentray add --verify` at {int(big):,} accounts | {spread(r['value'], ms)} | `add` at "
  f"{sizes[0]} accounts, same keyring {spread(r['baseline'], ms)} | {r['ratio']:.2f}× | ≤ 1.2× | "
  f"{verdict(r['ratio'] <= 1.2)} |")
a = rows["accountsFile"]
for key, label, base in (("load", "accounts file load, 10,000 accounts", "`QJsonDocument::fromJson` of the "
                          "same bytes"), ("save", "accounts file save (one change), 10,000 accounts",
                                          "serialize and atomic write of the same document")):
    v, b = a[f"{key}Ms"], a[f"{key}BaselineMs"]
    w(f"| {label} | {spread(v, lambda x: f'{x:.0f} ms')} | {base} {spread(b, lambda x: f'{x:.0f} ms')} | "
      f"{a[key + 'Ratio']:.1f}× | < 50 ms | {verdict(v['median'] < 50)} |")
w("")
r = rows["addSmallKeyring"]
w(f"The keyring itself: `add` at {sizes[0]} accounts took {ms(r['baseline']['median'])} in a keyring holding "
  f"only those accounts, and {ms(r['value']['median'])} ({r['ratio']:.1f}×) once the keyring also held "
  f"the other accounts' entries: gnome-keyring rewrites its whole keyring "
  "file on every change, so each write costs in proportion to everything the keyring holds, whoever "
  "stored it (see *What bounds the figures*).")
w("")
renewed = d.get("renewedAccounts", [])
w(f"While all {int(big):,} accounts were due at once, the fake server answered "
  f"{', '.join(str(n) for n in renewed)} sign-ins or refreshes (one count per repetition) within "
  f"{rows['renewSeconds']['median']:.0f} s of the first paint (the row watches at most 120 s): renewal "
  "is paced by the keychain, which reads each credential and stores each new token one job at a time, "
  "every store rewriting the keyring file (see *What bounds the figures*). The stall row covers that "
  "whole time.")
w("")

# --- scaling -------------------------------------------------------------------------
w("### Cost against the number of accounts")
w("")
w("![Cost against the number of accounts](perf/scaling.png)")
w("")
w("| Accounts | start to paint ÷ bare window | start to usable | `token`, no instance ÷ curl | `add` ÷ `add` at "
  f"{sizes[0]} |")
w("|---:|---:|---:|---:|---:|")
for n in sizes:
    k = str(n)
    w(f"| {n:,} | {rows['startToPaint'][k]['ratio']:.2f}× | "
      f"{rows['startToUsable'][k]['value']['median']:.2f} s | {rows['tokenHeadless'][k]['ratio']:.2f}× | "
      f"{rows['add'][k]['ratio']:.2f}× |")
w("")
dat = os.path.join(perf, "scaling.dat")
with open(dat, "w") as f:
    for n in sizes:
        k = str(n)
        f.write(f"{n} {rows['startToPaint'][k]['ratio']} {rows['startToUsable'][k]['ratio']} "
                f"{rows['tokenHeadless'][k]['ratio']} {rows['add'][k]['ratio']}\n")
png = os.path.join(perf, "scaling.png")
if shutil.which("gnuplot"):
    script = f"""
set terminal pngcairo size 900,520 font 'DejaVu Sans,10'
set output '{png}'
set logscale x
set logscale y
set xrange [{sizes[0] * 0.8}:{sizes[-1] * 1.25}]
set xtics ({', '.join(f'"{n:,}" {n}' for n in sizes)})
set xlabel 'accounts'
set ylabel 'ratio to the baseline measured in the same run'
set key top left
set grid
set title 'TokenTray: cost against the number of accounts (medians)'
plot '{dat}' using 1:2 with linespoints lw 2 title 'start to painted window / bare window', \\
     '' using 1:3 with linespoints lw 2 title 'start until every token is usable / bare window start', \\
     '' using 1:4 with linespoints lw 2 title 'token, no instance / curl sign-in', \\
     '' using 1:5 with linespoints lw 2 title 'add / add at {sizes[0]} accounts'
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
os.remove(dat)

# --- instruction counts ----------------------------------------------------------------
cg = rows.get("callgrind")
if cg:
    w("### Instruction counts (callgrind)")
    w("")
    w("Instructions executed (valgrind `--tool=callgrind`, `Ir`), independent of the machine's load: a "
      "regression shows here even when the times above are noisy.")
    w("")
    w("| Program | Instructions | Ratio |")
    w("|---|---:|---:|")
    w(f"| bare window, start to first paint (baseline) | {cg['bareToPaint']:,} | 1.00× |")
    w(f"| `tokentray-gui` (the window `tokentray` starts), {int(big):,} accounts, start to first paint | "
      f"{cg['tokentrayToPaint']:,} | "
      f"{cg['tokentrayToPaint'] / cg['bareToPaint']:.2f}× |")
    w(f"| `tokentray list --json`, no instance, {sizes[0]} accounts (baseline) | {cg['listAllSmall']:,} | "
      "1.00× |")
    w(f"| `tokentray list --json`, no instance, {int(big):,} accounts (load, keychain, restore, list) | "
      f"{cg['listAll']:,} | {cg['listAll'] / cg['listAllSmall']:.2f}× |")
    w("")

# --- the in-process benchmarks of the same run ---------------------------------------------
engine_json, ui_json, sim_json = (os.path.join(perf, n) for n in ("engine.json", "ui.json", "simulation.json"))
if os.path.exists(engine_json) or os.path.exists(ui_json):
    w("### Inside one process (`tokentray-bench-engine`, `tokentray-bench-ui`)")
    w("")
    w("The engine and the window without the keychain (secrets in memory), from `docs/perf/engine.json` "
      "and `docs/perf/ui.json` of the same run. The window's first paint is timed from its constructor, "
      "against a bare `QMainWindow` in the same process; a tick is the 1-second clock check with its repaint.")
    w("")
    w("| Accounts | load accounts file | restore all tokens | engine tick | first paint ÷ bare | tick, shown | tick, hidden |")
    w("|---:|---:|---:|---:|---:|---:|---:|")
    eng = {e["accounts"]: e for e in json.load(open(engine_json))["engine"]} if os.path.exists(engine_json) else {}
    ui = {e["accounts"]: e for e in json.load(open(ui_json))["mainWindow"]} if os.path.exists(ui_json) else {}
    for n in sorted(set(eng) | set(ui)):
        e, u = eng.get(n, {}), ui.get(n, {})
        tick = u.get("tick", {})
        cell = lambda v, fmt: fmt.format(v) if v is not None else "–"
        w(f"| {n:,} | {cell(e.get('loadAccountsFileMs'), '{:.1f} ms')} | {cell(e.get('restoreAllTokensMs'), '{:.1f} ms')} | "
          f"{cell(e.get('tickMicroseconds'), '{:.0f} µs')} | {cell(u.get('firstPaint', {}).get('ratioToBareWindow'), '{:.2f}×')} | "
          f"{cell(tick.get('visibleMicroseconds'), '{:.0f} µs')} | {cell(tick.get('hiddenMicroseconds'), '{:.0f} µs')} |")
    w("")
if os.path.exists(sim_json):
    sim = json.load(open(sim_json))
    w("### 24 simulated hours (`tests/session/tst_simulation`)")
    w("")
    w("From `docs/perf/simulation.json`: accounts against an in-process fake network on a simulated clock "
      "with injected faults.")
    w("")
    w("| Figure | Value |")
    w("|---|---|")
    for k, v in sim.items():
        w(f"| {k} | {json.dumps(v) if isinstance(v, (dict, list)) else v} |")
    w("")

with open(os.path.join(here, "before-after.md")) as f:
    w(f.read().rstrip())
w("")

# --- fault soak --------------------------------------------------------------------------
w("## Fault soak")
w("")
soak = os.path.join(perf, "soak.json")
if os.path.exists(soak):
    with open(soak) as f:
        s = json.load(f)
    w("From `docs/perf/soak.json`, written by `tests/soak/tst_faultsoak` (the window with 100 accounts "
      "against 20 % injected faults and 30-second tokens):")
    w("")
    w("| Figure | Value |")
    w("|---|---|")
    for k, v in s.items():
        w(f"| {k} | {json.dumps(v) if isinstance(v, (dict, list)) else v} |")
else:
    w("<!-- Filled from docs/perf/soak.json when it exists. -->")
    w("Not measured in this run. The soak writes its figures with")
    w("`TOKENTRAY_SOAK_REPORT=$PWD/docs/perf/soak.json tests/harness/desktop-session.sh ctest --preset default "
      "-R tst_faultsoak`; the next `installer/dev.sh bench` then shows them here.")
w("")

# --- machine -------------------------------------------------------------------------------
mach = d["machine"]
w("## The machine")
w("")
w(f"{mach['cpus']} cores ({mach['cpu']}), Linux {mach['kernel']}, Release build; load average "
  f"{mach['loadAverageAtEnd'][0]:.1f} at the end of the run (other engineers' builds and tests ran beside "
  "it). Seeding took " + ", ".join(f"{float(v):.0f} s for {int(k):,}" for k, v in d["seedingSeconds"].items())
  + " accounts.")
w("")
with open(os.path.join(here, "bounds.md")) as f:
    w(f.read().rstrip())
w("")
with open(page, "w") as f:
    f.write("\n".join(lines))
print("bench: wrote", page, "and", png)
