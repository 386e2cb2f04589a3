#!/usr/bin/env python3
"""Edit-to-served and edit-to-shown latency of the live preview against plain `hugo server`, in the same run.

Usage: bench/serve/latency.py [--edits 20] [--feed DIR] [--no-browser] [--component-inputs] [--kinds content,layout,static]

Packs the package (unless --feed names a folder holding HugoSite.Build.1.0.0.nupkg), copies samples/ to a temporary
folder, and starts two servers on free loopback ports:
  preview  dotnet build DocsSite.proj -t:HugoServe  (edits go to the sample's sources: content/, themes/)
  hugo     hugo server on a copy of the composed site (obj/hugo/serve/work), edits made there directly
For each kind (content, layout, static) it makes --edits edits per server, alternating the two, each a unique marker
written into the file:
  served  polls the page over HTTP (every 3 ms) until the marker is served;
  mirror  (preview only) from the write in the sources until the file in the preview's work folder has the marker:
          the preview's own share of an edit, without Hugo's tick;
  shown   the page open in headless Chromium (DevTools protocol over --remote-debugging-pipe), polled until the
          document (content, layout) or the computed style (static: a CSS custom property) shows the marker, after
          live reload did its work.
The copy of the search component loses its declared inputs unless --component-inputs is given: plain hugo server
rebuilds no search index, and with them every content edit in the preview also runs the component's command.
Hugo 0.111 collects file events on a 500 ms tick, so an edit's latency depends on where in that tick it lands. The
pause between edits is random over exactly two ticks (PAUSE_SPREAD): then where an edit lands in either server's tick is
uniform. A fixed pause locks the two servers to different phases, and a spread that is not a whole number of ticks
makes some phases likelier than others (a 0.6 s spread favoured one 100 ms band twice over); either way the medians
would measure the phase, not the servers.
Prints medians and p90 per kind and server, the ratios, the start-to-first-page times and the load average.
"""
import argparse, json, os, random, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

HUGO_TICK = 0.5  # seconds: hugo server's event batch interval
PAUSE_SPREAD = 2 * HUGO_TICK
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return None


def wait_for(url, marker, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and (marker is None or marker in body):
            return True
        time.sleep(0.003)
    return False


def start(cmd, cwd, log):
    p = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    STARTED.append(p)
    return p


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe (fd 3 in, fd 4 out, messages ending in NUL)."""

    def __init__(self, exe, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            # Through fresh numbers first: a pipe end may already sit at 3 or 4.
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                                      "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(3, 4),
                                     preexec_fn=fds, start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        STARTED.append(self.proc)  # stopped with the servers if the run fails

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        mine = self.next_id
        while True:
            reply = self.read()
            if reply.get("id") == mine:
                return reply

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def open(self, url):
        target = self.send("Target.createTarget", {"url": url})["result"]["targetId"]
        return self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["result"]["sessionId"]

    def evaluate(self, session, expression):
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        return reply.get("result", {}).get("result", {}).get("value")

    def wait(self, session, expression, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(session, expression) is True:
                return True
            time.sleep(0.003)
        return False

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


LIVE = ("typeof LiveReload !== 'undefined' && !!LiveReload.connector && !!LiveReload.connector.socket"
        " && LiveReload.connector.socket.readyState === 1 && document.readyState === 'complete'")


def summary(values):
    good = sorted(v for v in values if v == v)
    if not good:
        return float("nan"), float("nan"), len(values)
    return statistics.median(good), good[max(0, int(len(good) * 0.9) - 1)], len(values) - len(good)


STARTED = []


def stop_all():
    # Ctrl+C to each server's process group, as a terminal sends it; what does not stop in time is killed.
    for p in STARTED:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGINT)
    for p in STARTED:
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def main():
    # Stopped by SIGINT or SIGTERM (even as a background job, which starts with SIGINT ignored): the finally stops the servers.
    def interrupted(signum, frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        run()
    finally:
        stop_all()


def run():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--feed")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--kinds", default="content,layout,static", help="which edits to measure, comma-separated")
    ap.add_argument("--component-inputs", action="store_true",
                    help="keep the search component's declared inputs, so each content edit in the preview also rebuilds the search "
                         "index (plain hugo server does not)")
    args = ap.parse_args()
    loads = [os.getloadavg()[0]]

    root = tempfile.mkdtemp(prefix="hsb-serve-bench-")
    feed = args.feed or os.path.join(root, "feed")
    if not args.feed:
        subprocess.run(["dotnet", "pack", os.path.join(REPO, "src/HugoSite.Build.Tasks/HugoSite.Build.Tasks.csproj"), "-c", "Release",
                        "-o", feed, "-p:Version=1.0.0", "-nologo", "-v", "q"], check=True)
    with open(os.path.join(root, "nuget.config"), "w") as f:
        f.write(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration><config><add key="globalPackagesFolder" value="{root}/packages" /></config>
<packageSources><clear /><add key="feed" value="{feed}" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
""")
    for d in ["templates", "themes", "components", "DocsSite"]:
        shutil.copytree(os.path.join(REPO, "samples", d), os.path.join(root, d), ignore=shutil.ignore_patterns("obj", "bin", "public"))
    site = os.path.join(root, "DocsSite")
    if not args.component_inputs:
        # Like for like: plain hugo server regenerates no search index, so the preview's copy does not either.
        manifest = os.path.join(root, "components/search/component.json")
        data = json.load(open(manifest))
        data.pop("inputs", None)
        json.dump(data, open(manifest, "w"), indent=2)
    subprocess.run(["dotnet", "restore", "DocsSite.proj", "-nologo", "-v", "q"], cwd=site, check=True)

    port_a, port_b = free_port(), free_port()
    log_a = open(os.path.join(root, "serve.log"), "w")
    t0 = time.monotonic()
    a = start(["dotnet", "build", "DocsSite.proj", "-t:HugoServe", "-nologo", "-v:m", f"-p:HugoServePort={port_a}",
               f"-p:HugoPerformanceHistoryFile={root}/history.jsonl"], site, log_a)
    if not wait_for(f"http://127.0.0.1:{port_a}/", None, 300):
        print(open(os.path.join(root, "serve.log")).read())
        sys.exit("the preview did not start")
    first_a = time.monotonic() - t0

    composed = os.path.join(root, "plain")
    shutil.copytree(os.path.join(site, "obj/hugo/serve/work"), composed)
    log_b = open(os.path.join(root, "plain.log"), "w")
    t0 = time.monotonic()
    b = start(["hugo", "server", "--source", composed, "--bind", "127.0.0.1", "--port", str(port_b), "--theme", "compose",
               "--buildDrafts", "--buildFuture", "--buildExpired"], composed, log_b)
    if not wait_for(f"http://127.0.0.1:{port_b}/", None, 120):
        sys.exit("hugo server did not start")
    first_b = time.monotonic() - t0

    # kind: (file in the sources, file in the composed copy, page that shows it, how a marker is written, what the browser checks)
    kinds = {
        "content": (os.path.join(site, "content/docs/faq.md"), os.path.join(composed, "content/docs/faq.md"), "/docs/faq/",
                    lambda text, m: text + f"\n\nmarker {m}\n", "document.documentElement.outerHTML.indexOf('{m}') >= 0"),
        "layout": (os.path.join(root, "themes/compose/layouts/partials/footer.html"), os.path.join(composed, "themes/compose/layouts/partials/footer.html"),
                   "/docs/faq/", lambda text, m: text + f"\n<span>{m}</span>\n", "document.documentElement.outerHTML.indexOf('{m}') >= 0"),
        "static": (os.path.join(root, "themes/compose/static/css/compose.css"), os.path.join(composed, "themes/compose/static/css/compose.css"),
                   "/css/compose.css", lambda text, m: text + f"\n:root {{ --hsb-marker: \"{m}\"; }}\n",
                   "getComputedStyle(document.documentElement).getPropertyValue('--hsb-marker').indexOf('{m}') >= 0"),
    }
    kinds = {kind: kinds[kind] for kind in args.kinds.split(",")}
    servers = (("preview", 0, port_a), ("hugo", 1, port_b))
    results = {}

    def edit_rounds(measure, label):
        for kind, (src_a, src_b, page, write, _) in kinds.items():
            paths = (src_a, src_b)
            originals = {p: open(p).read() for p in paths}
            for i in range(args.edits):
                order = servers if i % 2 == 0 else servers[::-1]
                for server, index, port in order:
                    marker = "m" + uuid.uuid4().hex[:12]
                    text = write(originals[paths[index]], marker)
                    elapsed = measure(kind, index, port, paths[index], text, marker)
                    results.setdefault((label, kind, server), []).append(elapsed)
                    time.sleep(0.3 + random.uniform(0, PAUSE_SPREAD))
            for path, text in originals.items():
                with open(path, "w") as f:
                    f.write(text)
            time.sleep(1)

    def served(kind, index, port, path, text, marker):
        page = kinds[kind][2]
        start_t = time.monotonic()
        with open(path, "w") as f:
            f.write(text)
        ok = wait_for(f"http://127.0.0.1:{port}{page}", marker, 30)
        return (time.monotonic() - start_t) * 1000 if ok else float("nan")

    for kind in kinds:
        for _, _, port in servers:
            wait_for(f"http://127.0.0.1:{port}{kinds[kind][2]}", None)  # visited once, as a browser would have it open
    print(f"machine: {os.cpu_count()} cores; edits per kind, server and measure: {args.edits}")
    print(f"start to first page: preview {first_a * 1000:.0f} ms (dotnet build -t:HugoServe: evaluation, compose, components, hugo), "
          f"hugo server {first_b * 1000:.0f} ms")
    print("measure  kind     server   median ms   p90 ms   failed")

    def report(label):
        for kind in kinds:
            medians = {}
            for server, _, _ in servers:
                median, p90, failed = summary(results[(label, kind, server)])
                medians[server] = median
                print(f"{label:8} {kind:8} {server:8} {median:9.0f} {p90:8.0f} {failed:8}")
            print(f"{label:8} {kind:8} ratio    {medians['preview'] / medians['hugo']:9.2f}", flush=True)

    edit_rounds(served, "served")
    loads.append(os.getloadavg()[0])
    report("served")

    # The preview's own share, free of Hugo's tick: from the write in the sources until the work folder has it.
    mirror = []
    for kind, (src_a, src_b, page, write, _) in kinds.items():
        work = os.path.join(site, "obj/hugo/serve/work", os.path.relpath(src_b, composed))
        original = open(src_a).read()
        for i in range(args.edits):
            marker = "m" + uuid.uuid4().hex[:12]
            start_t = time.monotonic()
            with open(src_a, "w") as f:
                f.write(write(original, marker))
            deadline = start_t + 30
            while time.monotonic() < deadline:
                try:
                    if marker in open(work).read():
                        break
                except OSError:
                    pass
                time.sleep(0.001)
            mirror.append((kind, (time.monotonic() - start_t) * 1000))
            time.sleep(0.3 + random.uniform(0, PAUSE_SPREAD))
        with open(src_a, "w") as f:
            f.write(original)
        values = sorted(v for k, v in mirror if k == kind)
        print(f"mirror   {kind:8} preview  {statistics.median(values):9.0f} {values[max(0, int(len(values) * 0.9) - 1)]:8.0f}        0", flush=True)

    browser = None
    if not args.no_browser:
        exe = next((c for c in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(c)), None)
        if exe is None:
            sys.exit("Chromium is not installed (apt-get install -y chromium), or pass --no-browser")
        browser = Chromium(exe, os.path.join(root, "chromium-profile"))
        # One tab per server on the page that shows the change (the static edit shows on any page using the stylesheet).
        tabs = {}
        for _, index, port in servers:
            tabs[index] = browser.open(f"http://127.0.0.1:{port}/docs/faq/")

        def shown(kind, index, port, path, text, marker):
            session = tabs[index]
            if not browser.wait(session, LIVE, 30):
                return float("nan")
            start_t = time.monotonic()
            with open(path, "w") as f:
                f.write(text)
            ok = browser.wait(session, kinds[kind][4].replace("{m}", marker), 30)
            return (time.monotonic() - start_t) * 1000 if ok else float("nan")

        edit_rounds(shown, "shown")
        browser.close()
        loads.append(os.getloadavg()[0])
        report("shown")

    stop_all()
    print(f"load average (1 min) at start, after served, after shown: {', '.join(f'{l:.1f}' for l in loads)}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
