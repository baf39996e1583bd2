#!/usr/bin/env python3
"""Times the archiver against the stock git/tar pipeline and writes a results table.

Every comparison runs in rounds; each round is one hyperfine invocation timing both sides once
(ours first in odd rounds, stock first in even ones), so background load hits both sides alike.
Each command runs under /usr/bin/time, which records its peak RSS (for a pipeline: its largest
process). Medians, ratios (ours / stock, lower is better) and targets go to a Markdown table.
Run it through bench/run.sh, which builds the jar first.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARCHIVER = os.path.join(ROOT, "bin", "archiver")
TIMESTAMP = "2026-01-01T00:00:00Z"
MB = 1 << 20

# rounds per comparison and which comparisons run, per preset
PLANS = {
    "quick": dict(rounds=5, cold=2, ops=["create", "size", "policy", "verify", "restore-file", "restore-daemon",
                                          "restore-http", "incremental"]),
    "tiny": dict(rounds=2, cold=1, ops=["create", "policy", "verify", "restore-file", "restore-daemon", "incremental"]),
    "tinylfs": dict(rounds=2, cold=1, ops=["create", "verify", "restore-file", "incremental"]),
    "large": dict(rounds=5, cold=1, restore_rounds=2,
                  ops=["create", "size", "policy", "verify", "restore-file", "restore-daemon", "restore-http",
                       "incremental"]),
    # an ordinary project: ~20 MB, ~1,500 refs of which ~1,200 refs/pull/*, 8 years
    "medium": dict(rounds=5, cold=3, restore_rounds=3,
                   ops=["create", "size", "verify", "restore-file", "restore-daemon", "restore-http", "incremental"]),
    "manyrefs": dict(rounds=3, cold=0, restore_rounds=2,
                     ops=["create", "verify", "restore-file", "restore-daemon", "incremental"]),
    "lfs": dict(rounds=3, cold=1, restore_rounds=2, ops=["create", "verify", "restore-file", "incremental"]),
    # any existing repository (--repo PATH|URL): the issue's rows for a real project; no incremental
    "real": dict(rounds=5, cold=3, restore_rounds=3,
                 ops=["create", "size", "verify", "restore-file", "restore-daemon", "restore-http"]),
}
FULL = ["large", "manyrefs", "lfs", "medium"]
# restore hashes with the JDK's SHA-1 by default; this brings back JGit's collision-detecting one (diagnostic)
COLLISION_DETECTION = "ARCHIVER_SHA1_COLLISION_DETECTION=1"

# Every create carries all refs, as the stock `git bundle create --all` does; the "size" comparison adds
# an archive of the default refs (heads, tags, notes) against a stock bundle of the same refs.
ALL_REFS = ["--include-refs", "refs/*"]
STOCK_DEFAULT_REFS = "--branches --tags --glob=refs/notes/*"

# Ratio targets (ours / stock) per comparison and kind of preset ("real" = any --repo), from the
# benchmark issues (#7: the large preset; #18: a real ~20 MB project, for which medium stands in too).
RATIO_TARGETS = {
    "create-cold": {"large": 1.3, "real": 1.3, "medium": 1.3},
    "create": {"large": 0.5, "real": 1.0, "medium": 1.0},
    "verify": {"large": 1.3},
    "restore-file": {"large": 1.0},
    "restore-daemon": {"large": 1.0, "real": 1.0, "medium": 1.0},
    "restore-http": {"large": 1.0, "real": 1.0, "medium": 1.0},
    "incremental": {"large": 0.15},
    # against our own create without a policy, not the stock pipeline
    "create --policy secrets": {"large": 1.5},
}
WALL_TARGETS = {"verify": {"real": 0.5, "medium": 0.5}}  # seconds of ours, whole process
SIZE_TARGET = 1.05  # archive ÷ the stock tar.gz of the same refs, every preset
RSS_LIMIT_MB = 400  # peak RSS of every command of ours, every preset
# the summary table's rows: (label, ops, kinds of preset); RSS and size rows are added after them
ISSUE_TARGETS = [
    ("first create from a git:// URL, empty cache", "create-cold"),
    ("warm create", "create"),
    ("verify", "verify"),
    ("restore to a local bare repository", "restore-file"),
    ("restore to a git daemon server", "restore-daemon"),
    ("restore to a smart HTTP server (git http-backend)", "restore-http"),
    ("incremental (1% new) ÷ full create", "incremental"),
    ("create --policy secrets ÷ create", "create --policy secrets"),
]


def kind(preset):
    """The target set a preset is held to: any --repo is "real"."""
    return "real" if preset.startswith("real:") else preset


def jvm_defaults():
    """The JVM options bin/archiver starts with (bin/jvm.options, comments dropped)."""
    with open(os.path.join(ROOT, "bin", "jvm.options")) as f:
        return " ".join(line.split("#")[0].strip() for line in f if line.split("#")[0].strip())


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def out(cmd):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True).stdout.strip()


def q(path):
    return shlex.quote(str(path))


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.results = []
        self.notes = []
        os.makedirs(self.work, exist_ok=True)
        self.env = dict(os.environ)
        self.env["ARCHIVER_LOG_DIR"] = os.path.join(self.work, "logs")
        self.env.pop("ARCHIVER_KEY_PASSPHRASE", None)
        self.env.pop("ARCHIVER_CACHE", None)
        # No JVM flags of its own: bin/archiver's defaults (bin/jvm.options) are what is measured, as
        # users run it. An ARCHIVER_JAVA_OPTS the caller exported still applies and is reported.
        self.keys = os.path.join(self.work, "keys")
        if not os.path.exists(os.path.join(self.keys, "archiver-signing-secret.asc")):
            shutil.rmtree(self.keys, ignore_errors=True)
            sh("%s keygen --out %s --quiet" % (q(ARCHIVER), q(self.keys)), env=self.env)
        self.secret = os.path.join(self.keys, "archiver-signing-secret.asc")
        self.public = os.path.join(self.keys, "archiver-signing-public.asc")
        self.servers = []
        self.load_before = os.getloadavg()

    # ---------- repositories

    def repos(self, preset):
        """base.git and next.git of a preset, generated once and reused while the generator is unchanged."""
        d = os.path.join(self.work, "repos", preset)
        stamp = os.path.join(d, ".generator")
        gen = os.path.join(HERE, "genrepo.py")
        digest = out("sha256sum %s" % q(gen)).split()[0]
        if not (os.path.exists(stamp) and open(stamp).read() == digest):
            print("== generating the %s repositories (once) ..." % preset, flush=True)
            t0 = time.time()
            sh("python3 %s %s %s" % (q(gen), preset, q(d)))
            with open(stamp, "w") as f:
                f.write(digest)
            print("   took %.0f s" % (time.time() - t0), flush=True)
        return os.path.join(d, "base.git"), os.path.join(d, "next.git")

    def real_repo(self, repo):
        """Any repository, by path (bare or not: used as is) or by URL (mirrored once into the work
        directory); returns its preset name and git directory. It has no "next" state, so no incremental."""
        name = [p for p in repo.rstrip("/").split("/") if p not in ("", "repo", ".git", "repo.git")][-1]
        name = name.removesuffix(".git").replace(":", "-") or "repo"
        if "://" in repo or (":" in repo.split("/")[0] and not os.path.exists(repo)):
            path = os.path.join(self.work, "repos", "real-" + name + ".git")
            if not os.path.isdir(path):
                print("== mirroring %s (once) ..." % repo, flush=True)
                sh("git clone -q --mirror %s %s.tmp && mv %s.tmp %s" % (q(repo), q(path), q(path), q(path)))
        else:
            path = os.path.abspath(repo)
        if subprocess.run(["git", "-C", path, "rev-parse", "--git-dir"], capture_output=True).returncode != 0:
            raise SystemExit("bench: %s is no Git repository" % repo)
        return "real:" + name, self.git_dir(path)

    @staticmethod
    def git_dir(repo):
        return out("git -C %s rev-parse --path-format=absolute --git-common-dir" % q(repo))

    def describe(self, repo):
        info = {}
        for line in out("git -C %s count-objects -v" % q(repo)).splitlines():
            k, v = line.split(": ")
            info[k] = int(v) if v.isdigit() else v
        info["refs"] = int(out("git -C %s for-each-ref | wc -l" % q(repo)))
        info["pull_refs"] = int(out("git -C %s for-each-ref refs/pull | wc -l" % q(repo)))
        info["commits"] = int(out("git -C %s rev-list --all | wc -l" % q(repo)))
        lfs = os.path.join(self.git_dir(repo), "lfs", "objects")
        info["lfs_bytes"] = int(out("du -sb %s | cut -f1" % q(lfs))) if os.path.isdir(lfs) else 0
        info["lfs_objects"] = int(out("find %s -type f | wc -l" % q(lfs))) if os.path.isdir(lfs) else 0
        return info

    # ---------- measuring

    def compare(self, preset, op, ours, stock, rounds, prep_ours="true", prep_stock="true", note=""):
        """Runs `rounds` alternating rounds and records medians, ratio and peak RSS of both sides."""
        if rounds <= 0:
            return None
        d = os.path.join(self.work, "runs", preset.replace(":", "-"))
        os.makedirs(d, exist_ok=True)
        sides = {"ours": (ours, prep_ours), "stock": (stock, prep_stock)}
        times = {"ours": [], "stock": []}
        rss = {"ours": [], "stock": []}
        print("== %s: %s (%d rounds)" % (preset, op, rounds), flush=True)
        failed = None
        for r in range(rounds):
            order = ["ours", "stock"] if r % 2 == 0 else ["stock", "ours"]
            cmds, preps = [], []
            for side in order:
                cmd, prep = sides[side]
                rss_file = os.path.join(d, "%s-%s.rss" % (op, side))
                err_file = os.path.join(d, "%s-%s.err" % (op, side))
                cmds.append("/usr/bin/time -f %%M -o %s sh -c %s 2>%s" % (q(rss_file), q(cmd), q(err_file)))
                preps.append(prep)
            export = os.path.join(d, "%s-round%d.json" % (op, r))
            hf = ["hyperfine", "--runs", "1", "--style", "basic", "--ignore-failure", "--export-json", export]
            for p in preps:
                hf += ["--prepare", p]
            hf += cmds
            res = subprocess.run(hf, env=self.env, capture_output=True, text=True)
            if res.returncode != 0:
                sys.stderr.write(res.stdout + res.stderr)
                raise SystemExit("hyperfine failed for %s/%s; see above" % (preset, op))
            data = json.load(open(export))["results"]
            for side, result in zip(order, data):
                if result["exit_codes"][0] != 0:
                    err = open(os.path.join(d, "%s-%s.err" % (op, side)), errors="replace").read().strip()
                    lines = [l for l in err.splitlines() if l.strip() and not l.startswith(("\tat ", "Command exited"))]
                    failed = "%s failed (exit %d): %s" % (side, result["exit_codes"][0],
                                                          lines[-1] if lines else "no message")
                times[side].append(result["times"][0])
                rss_file = os.path.join(d, "%s-%s.rss" % (op, side))
                rss[side].append(int(open(rss_file).read().split()[-1]) // 1024)
            if failed:
                print("   " + failed, flush=True)
                break
            print("   round %d: ours %.2f s, stock %.2f s" % (r + 1, times["ours"][-1], times["stock"][-1]), flush=True)
        row = dict(preset=preset, op=op, note=note, rounds=rounds,
                   ours=statistics.median(times["ours"]), stock=statistics.median(times["stock"]),
                   ours_times=times["ours"], stock_times=times["stock"],
                   ours_rss=max(rss["ours"]), stock_rss=max(rss["stock"]), load=os.getloadavg()[0])
        row["ratio"] = row["ours"] / row["stock"]
        row["failed"] = failed
        print("   median ours %.2f s / stock %.2f s = %.2f; peak RSS ours %d MB, stock %d MB"
              % (row["ours"], row["stock"], row["ratio"], row["ours_rss"], row["stock_rss"]), flush=True)
        self.results.append(row)
        return row

    def diagnose(self, preset):
        """Diagnostic rows explain the misses on the preset the targets are about (or any single one asked for)."""
        return self.args.diagnose and (preset == "large" or not self.args.full_run)

    def archiver(self, *args, env_prefix=""):
        return env_prefix + " ".join([q(ARCHIVER)] + [q(a) for a in args] + ["--quiet"])

    # ---------- the comparisons of one preset

    def run_preset(self, preset, base, nxt):
        plan = PLANS[kind(preset)]
        rounds = self.args.rounds or plan["rounds"]
        restore_rounds = self.args.rounds or plan.get("restore_rounds", rounds)
        w = os.path.join(self.work, "runs", preset.replace(":", "-"))
        shutil.rmtree(w, ignore_errors=True)
        os.makedirs(w)
        try:
            self.run_preset_in(preset, base, nxt, plan, rounds, restore_rounds, w)
        finally:
            self.stop_servers()

    def run_preset_in(self, preset, base, nxt, plan, rounds, restore_rounds, w):
        lfs = os.path.isdir(os.path.join(self.git_dir(base), "lfs", "objects"))
        self.stats = getattr(self, "stats", {})
        self.stats[preset] = self.describe(base)
        ops = [o for o in plan["ops"] if not self.args.ops or o in self.args.ops.split(",")]
        clean = lambda d: "rm -rf %s && mkdir -p %s" % (q(d), q(d))
        fresh = lambda ws_dir, t: "rm -rf %s %s && git init -q --bare %s" % (q(ws_dir), q(t), q(t))
        # Targets served by C git: git daemon, and git http-backend behind bench/githttp.py. The daemon
        # also serves the source, so creates read it from a git:// URL as a user's would. Git LFS
        # presets read their source by path: git daemon serves no LFS objects.
        daemon_root, http_root = os.path.join(w, "daemon"), os.path.join(w, "http")
        port = self.start_daemon(daemon_root)
        source = base
        if not lfs:
            os.symlink(self.git_dir(base), os.path.join(daemon_root, "src.git"))
            source = "git://127.0.0.1:%d/src.git" % port
        cache = os.path.join(w, "cache")
        o_ours, o_stock = os.path.join(w, "out-ours"), os.path.join(w, "out-stock")
        create = self.archiver("create", "--source", source, "--cache", cache, "--output", o_ours, "--no-deps",
                               *ALL_REFS, "--sign-key", self.secret, "--timestamp", TIMESTAMP)
        bundle_tar = ("git -C %%s bundle create -q %s/repo.bundle %%s && tar czf %s/stock.tar.gz -C %s repo.bundle"
                      % (q(o_stock), q(o_stock), q(o_stock)))
        stock_create = bundle_tar % (q(base), "--all")
        if lfs:
            stock_create += " -C %s lfs/objects" % q(self.git_dir(base))
        m = os.path.join(o_stock, "m.git")
        stock_cold = stock_create if lfs else ("git clone -q --mirror %s %s && " % (q(source), q(m))
                                               + bundle_tar % (q(m), "--all"))

        cold = self.args.cold if self.args.cold is not None else plan["cold"]
        self.compare(preset, "create-cold", create, stock_cold, cold,
                     prep_ours=clean(o_ours) + " && rm -rf " + q(cache), prep_stock=clean(o_stock),
                     note=("first run: the cache is empty, so ours also clones the source (path: git daemon "
                           "serves no LFS)") if lfs else
                          "first run from a git:// URL (git daemon), empty cache; stock: git clone --mirror + "
                          "git bundle create --all + tar czf")
        sh(clean(o_ours) + " && " + create, env=self.env)  # the cache is warm from here on
        self.compare(preset, "create", create, stock_create, rounds, prep_ours=clean(o_ours), prep_stock=clean(o_stock),
                     note="warm cache (mirror already fetched); all refs; stock: git bundle create --all + tar czf")
        if self.diagnose(preset):
            self.compare(preset, "create --no-lfs", create + " --no-lfs", stock_create, rounds,
                         prep_ours=clean(o_ours), prep_stock=clean(o_stock),
                         note="diagnostic: ours without the Git LFS history scan")
            sh(clean(o_ours) + " && " + create, env=self.env)
        if "policy" in ops:
            policy = os.path.join(w, "secrets-policy.yaml")
            with open(policy, "w") as f:
                f.write("secrets: true\n")
            o_pol = os.path.join(w, "out-policy")
            self.compare(preset, "create --policy secrets", create.replace(q(o_ours), q(o_pol)) + " --policy " + q(policy),
                         create, rounds, prep_ours=clean(o_pol) + " && rm -rf " + q(os.path.join(cache, "policy")),
                         prep_stock=clean(o_ours),
                         note="'stock' here is our own create without a policy; every blob scanned (verdict cache emptied)")
            sh(clean(o_ours) + " && " + create, env=self.env)
        archive = os.path.join(o_ours, os.listdir(o_ours)[0])
        self.archive_size = getattr(self, "archive_size", {})
        self.sizes = getattr(self, "sizes", [])
        stock_tgz = os.path.join(o_stock, "stock.tar.gz")
        if not os.path.exists(stock_tgz):
            sh(clean(o_stock) + " && " + stock_create)
        self.archive_size[preset] = (os.path.getsize(archive), os.path.getsize(stock_tgz))
        self.sizes.append(dict(preset=preset, refs="all", ours=os.path.getsize(archive), stock=os.path.getsize(stock_tgz)))
        if "size" in ops:
            # one run each: an archive of the default refs against the stock bundle of the same refs
            o_def, o_sdef = os.path.join(w, "out-default"), os.path.join(w, "out-stock-default")
            default = self.archiver("create", "--source", source, "--cache", cache, "--output", o_def, "--no-deps",
                                    "--sign-key", self.secret, "--timestamp", TIMESTAMP)
            sh(clean(o_def) + " && " + default, env=self.env)
            sh(clean(o_sdef) + " && git -C %s bundle create -q %s/repo.bundle %s && tar czf %s/stock.tar.gz -C %s repo.bundle"
               % (q(base), q(o_sdef), STOCK_DEFAULT_REFS, q(o_sdef), q(o_sdef))
               + (" -C %s lfs/objects" % q(self.git_dir(base)) if lfs else ""))
            self.sizes.append(dict(preset=preset, refs="default",
                                   ours=os.path.getsize(os.path.join(o_def, os.listdir(o_def)[0])),
                                   stock=os.path.getsize(os.path.join(o_sdef, "stock.tar.gz"))))

        if "verify" in ops:
            self.compare(preset, "verify", self.archiver("verify", archive, "--trust", self.public),
                         "gzip -dc %s | sha256sum >/dev/null" % q(archive), rounds, note="both read our archive")

        ws, tgt = os.path.join(w, "ws-ours"), os.path.join(w, "target-ours.git")
        sws, stgt = os.path.join(w, "ws-stock"), os.path.join(w, "target-stock.git")
        extract = "mkdir -p %s && tar xzf %s -C %s" % (q(sws), q(archive), q(sws))
        if not lfs:
            extract += " repo.bundle"
        stock_restore = (extract + " && git clone -q --mirror %s/repo.bundle %s/m.git && git -C %s/m.git push -q --mirror %%s"
                         % (q(sws), q(sws), q(sws)))
        if lfs:
            stock_restore += " && mkdir -p %s/lfs && cp -r %s/lfs/objects %s/lfs/" % (q(stgt), q(sws), q(stgt))
        restore = lambda target, env_prefix="": self.archiver("restore", archive, "--target", target, "--workspace", ws,
                                                              "--trust", self.public, env_prefix=env_prefix)
        if "restore-file" in ops:
            self.compare(preset, "restore-file", restore("file://" + tgt), stock_restore % q("file://" + stgt),
                         restore_rounds, prep_ours=fresh(ws, tgt), prep_stock=fresh(sws, stgt),
                         note="stock: tar xzf repo.bundle from our archive + git clone --mirror + git push --mirror")
            if self.diagnose(preset):
                self.compare(preset, "restore-file, SHA-1 collision detection",
                             restore("file://" + tgt, COLLISION_DETECTION + " "), stock_restore % q("file://" + stgt),
                             restore_rounds, prep_ours=fresh(ws, tgt), prep_stock=fresh(sws, stgt),
                             note="diagnostic: JGit's collision-detecting SHA-1 instead of the JDK's (the default before)")
        servers = [("restore-daemon", daemon_root, "git://127.0.0.1:%d" % port, "git daemon on loopback")]
        if "restore-http" in ops:
            servers.append(("restore-http", http_root, "http://127.0.0.1:%d" % self.start_http(http_root),
                            "smart HTTP: git http-backend behind bench/githttp.py on loopback"))
        for op, root, url, note in servers:
            if op not in ops:
                continue
            dtgt, dstgt = os.path.join(root, "t-ours.git"), os.path.join(root, "t-stock.git")
            self.compare(preset, op, restore(url + "/t-ours.git"), stock_restore % q(url + "/t-stock.git"),
                         restore_rounds, prep_ours=fresh(ws, dtgt), prep_stock=fresh(sws, dstgt), note=note)
            self.check_same_refs(preset, op, dtgt, dstgt)

        if "incremental" in ops and nxt:
            src = os.path.join(w, "inc-src.git")
            icache = os.path.join(w, "inc-cache")
            o_base, o_inc, o_full = (os.path.join(w, n) for n in ("inc-base", "inc-out", "inc-full"))
            sh("git clone -q --mirror --local %s %s && git -C %s config --remove-section remote.origin"
               % (q(base), q(src), q(src)))
            if lfs:
                sh("cp -al %s %s/" % (q(os.path.join(base, "lfs")), q(src)))
            common = ["--source", src, "--cache", icache, "--no-deps", *ALL_REFS, "--sign-key", self.secret]
            sh(clean(o_base) + " && " + self.archiver("create", *common, "--output", o_base,
                                                         "--timestamp", "2025-12-01T00:00:00Z"), env=self.env)
            base_archive = os.path.join(o_base, os.listdir(o_base)[0])
            sh("git -C %s fetch -q --prune %s '+refs/*:refs/*'" % (q(src), q(nxt)))
            if lfs:
                sh("cp -aln %s %s/ 2>/dev/null || true" % (q(os.path.join(nxt, "lfs")), q(src)))
            inc = self.archiver("create", *common, "--output", o_inc, "--incremental", "--base", base_archive,
                                "--timestamp", TIMESTAMP)
            full = self.archiver("create", *common, "--output", o_full, "--timestamp", TIMESTAMP)
            sh(clean(o_full) + " && " + full, env=self.env)  # the cache now holds the new commits too
            row = self.compare(preset, "incremental", inc, full, rounds, prep_ours=clean(o_inc), prep_stock=clean(o_full),
                               note="ours incremental (1% new commits) / ours full create, same source state")
            if row:
                row["stock_label"] = "ours full"
            if self.diagnose(preset):
                row = self.compare(preset, "incremental --no-lfs", inc + " --no-lfs", full, rounds,
                                   prep_ours=clean(o_inc), prep_stock=clean(o_full),
                                   note="diagnostic: ours incremental without the LFS scan / ours full create")
                row["stock_label"] = "ours full"

    def check_same_refs(self, preset, op, ours, stock):
        """A restore row counts only if both targets ended with the same refs (the last round's)."""
        refs = [out("git -C %s for-each-ref --format='%%(objectname) %%(refname)'" % q(t)) for t in (ours, stock)]
        row = self.results[-1]
        if not row.get("failed") and refs[0] != refs[1]:
            row["failed"] = "the target's refs differ from the stock push's (%d vs %d refs)" % (
                len(refs[0].splitlines()), len(refs[1].splitlines()))
            print("   " + row["failed"], flush=True)

    def free_port(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def wait_for(self, port, what):
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return port
            time.sleep(0.1)
        raise SystemExit("bench: %s did not start" % what)

    def start_daemon(self, root):
        """C git's git daemon serving (and accepting pushes to) every repository under root."""
        os.makedirs(root, exist_ok=True)
        port = self.free_port()
        self.servers.append(subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=%d" % port, "--base-path=" + root,
             "--export-all", "--enable=receive-pack", root], stderr=subprocess.DEVNULL))
        return self.wait_for(port, "git daemon")

    def start_http(self, root):
        """C git's smart-HTTP server (git http-backend) for every repository under root; see githttp.py."""
        os.makedirs(root, exist_ok=True)
        port_file = os.path.join(root, ".port")
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "githttp.py"), root, port_file])
        self.servers.append(proc)
        for _ in range(300):  # Python starts slowly on a loaded machine
            if os.path.exists(port_file):
                return self.wait_for(int(open(port_file).read()), "the smart-HTTP server")
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit("bench: the smart-HTTP server (bench/githttp.py) did not start")

    def stop_servers(self):
        while self.servers:
            proc = self.servers.pop()
            proc.terminate()
            proc.wait()

    # ---------- report

    def report(self, path):
        raw = os.path.splitext(path)[0] + ".json"
        if self.args.report_only:
            saved = json.load(open(raw))
            self.results, self.stats = saved["results"], saved["stats"]
            self.archive_size = {k: tuple(v) for k, v in saved["archive_size"].items()}
            self.sizes = saved.get("sizes") or [dict(preset=k, refs="all", ours=v[0], stock=v[1])
                                                for k, v in self.archive_size.items()]
            self.load_before, self.load_after = saved["load_before"], saved["load_after"]
            self.date, self.commit = saved["date"], saved["commit"]
            self.env["ARCHIVER_JAVA_OPTS"] = saved["java_opts"]
            self.args.command_line = saved["command"]
            # the launcher's defaults of that run; older files did not record them
            self.jvm_defaults = saved.get("jvm_defaults", "not recorded, see bench/RESULTS-notes.md")
        else:
            self.jvm_defaults = jvm_defaults()
            self.load_after = os.getloadavg()
            self.date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            self.commit = out("git -C %s rev-parse --short HEAD" % q(ROOT))
        lines = []
        mem = int(out("awk '/MemTotal/ {print $2}' /proc/meminfo")) // 1024
        cpu = out("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo")
        lines.append("# Benchmark results")
        lines.append("")
        lines.append("Regenerate with `%s` (see docs/benchmark.md)." % self.args.command_line)
        lines.append("")
        lines.append("| | |")
        lines.append("| --- | --- |")
        lines.append("| date | %s |" % self.date)
        lines.append("| commit | %s |" % self.commit)
        lines.append("| machine | %d cores (%s), %d MB RAM, %s |" % (os.cpu_count(), cpu, mem, platform.platform()))
        lines.append("| load average (1 min) | %.2f before, %.2f after — the machine was shared, so compare ratios, not absolute times |"
                     % (self.load_before[0], self.load_after[0]))
        lines.append("| tools | %s; %s; %s; hyperfine %s |" % (
            out("java -version 2>&1 | head -1"), out("git --version"), out("gzip --version | head -1"),
            out("hyperfine --version").split()[-1]))
        lines.append("| JVM options | bin/archiver's defaults (`bin/jvm.options`: `%s`); ARCHIVER_JAVA_OPTS `%s` |"
                     % (self.jvm_defaults, self.env.get("ARCHIVER_JAVA_OPTS") or "(none)"))
        lines.append("")
        lines.append("Inputs (generated by `bench/genrepo.py`, deterministic; `real:NAME` is an existing repository "
                     "given with `--repo`):")
        lines.append("")
        lines.append("| preset | packed history | objects | commits | refs (of them refs/pull/\*) | LFS objects "
                     "| our archive | stock tar.gz |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for preset, s in getattr(self, "stats", {}).items():
            ours, stock = self.archive_size.get(preset, (0, 0))
            lfs = "%d (%.0f MB)" % (s["lfs_objects"], s["lfs_bytes"] / MB) if s["lfs_objects"] else "—"
            lines.append("| %s | %.1f MB | %d | %d | %d (%d) | %s | %.1f MB | %.1f MB |" % (
                preset, s["size-pack"] / 1024, s["in-pack"] + s["count"], s["commits"], s["refs"],
                s.get("pull_refs", 0), lfs, ours / MB, stock / MB))
        lines.append("")
        lines.append("Medians of alternating rounds, wall-clock seconds of the whole process; ratio = ours ÷ stock "
                     "(lower is better); peak RSS = largest process (`/usr/bin/time` maxrss).")
        lines.append("")
        lines.append("| preset | operation | ours (s) | stock (s) | ratio | target | met | ours RSS (MB) | stock RSS (MB) | rounds | notes |")
        lines.append("| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- |")
        for r in self.results:
            ratio_target = RATIO_TARGETS.get(r["op"], {}).get(kind(r["preset"]))
            wall_target = WALL_TARGETS.get(r["op"], {}).get(kind(r["preset"]))
            targets, met = [], []
            if ratio_target is not None:
                targets.append("≤ %.2f" % ratio_target)
                met.append("yes" if r["ratio"] <= ratio_target else "**no**")
            if wall_target is not None:
                targets.append("ours ≤ %.1f s" % wall_target)
                met.append("yes" if r["ours"] <= wall_target else "**no**")
            targets.append("RSS ≤ %d MB" % RSS_LIMIT_MB)
            met.append("RSS yes" if r["ours_rss"] <= RSS_LIMIT_MB else "RSS **no**")
            if r.get("failed"):
                lines.append("| %s | %s | **failed** | %.2f | — | %s | **no** | %d | %d | %d | %s |" % (
                    r["preset"], r["op"], r["stock"], ", ".join(targets) or "—", r["ours_rss"], r["stock_rss"],
                    len(r["ours_times"]), r["failed"].replace("|", "\\|")))
                continue
            lines.append("| %s | %s | %.2f | %.2f | %.2f | %s | %s | %d | %d | %d | %s |" % (
                r["preset"], r["op"], r["ours"], r["stock"], r["ratio"], ", ".join(targets) or "—",
                ", ".join(met) or "—", r["ours_rss"], r["stock_rss"], r["rounds"],
                r["note"] + ("; stock column = " + r["stock_label"] if r.get("stock_label") else "")))
        by = {(r["preset"], r["op"]): r for r in self.results}
        extra = []
        for op in ("create", "restore-file", "restore-daemon"):
            big, many = by.get(("large", op)), by.get(("manyrefs", op))
            if big and many and not big.get("failed") and not many.get("failed"):
                factor = many["ours"] / big["ours"]
                extra.append("| %s | %.2f s | %.2f s | %.2f | < 3 | %s |" % (
                    op, many["ours"], big["ours"], factor, "yes" if factor < 3 else "**no**"))
        if extra:
            lines.append("")
            lines.append("Many refs (the large history plus 50,000 refs) against the large preset, ours only:")
            lines.append("")
            lines.append("| operation | manyrefs | large | factor | target | met |")
            lines.append("| --- | ---: | ---: | ---: | --- | --- |")
            lines.extend(extra)
        lines.extend(self.size_table())
        lines.extend(self.target_table())
        lines.append("")
        lines.append("Ratio targets: the large preset's from the first benchmark issue, a real project's (and the "
                     "medium preset's, which stands in for one) from issue #18; RSS and size targets apply to every "
                     "preset. Every round's times: `%s`." % os.path.relpath(raw, ROOT))
        text = "\n".join(lines) + "\n"
        if not self.args.report_only:
            with open(raw, "w") as f:
                json.dump(dict(results=self.results, stats=getattr(self, "stats", {}),
                               archive_size=getattr(self, "archive_size", {}), sizes=getattr(self, "sizes", []),
                               load_before=self.load_before,
                               load_after=self.load_after, date=self.date, commit=self.commit,
                               java_opts=self.env.get("ARCHIVER_JAVA_OPTS"), jvm_defaults=self.jvm_defaults,
                               command=self.args.command_line), f, indent=1)
        startup = os.path.join(HERE, "RESULTS-startup.md")
        if os.path.exists(startup) and os.path.abspath(path) == os.path.join(HERE, "RESULTS.md"):
            text += "\n" + open(startup).read()  # bench/startup.sh: tarball size and start-up times
        notes = os.path.join(HERE, "RESULTS-notes.md")
        if os.path.exists(notes) and os.path.abspath(path) == os.path.join(HERE, "RESULTS.md"):
            text += "\n" + open(notes).read()  # the analysis of the committed table
        with open(path, "w") as f:
            f.write(text)
        print()
        print(text)


    def size_table(self):
        """Archive size against the stock tar.gz of the same refs (all refs, and the default refs)."""
        sizes = getattr(self, "sizes", [])
        if not sizes:
            return []
        lines = ["", "Archive size against the stock tar.gz of `git bundle create` for the same refs (all: `--all`; "
                     "default: `%s`, ours without `--include-refs`):" % STOCK_DEFAULT_REFS, "",
                 "| preset | refs | ours | stock tar.gz | ratio | target | met |",
                 "| --- | --- | ---: | ---: | ---: | --- | --- |"]
        for z in sizes:
            ratio = z["ours"] / z["stock"]
            lines.append("| %s | %s | %.2f MB | %.2f MB | %.3f | ≤ %.2f | %s |" % (
                z["preset"], z["refs"], z["ours"] / MB, z["stock"] / MB, ratio, SIZE_TARGET,
                "yes" if ratio <= SIZE_TARGET else "**no**"))
        return lines

    def target_table(self):
        """One row per target of the issues and preset measured: the figure and whether it is met."""
        rows = []
        for label, op in ISSUE_TARGETS:
            for r in self.results:
                if r["op"] != op:
                    continue
                limit = RATIO_TARGETS.get(op, {}).get(kind(r["preset"]))
                wall = WALL_TARGETS.get(op, {}).get(kind(r["preset"]))
                if limit is not None:
                    ok = not r.get("failed") and r["ratio"] <= limit
                    rows.append((label + " (ours ÷ %s)" % r.get("stock_label", "stock"), "≤ %.2f" % limit,
                                 r["preset"], "failed" if r.get("failed") else "%.2f" % r["ratio"], ok))
                if wall is not None:
                    ok = not r.get("failed") and r["ours"] <= wall
                    rows.append((label + ", wall time", "≤ %.1f s" % wall, r["preset"],
                                 "failed" if r.get("failed") else "%.2f s" % r["ours"], ok))
        for z in getattr(self, "sizes", []):
            ratio = z["ours"] / z["stock"]
            rows.append(("archive size, %s refs (÷ stock tar.gz)" % z["refs"], "≤ %.2f" % SIZE_TARGET, z["preset"],
                         "%.3f" % ratio, ratio <= SIZE_TARGET))
        for preset in dict.fromkeys(r["preset"] for r in self.results):
            mine = [r for r in self.results if r["preset"] == preset]
            worst = max(mine, key=lambda r: r["ours_rss"])
            rows.append(("peak RSS, every command, no JVM flags", "≤ %d MB" % RSS_LIMIT_MB, preset,
                         "%d MB (%s)" % (worst["ours_rss"], worst["op"]), worst["ours_rss"] <= RSS_LIMIT_MB))
        if not rows:
            return []
        lines = ["", "Targets (issue #18's table, and the large preset's earlier ones), one row per preset measured:",
                 "", "| target | limit | preset | measured | met |", "| --- | --- | --- | ---: | --- |"]
        for label, limit, preset, measured, ok in rows:
            lines.append("| %s | %s | %s | %s | %s |" % (label, limit, preset, measured, "yes" if ok else "**no**"))
        return lines


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="the ~50 MB quick preset only (a few minutes)")
    p.add_argument("--preset", action="append", choices=sorted(PLANS),
                   help="presets to run (default: %s); 'real' runs the issue #18 rows on each --repo" % " ".join(FULL))
    p.add_argument("--repo", action="append", default=[],
                   help="an existing repository, by path or URL (mirrored once into WORK/repos), run as preset real")
    p.add_argument("--full", action="store_true",
                   help="the full run (the default without --quick, --preset or --repo) plus every --repo, "
                        "into bench/RESULTS.md")
    p.add_argument("--rounds", type=int, help="rounds per comparison (default: per preset)")
    p.add_argument("--diagnose", action="store_true",
                   help="also time ours without the LFS scan and with JGit's collision-detecting SHA-1, to explain misses "
                        "(on the large preset in a full run; adds about 15 minutes)")
    p.add_argument("--ops", help="only these comparisons besides create, comma-separated (e.g. policy,verify)")
    p.add_argument("--cold", type=int, help="rounds of the cold-cache create (default: per preset)")
    p.add_argument("--work", default=os.environ.get("BENCH_WORK", os.path.join(HERE, ".work")),
                   help="where repositories, caches and archives go (default: bench/.work)")
    p.add_argument("--out", help="results file (default: bench/RESULTS.md for a full run, else WORK/RESULTS.md)")
    p.add_argument("--report-only", action="store_true",
                   help="only write the table again from the raw times beside it (e.g. after editing RESULTS-notes.md)")
    p.add_argument("--command-line", default="bench/run.sh", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.preset and "real" in args.preset and not args.repo:
        p.error("--preset real needs --repo PATH|URL")
    args.full_run = args.full or not (args.quick or args.preset or args.repo)
    if args.quick:
        presets = ["quick"]
    else:
        presets = [x for x in (FULL if args.full_run else []) + (args.preset or []) if x != "real"]
        presets = list(dict.fromkeys(presets))
    bench = Bench(args)
    if args.report_only:
        path = args.out or os.path.join(HERE, "RESULTS.md")
        bench.report(path)
        print("written to", path)
        return
    try:
        for preset in presets:
            base, nxt = bench.repos(preset)
            bench.run_preset(preset, base, nxt)
        for repo in args.repo:
            name, repo_path = bench.real_repo(repo)
            bench.run_preset(name, repo_path, None)
    finally:
        bench.stop_servers()
    path = args.out or (os.path.join(HERE, "RESULTS.md") if args.full_run else os.path.join(bench.work, "RESULTS.md"))
    bench.report(path)
    print("written to", path)


if __name__ == "__main__":
    main()
