#!/usr/bin/python3
"""The process benchmarks of TokenTray: whole processes, the real gnome-keyring of
tests/harness/desktop-session.sh, one loopback fake server (tokentray-fakeapi).

Usage (inside the harness):  run-benchmarks.py BUILD_DIR OUT_DIR PAGE

Every figure is a ratio against a baseline measured in the same run, with the
median and the spread (minimum to maximum) of the repetitions. Writes
OUT_DIR/process.json, OUT_DIR/scaling.png and rewrites PAGE (docs/PERFORMANCE.md).

TOKENTRAY_BENCH_SMOKE=1: a quick pass for development (10 and 100 accounts, 3
repetitions, 5-second idle windows); its page says so.
"""
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SMOKE = os.environ.get("TOKENTRAY_BENCH_SMOKE", "") not in ("", "0")
SIZES = [10, 100] if SMOKE else [10, 100, 1000]
BIG = SIZES[-1]
REPS = 3 if SMOKE else 5
IDLE_S = 5 if SMOKE else 60
CLK_TCK = os.sysconf("SC_CLK_TCK")

build, out, page = sys.argv[1], sys.argv[2], sys.argv[3]
BIN = os.path.join(os.path.abspath(build), "bin")
PROBE = os.path.join(BIN, "libtokentray-bench-probe.so")
TT = os.path.join(BIN, "tokentray")
# On Unix `tokentray` without a command execs the window program beside it.
TT_GUI = os.path.join(BIN, "tokentray-gui") if os.path.exists(os.path.join(BIN, "tokentray-gui")) else TT
os.makedirs(out, exist_ok=True)
work = tempfile.mkdtemp(prefix="tokentray-bench-")
results = {"smoke": SMOKE, "sizes": SIZES, "repetitions": REPS, "idleSeconds": IDLE_S, "rows": {}}


def log(*args):
    print("bench:", *args, flush=True)


def summary(values):
    values = list(values)
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def ratio(a, b):
    return {"ratio": a["median"] / b["median"] if b["median"] else float("inf"), "value": a, "baseline": b}


# --- the fake server ----------------------------------------------------------

fake = subprocess.Popen([os.path.join(BIN, "tokentray-fakeapi"), "--quiet", "--seveng-ttl", "86400",
                         "--d7-ttl", "86400"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
PORT = json.loads(fake.stdout.readline())["port"]
URL = f"http://127.0.0.1:{PORT}"
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)


def control(method, path, body=None):
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Content-Type": "application/json"})
    reply = conn.getresponse()
    data = reply.read()
    return json.loads(data) if data else None


def sign_ins():
    c = control("GET", "/_control/counters")
    return c["logins"] + c["d7Logins"] + c["refreshes"]


def counters():
    return control("GET", "/_control/counters")


# The seeding tool's login scheme, and extra users for `add`.
for i in range(BIG):
    if i % 2:
        control("POST", "/_control/apps", {"clientId": f"bench-app-{i}", "clientSecret": f"bench-secret-{i}"})
    else:
        control("POST", "/_control/users", {"username": f"bench-user-{i}", "password": f"bench-password-{i}"})
control("POST", "/_control/users", {"username": "bench-new", "password": "bench-new-password"})

# --- processes ------------------------------------------------------------------


def cfg(n):
    return os.path.join(work, f"config-{n}")


def seed(n, name=None, **extra):
    args = [os.path.join(BIN, "tokentray-bench-seed"), "--config-dir", name or cfg(n), "--accounts", str(n),
            "--base-url", URL]
    for k, v in extra.items():
        args += [f"--{k.replace('_', '-')}", str(v)]
    t = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - t


def run_cli(args, stdin=None, check=True):
    t = time.monotonic()
    p = subprocess.run([TT] + args, input=stdin, capture_output=True, text=True)
    elapsed = time.monotonic() - t
    if check and p.returncode != 0:
        raise RuntimeError(f"tokentray {args[0]} failed ({p.returncode}): {p.stderr.strip()}")
    return elapsed, p


class Gui:
    """A window process (TokenTray or the bare window) with the probe preloaded."""

    def __init__(self, argv, stall_ms=0):
        fd, self.probe_file = tempfile.mkstemp(dir=work, suffix=".probe")
        os.close(fd)
        env = dict(os.environ, LD_PRELOAD=PROBE, TOKENTRAY_PROBE_FILE=self.probe_file)
        if stall_ms:
            env["TOKENTRAY_PROBE_STALL_MS"] = str(stall_ms)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def events(self):
        with open(self.probe_file) as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait_painted(self, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for e in self.events():
                if e["event"] == "painted":
                    return e["t"] - self.started
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.proc.args[0]} ended before it painted")
            time.sleep(0.002)
        raise RuntimeError("no paint")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def bare():
    return Gui([os.path.join(BIN, "tokentray-bench-bare")])


def tokentray(n, stall_ms=0):
    return Gui([TT, "--config-dir", cfg(n)], stall_ms)


def listed(n):
    _, p = run_cli(["list", "--json", "--config-dir", cfg(n)])
    return json.loads(p.stdout)


def wait_all_valid(n, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            rows = listed(n)
            if len(rows) >= n and all(r["state"] == "valid" for r in rows):
                return time.monotonic()
        except (RuntimeError, json.JSONDecodeError):
            pass
        time.sleep(0.05)
    raise RuntimeError("the accounts never all became valid")


def curl_login():
    t = time.monotonic()
    subprocess.run(["curl", "-s", "-o", "/dev/null", "-X", "POST", f"{URL}/User/Login",
                    "-H", "Content-Type: application/json", "-H", "Version: 2.0",
                    "--data-binary", "@" + os.path.join(work, "login.json")], check=True)
    return time.monotonic() - t


with open(os.path.join(work, "login.json"), "w") as f:
    json.dump({"username": "bench-user-0", "password": "bench-password-0"}, f)
os.chmod(os.path.join(work, "login.json"), 0o600)

add_counter = [0]


def add_account(n, name=None):
    add_counter[0] += 1
    elapsed, _ = run_cli(["add", "--config-dir", name or cfg(n), "--provider", "7g", "--name",
                          f"added-{add_counter[0]}", "--base-url", URL, "--username", "bench-new",
                          "--password-stdin", "--verify"], stdin="bench-new-password")
    return elapsed


rows = results["rows"]

# --- seeding, and `add` in a small keyring --------------------------------------

seeding = {}
# `add` while the keyring holds only a few accounts, in a folder of its own
# (the accounts it adds have no stored token, and would sign in later).
small = os.path.join(work, "config-small")
seed(SIZES[0], small)
log("add at", SIZES[0], "accounts, small keyring")
small_add = summary(add_account(SIZES[0], small) for _ in range(REPS))
for n in SIZES:
    log(f"seeding {n} accounts (every keyring write rewrites the keyring file: this takes a while)")
    seeding[n] = seed(n, obtained_ago=3 * 86400)
results["seedingSeconds"] = seeding

# --- start-up ----------------------------------------------------------------------

log("start to painted window, against the bare window")
paint = {n: [] for n in SIZES}
paint_bare = []
usable = {n: [] for n in SIZES}
for rep in range(REPS):
    b = bare()
    paint_bare.append(b.wait_painted())
    b.stop()
    for n in SIZES:
        before = sign_ins()
        g = tokentray(n)
        paint[n].append(g.wait_painted())
        usable[n].append(wait_all_valid(n) - g.started)
        if sign_ins() != before:
            raise RuntimeError("restoring stored tokens signed in")
        g.stop()
bare_paint = summary(paint_bare)
rows["startToPaint"] = {str(n): ratio(summary(paint[n]), bare_paint) for n in SIZES}
rows["startToUsable"] = {str(n): ratio(summary(usable[n]), bare_paint) for n in SIZES}

# --- memory, idle CPU, token through the instance ---------------------------------

log(f"memory and idle CPU ({IDLE_S} s shown, {IDLE_S} s in the tray), {BIG} accounts")
before = sign_ins()
rss, rss_bare, cpu_shown, cpu_hidden, cpu_bare = [], [], [], [], []
token_instance, curl_instance = [], []
for rep in range(REPS):
    b = bare()
    b.wait_painted()
    g = tokentray(BIG)
    g.wait_painted()
    wait_all_valid(BIG)
    time.sleep(2)
    rss.append(g.rss_mib())
    rss_bare.append(b.rss_mib())
    c0, b0, t0 = g.cpu_seconds(), b.cpu_seconds(), time.monotonic()
    time.sleep(IDLE_S)
    c1, b1, t1 = g.cpu_seconds(), b.cpu_seconds(), time.monotonic()
    cpu_shown.append(100 * (c1 - c0) / (t1 - t0))
    cpu_bare.append(100 * (b1 - b0) / (t1 - t0))
    for _ in range(3 if SMOKE else 5):
        token_instance.append(run_cli(["token", "--config-dir", cfg(BIG), "bench-0000"])[0])
        curl_instance.append(curl_login())
    subprocess.run(["wmctrl", "-c", "TokenTray"], check=False)
    time.sleep(2)
    c0, t0 = g.cpu_seconds(), time.monotonic()
    time.sleep(IDLE_S)
    c1, t1 = g.cpu_seconds(), time.monotonic()
    cpu_hidden.append(100 * (c1 - c0) / (t1 - t0))
    g.stop()
    b.stop()
# Every sign-in the server saw was curl's.
if sign_ins() - before != len(curl_instance):
    raise RuntimeError("the idle window signed in")
rows["memory"] = {"value": summary(rss), "baseline": summary(rss_bare),
                  "extraMiB": statistics.median(rss) - statistics.median(rss_bare)}
rows["idleShown"] = {"value": summary(cpu_shown), "baseline": summary(cpu_bare)}
rows["idleHidden"] = {"value": summary(cpu_hidden), "baseline": summary(cpu_bare)}
rows["tokenInstance"] = ratio(summary(token_instance), summary(curl_instance))

# --- without an instance: token and add ------------------------------------------------

log("token without an instance, against curl")
token_alone = {n: [] for n in SIZES}
curl_alone = []
for rep in range(REPS):
    curl_alone.append(curl_login())
    for n in SIZES:
        token_alone[n].append(run_cli(["token", "--config-dir", cfg(n), "bench-0000"])[0])
rows["tokenHeadless"] = {str(n): ratio(summary(token_alone[n]), summary(curl_alone)) for n in SIZES}

log("add at", SIZES, "accounts")
adds = {n: [] for n in SIZES}
for rep in range(REPS):
    for n in SIZES:
        adds[n].append(add_account(n))
base_add = summary(adds[SIZES[0]])
rows["add"] = {str(n): ratio(summary(adds[n]), base_add) for n in SIZES}
rows["addSmallKeyring"] = ratio(base_add, small_add)

# --- the accounts file at 10,000 ---------------------------------------------------------

log("accounts file load and save, 10,000 accounts")
p = subprocess.run([os.path.join(BIN, "tokentray-bench-accountsfile"), str(REPS)], capture_output=True,
                   text=True, check=True)
rows["accountsFile"] = json.loads(p.stdout)

# --- instruction counts -----------------------------------------------------------------

if shutil.which("valgrind"):
    log("callgrind: start-up to the first paint, and a headless list of every account")

    def callgrind(argv, env_extra):
        outfile = os.path.join(work, "callgrind.out")
        env = dict(os.environ, **env_extra)
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={outfile}"] + argv, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        with open(outfile) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    return int(line.split()[1])
        return 0

    probe_env = {"LD_PRELOAD": PROBE, "TOKENTRAY_PROBE_QUIT_AFTER_PAINT": "1",
                 "TOKENTRAY_PROBE_FILE": os.path.join(work, "callgrind.probe")}
    ir_bare = callgrind([os.path.join(BIN, "tokentray-bench-bare")], probe_env)
    # The window program itself: valgrind would not follow the command line's
    # exec into it (and the command line's own share is in the list rows).
    ir_gui = callgrind([TT_GUI, "--config-dir", cfg(BIG)], probe_env)
    ir_list = callgrind([TT, "list", "--json", "--config-dir", cfg(BIG)], {})
    ir_list_small = callgrind([TT, "list", "--json", "--config-dir", cfg(SIZES[0])], {})
    rows["callgrind"] = {"bareToPaint": ir_bare, "tokentrayToPaint": ir_gui, "listAll": ir_list,
                         "listAllSmall": ir_list_small}

# --- all accounts renew at once -------------------------------------------------------------

log(f"{BIG} accounts renewing at once: the longest event-loop stall")
# A lead of a week makes every stored token (issued three days ago, one day
# left) due at start. Last, because the thousand keychain writes it causes
# keep the keyring busy for minutes.
path = os.path.join(cfg(BIG), "accounts.json")
with open(path) as f:
    doc = json.load(f)
for a in doc["accounts"]:
    a["refreshLeadSeconds"] = 7 * 24 * 3600
with open(path, "w") as f:
    json.dump(doc, f)
stall, stall_bare, renew_s = [], [], []
for rep in range(1 if SMOKE else 3):
    before = counters()
    b = Gui([os.path.join(BIN, "tokentray-bench-bare")], stall_ms=5)
    b.wait_painted()
    g = tokentray(BIG, stall_ms=5)
    g.wait_painted()
    t_paint = time.monotonic()
    end = time.monotonic() + 120
    renewed = 0
    while time.monotonic() < end:
        c = counters()
        renewed = (c["logins"] + c["d7Logins"] + c["refreshes"]) - (
            before["logins"] + before["d7Logins"] + before["refreshes"])
        if renewed >= BIG and c["inFlight"] == 0:
            break
        time.sleep(0.2)
    t_done = time.monotonic()
    time.sleep(1)
    renew_s.append(t_done - t_paint)
    # Both windows over the same time: from TokenTray's first paint until the
    # renewals are done. Building the window before its event loop runs is the
    # start-to-paint row's, not a stall while renewing.
    def worst_stall(events, start, end):
        return max((e["maxLateMs"] for e in events if e["event"] == "stall" and e.get("phase") != "start-up"
                    and start <= e["t"] <= end), default=float("nan"))
    painted_at = next(e["t"] for e in g.events() if e["event"] == "painted")
    worst = worst_stall(g.events(), painted_at, t_done + 1)
    worst_bare = worst_stall(b.events(), painted_at, t_done + 1)
    results.setdefault("startUpBlockMs", []).append(
        max((e["maxLateMs"] for e in g.events() if e.get("phase") == "start-up"), default=float("nan")))
    stall.append(worst)
    stall_bare.append(worst_bare)
    g.stop()
    b.stop()
    results.setdefault("renewedAccounts", []).append(renewed)
rows["renewStall"] = ratio(summary(stall), summary(stall_bare))
rows["renewSeconds"] = summary(renew_s)

fake.send_signal(signal.SIGTERM)
fake.wait(10)

# --- the machine, the files --------------------------------------------------------------------

load = os.getloadavg()
results["machine"] = {
    "cpus": os.cpu_count(),
    "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
    "kernel": platform.release(),
    "loadAverageAtEnd": load,
}
with open(os.path.join(out, "process.json"), "w") as f:
    json.dump(results, f, indent=2)
shutil.rmtree(work, ignore_errors=True)
log("figures written to", os.path.join(out, "process.json"))
subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "write-page.py"),
                os.path.join(out, "process.json"), page], check=True)
