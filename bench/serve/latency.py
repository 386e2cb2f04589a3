#!/usr/bin/env python3
"""Edit-to-served latency of the live preview against plain `hugo server`, in the same run.

Usage: bench/serve/latency.py [--edits 20] [--feed DIR]

Packs the package (unless --feed names a folder holding HugoSite.Build.1.0.0.nupkg), copies samples/ to a temporary
folder, and starts two servers on free loopback ports:
  A  dotnet build DocsSite.proj -t:HugoServe  (edits go to the sample's sources: content/, themes/, components/)
  B  hugo server on a copy of the composed site (obj/hugo/serve/work), edits made there directly
For each kind (content, layout, static) it makes --edits edits, alternating A and B, each a unique marker written to
the file, and polls the page (every 5 ms) until the marker is served. Prints the median and p90 per kind and server,
the ratio A/B, and the time from start to first page served for both.
"""
import argparse, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

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
        time.sleep(0.005)
    return False


def start(cmd, cwd, log):
    return subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--feed")
    args = ap.parse_args()

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

    # kind: (file in the sources, file in the composed copy, page that shows it, how a marker is written)
    kinds = {
        "content": (os.path.join(site, "content/docs/faq.md"), os.path.join(composed, "content/docs/faq.md"), "/docs/faq/",
                    lambda text, m: text + f"\n\nmarker {m}\n"),
        "layout": (os.path.join(root, "themes/compose/layouts/partials/footer.html"), os.path.join(composed, "themes/compose/layouts/partials/footer.html"),
                   "/docs/faq/", lambda text, m: text + f"\n<span>{m}</span>\n"),
        "static": (os.path.join(root, "themes/compose/static/css/compose.css"), os.path.join(composed, "themes/compose/static/css/compose.css"),
                   "/css/compose.css", lambda text, m: text + f"\n/* {m} */\n"),
    }
    results = {}
    for kind, (src_a, src_b, page, write) in kinds.items():
        originals = {src_a: open(src_a).read(), src_b: open(src_b).read()}
        for server, path, port in (("preview", src_a, port_a), ("hugo", src_b, port_b)):
            wait_for(f"http://127.0.0.1:{port}{page}", None)  # visited once, as a browser would have it open
        for i in range(args.edits):
            for server, path, port in (("preview", src_a, port_a), ("hugo", src_b, port_b)):
                marker = "m" + uuid.uuid4().hex[:12]
                text = write(originals[path], marker)
                start_t = time.monotonic()
                with open(path, "w") as f:
                    f.write(text)
                ok = wait_for(f"http://127.0.0.1:{port}{page}", marker, 30)
                results.setdefault((kind, server), []).append((time.monotonic() - start_t) * 1000 if ok else float("nan"))
                time.sleep(0.3)
        for path, text in originals.items():
            with open(path, "w") as f:
                f.write(text)
        time.sleep(1)

    for p in (a, b):
        os.killpg(p.pid, signal.SIGINT)
    for p in (a, b):
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)

    print(f"machine: {os.cpu_count()} cores; edits per kind and server: {args.edits}")
    print(f"start to first page: preview {first_a * 1000:.0f} ms (dotnet build -t:HugoServe: evaluation, compose, components, hugo), "
          f"hugo server {first_b * 1000:.0f} ms")
    print("kind     server   median ms   p90 ms   failed")
    for kind in kinds:
        medians = {}
        for server in ("preview", "hugo"):
            values = results[(kind, server)]
            good = sorted(v for v in values if v == v)
            medians[server] = statistics.median(good) if good else float("nan")
            p90 = good[int(len(good) * 0.9) - 1] if good else float("nan")
            print(f"{kind:8} {server:8} {medians[server]:9.0f} {p90:8.0f} {len(values) - len(good):8}")
        print(f"{kind:8} ratio    {medians['preview'] / medians['hugo']:9.2f}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
