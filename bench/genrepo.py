#!/usr/bin/env python3
"""Generates deterministic benchmark repositories with git fast-import.

A repository is planned in full first (which commit touches which file, on which branch), then
written as two fast-import streams: "base" (the first N main-line commits and everything that
forks from them) and "next" (about 1% more commits on top, for the incremental benchmark). Blobs
are emitted grouped by file, each version right after the previous one, so fast-import stores
them as deltas against each other the way `git gc` would; trees are deltified by fast-import.
The same preset and seed always give the same commit ids.

Usage: genrepo.py PRESET OUT_DIR          (presets: see PRESETS)
Writes OUT_DIR/base.git, OUT_DIR/next.git (base + 1% commits) and, for presets with extra refs,
adds them to base.git and next.git. LFS presets put objects under <repo>/lfs/objects.
"""

import hashlib
import os
import random
import shutil
import subprocess
import sys

PRESETS = {
    # ~50 MB packed: a few minutes for the whole quick benchmark
    "quick": dict(commits=3000, text_files=900, bin_bytes=44 << 20, branches=60, tags=40),
    # >= 500 MB packed history: text churn over 30,000 commits plus binary assets
    "large": dict(commits=30000, text_files=4000, bin_bytes=470 << 20, branches=300, tags=200),
    # the large history plus 50,000 refs (30,000 branches, 10,000 annotated + 10,000 lightweight tags)
    "manyrefs": dict(base="large", extra_refs=50000),
    # a small history whose files include Git LFS pointers: one 1 GiB object and 10,000 small ones
    "lfs": dict(commits=400, text_files=300, bin_bytes=0, branches=20, tags=10,
                lfs_small=10000, lfs_huge=1 << 30),
    # an ordinary project (~20 MB packed): source files only, 8 years of history, ~1,500 refs of which
    # ~1,200 are refs/pull/* (every pull request has a head, the open ones a merge ref too)
    "medium": dict(commits=7000, text_files=2200, bin_bytes=2 << 20, branches=150, tags=110, pulls=1000,
                   years=8),
    # tiny presets for smoke tests of the harness
    "tiny": dict(commits=200, text_files=60, bin_bytes=2 << 20, branches=8, tags=5),
    "tinylfs": dict(commits=60, text_files=30, bin_bytes=0, branches=4, tags=2,
                    lfs_small=200, lfs_huge=8 << 20),
}

SEED = 20261121
EPOCH = 1420070400  # 2015-01-01T00:00:00Z
NEXT_FRACTION = 0.01

WORDS = ("alpha beta gamma delta value index count buffer reader writer stream packet frame node tree "
         "list map key entry item record config option state result error handler request response "
         "client server session token cache store index offset length size limit total base delta "
         "parse format encode decode commit branch merge fetch push apply verify check build load save "
         "open close start stop next prev first last min max sum avg hash name path file dir user").split()
TYPES = "int long String byte[] boolean List<String> Map<String,Long> Optional<Node> void double".split()
MODULES = ("core api cli net storage index query auth billing search render audio video sync queue "
           "metrics tracing scheduler cache config plugins ui docs tools tests bench migrations "
           "reports export import admin").split()
EXTS = [".java", ".py", ".c", ".h", ".go", ".ts", ".md", ".yaml", ".sql", ".rs"]
BIN_EXTS = [".png", ".jpg", ".zip", ".so", ".woff2", ".pdf"]
AUTHORS = [("Dev %02d" % i, "dev%02d@example.com" % i) for i in range(24)]


def text_line(rng):
    r = rng.random()
    w = rng.choice
    if r < 0.30:
        return "%s%s %s_%s = %s(%s, %s);" % ("    " * rng.randint(1, 3), w(TYPES), w(WORDS), w(WORDS),
                                            w(WORDS), w(WORDS), rng.randint(0, 9999))
    if r < 0.50:
        return "%sif (%s.%s() > %d) {" % ("    " * rng.randint(1, 3), w(WORDS), w(WORDS), rng.randint(0, 512))
    if r < 0.62:
        return "    " * rng.randint(1, 3) + "}"
    if r < 0.80:
        return "%s// %s the %s %s before %s %s" % ("    " * rng.randint(0, 2), w(WORDS), w(WORDS), w(WORDS),
                                                   w(WORDS), w(WORDS))
    if r < 0.92:
        return "%sreturn %s.%s(%s);" % ("    " * rng.randint(1, 3), w(WORDS), w(WORDS), w(WORDS))
    return ""


def new_text(seed):
    rng = random.Random(seed)
    return [text_line(rng) for _ in range(rng.randint(40, 400))]


def edit_text(lines, seed):
    rng = random.Random(seed)
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(lines))
        drop = rng.randint(0, 6 if len(lines) > 500 else 4)
        add = rng.randint(0, 2 if len(lines) > 500 else 6)
        lines[at:at + drop] = [text_line(rng) for _ in range(add)]
    return lines


class Plan:
    """Which commits exist and which file versions each one writes; no content yet."""

    def __init__(self, p):
        self.p = p
        self.rng = random.Random(SEED)
        self.versions = []   # vid -> (path, kind, parent_vid, seed, size)
        self.by_path = {}    # path -> [vid...] in creation order
        self.commits = []    # dicts: ref, parent, merge, changes [(path, vid|None)], time, author, msg, part
        self.tags = []       # (name, commit index, annotated, part)
        self.deleted_refs = []
        self.main_files = {}  # path -> vid on main
        self.names = set()
        self.lfs = []        # (path, oid, size) pointer files to add

    def version(self, path, kind, parent, seed, size=0):
        vid = len(self.versions)
        self.versions.append((path, kind, parent, seed, size))
        self.by_path.setdefault(path, []).append(vid)
        return vid

    def new_path(self, kind):
        rng = self.rng
        while True:
            if kind == "bin":
                path = "assets/%s/%s_%s%s" % (rng.choice(MODULES), rng.choice(WORDS), rng.randint(0, 99999),
                                              rng.choice(BIN_EXTS))
            else:
                path = "%s/%s/%s/%s_%s%s" % (rng.choice(MODULES), rng.choice(WORDS), rng.choice(WORDS),
                                             rng.choice(WORDS), rng.randint(0, 999), rng.choice(EXTS))
            if path not in self.names:
                self.names.add(path)
                return path

    def build(self):
        p, rng = self.p, self.rng
        total = p["commits"] + max(1, int(p["commits"] * NEXT_FRACTION))
        initial = max(1, p["text_files"] // 3)
        text_active = []
        bin_active = []
        # binary versions spread evenly: sizes log-uniform 20 KB .. 4 MB until the byte budget is spent
        bin_events = {}
        spent = 0
        while spent < p["bin_bytes"]:
            size = int(20_000 * (200 ** rng.random()))
            at = rng.randrange(total)
            bin_events.setdefault(at, []).append(size)
            spent += size
        add_rate = (p["text_files"] - initial) / total
        lfs_batches = self.plan_lfs(total)
        t = EPOCH
        main_tip = None
        branch_no = pull_no = 0
        # mean gap between main-line commits: about an hour, or what spreads them over `years`
        gap = (600, 7200) if "years" not in p else (p["years"] * 31_557_600 // total // 5,
                                                     p["years"] * 31_557_600 // total * 9 // 5)
        for i in range(total):
            part = "base" if i < p["commits"] else "next"
            t += rng.randint(*gap)
            changes = []
            if i == 0:
                changes.append((".gitattributes", self.version(".gitattributes", "attr", None, 0)))
                for _ in range(initial):
                    path = self.new_path("text")
                    text_active.append(path)
                    changes.append((path, self.version(path, "text", None, rng.getrandbits(64))))
            else:
                for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                    path = text_active[int(len(text_active) * rng.random() ** 2)]
                    changes.append((path, self.version(path, "text", self.main_files[path], rng.getrandbits(64))))
                if rng.random() < add_rate:
                    path = self.new_path("text")
                    text_active.append(path)
                    changes.append((path, self.version(path, "text", None, rng.getrandbits(64))))
                if rng.random() < 0.002 and len(text_active) > 20:
                    path = text_active.pop(rng.randrange(len(text_active) // 2, len(text_active)))
                    changes.append((path, None))
            for size in bin_events.get(i, []):
                if bin_active and rng.random() < 0.4:
                    path = rng.choice(bin_active)
                else:
                    path = self.new_path("bin")
                    bin_active.append(path)
                changes.append((path, self.version(path, "bin", None, rng.getrandbits(64), size)))
            for path, oid, size in lfs_batches.get(i, []):
                changes.append((path, self.version(path, "lfs", None, oid, size)))
            changes = dedupe(changes)
            main_tip = self.commit("refs/heads/main", main_tip, None, changes, t, part)
            # feature branches fork from main; about a third are merged straight back
            if i > 0 and rng.random() < p["branches"] / total:
                branch_no += 1
                ref = "refs/heads/%s/%04d-%s" % (rng.choice(("feature", "feature", "bugfix", "release")),
                                                 branch_no, rng.choice(WORDS))
                tip, overrides, t = self.side_branch(ref, main_tip, text_active, t, part, 3)
                if rng.random() < 0.35:
                    t += rng.randint(60, 600)
                    main_tip = self.commit("refs/heads/main", main_tip, tip, sorted(overrides.items()), t, part,
                                           msg="Merge branch '%s'" % ref[len("refs/heads/"):])
                    if rng.random() < 0.5:
                        self.deleted_refs.append((ref, part))
            # pull requests (GitHub's refs/pull/N/head): half merged into main, a fifth still open with the
            # test merge GitHub keeps as refs/pull/N/merge
            if p.get("pulls") and i > 0 and rng.random() < p["pulls"] / total:
                pull_no += 1
                ref = "refs/pull/%d/head" % pull_no
                tip, overrides, t = self.side_branch(ref, main_tip, text_active, t, part, 4)
                fate = rng.random()
                if fate < 0.5:
                    t += rng.randint(60, 3600)
                    main_tip = self.commit("refs/heads/main", main_tip, tip, sorted(overrides.items()), t, part,
                                           msg="Merge pull request #%d" % pull_no)
                elif fate < 0.7:
                    self.commit("refs/pull/%d/merge" % pull_no, main_tip, tip, sorted(overrides.items()), t + 60,
                                part, msg="Merge refs/pull/%d/head into main" % pull_no, on_main=False)
            if i > 0 and rng.random() < p["tags"] / total:
                n = len(self.tags)
                if n % 3 == 2:
                    self.tags.append(("build-%05d" % i, main_tip, False, part))
                else:
                    self.tags.append(("v%d.%d.%d" % (1 + n // 40, (n // 5) % 8, n % 5), main_tip, True, part))
        return self

    def side_branch(self, ref, fork, text_active, t, part, most):
        """1..most commits off `fork` on `ref`, each editing one or two files; returns (tip, versions, time)."""
        rng = self.rng
        tip, overrides = fork, {}
        for _ in range(rng.randint(1, most)):
            t += rng.randint(60, 600)
            bchanges = []
            for _ in range(rng.randint(1, 2)):
                path = rng.choice(text_active)
                parent = overrides.get(path, self.main_files.get(path))
                vid = self.version(path, "text", parent, rng.getrandbits(64))
                overrides[path] = vid
                bchanges.append((path, vid))
            tip = self.commit(ref, tip, None, dedupe(bchanges), t, part, on_main=False)
        return tip, overrides, t

    def plan_lfs(self, total):
        p = self.p
        if not p.get("lfs_small"):
            return {}
        rng = random.Random(SEED + 7)
        objects = []
        for k in range(p["lfs_small"]):
            objects.append(("assets/lfs/d%03d/item_%05d.bin" % (k % 500, k), ("small", k),
                            int(1024 * (128 ** rng.random()))))
        objects.append(("data/huge-dataset.bin", ("huge", 0), p["lfs_huge"]))
        batches = {}
        per_commit = 250
        for j in range(0, len(objects), per_commit):
            at = 1 + (j // per_commit) * 3
            batches.setdefault(at, []).extend(objects[j:j + per_commit])
        return batches

    def commit(self, ref, parent, merge, changes, t, part, msg=None, on_main=True):
        rng = self.rng
        author = rng.choice(AUTHORS)
        if msg is None:
            msg = "%s %s %s\n\n%s the %s of %s.\n" % (rng.choice(("Fix", "Add", "Refactor", "Update", "Speed up")),
                                                     rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS).title(),
                                                     rng.choice(WORDS), rng.choice(WORDS))
        self.commits.append(dict(ref=ref, parent=parent, merge=merge, changes=changes, time=t, author=author,
                                 msg=msg, part=part))
        if on_main:
            for path, vid in changes:
                if vid is None:
                    self.main_files.pop(path, None)
                else:
                    self.main_files[path] = vid
        return len(self.commits) - 1


def dedupe(changes):
    last = {}
    for path, vid in changes:
        last[path] = vid
    return sorted(last.items())


class Writer:
    """Turns the plan into fast-import streams and LFS object files."""

    def __init__(self, plan, lfs_dir=None):
        self.plan = plan
        self.blob_marks = len(plan.versions)
        self.lfs_dir = lfs_dir
        self.lfs_cache = {}

    def commit_mark(self, index):
        return self.blob_marks + 1 + index

    def write(self, part, out):
        plan = self.plan
        wanted = set()
        for c in plan.commits:
            if c["part"] == part:
                wanted.update(vid for _, vid in c["changes"] if vid is not None)
        for path, vids in plan.by_path.items():
            contents = {}
            for vid in vids:
                _, kind, parent, seed, size = plan.versions[vid]
                if kind == "text":
                    lines = edit_text(contents[parent], seed) if parent is not None else new_text(seed)
                    contents[vid] = lines
                if vid not in wanted:
                    continue
                if kind == "text":
                    data = ("\n".join(contents[vid]) + "\n").encode()
                elif kind == "bin":
                    data = random.Random(seed).randbytes(size)
                elif kind == "lfs":
                    data = self.lfs_pointer(seed, size)
                else:
                    data = b"*.bin filter=lfs diff=lfs merge=lfs -text\n" if plan.p.get("lfs_small") else b"*.png binary\n"
                out.write(b"blob\nmark :%d\ndata %d\n" % (vid + 1, len(data)))
                out.write(data)
                out.write(b"\n")
        for i, c in enumerate(plan.commits):
            if c["part"] != part:
                continue
            name, email = c["author"]
            msg = c["msg"].encode()
            out.write(b"commit %s\nmark :%d\n" % (c["ref"].encode(), self.commit_mark(i)))
            out.write(b"author %s <%s> %d +0000\n" % (name.encode(), email.encode(), c["time"]))
            out.write(b"committer %s <%s> %d +0000\n" % (name.encode(), email.encode(), c["time"]))
            out.write(b"data %d\n%s" % (len(msg), msg))
            if c["parent"] is not None:
                out.write(b"from :%d\n" % self.commit_mark(c["parent"]))
            if c["merge"] is not None:
                out.write(b"merge :%d\n" % self.commit_mark(c["merge"]))
            for path, vid in c["changes"]:
                if vid is None:
                    out.write(b"D %s\n" % path.encode())
                else:
                    out.write(b"M 100644 :%d %s\n" % (vid + 1, path.encode()))
            out.write(b"\n")
        for name, index, annotated, tpart in plan.tags:
            if tpart != part:
                continue
            if annotated:
                msg = b"Release %s\n" % name.encode()
                t = plan.commits[index]["time"] + 60
                out.write(b"tag %s\nfrom :%d\ntagger Release Bot <release@example.com> %d +0000\ndata %d\n%s\n"
                          % (name.encode(), self.commit_mark(index), t, len(msg), msg))
            else:
                out.write(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), self.commit_mark(index)))

    def lfs_pointer(self, key, size):
        oid = self.lfs_object(key, size)
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (oid, size)).encode()

    def lfs_object(self, key, size):
        """Writes the object under lfs/objects (content from a seeded generator) and returns its oid."""
        kind, k = key
        rng = random.Random("%d-lfs-%s-%d" % (SEED, kind, k))
        tmp = os.path.join(self.lfs_dir, "tmp-object")
        os.makedirs(self.lfs_dir, exist_ok=True)
        digest = hashlib.sha256()
        with open(tmp, "wb") as f:
            left = size
            while left > 0:
                chunk = rng.randbytes(min(left, 8 << 20))
                digest.update(chunk)
                f.write(chunk)
                left -= len(chunk)
        oid = digest.hexdigest()
        dest = os.path.join(self.lfs_dir, oid[0:2], oid[2:4], oid)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.replace(tmp, dest)
        return oid


def git(*args, **kw):
    subprocess.run(["git", *args], check=True, **kw)


def fast_import(repo, writer, part, marks_in=None, marks_out=None):
    cmd = ["git", "-C", repo, "fast-import", "--quiet", "--depth=50"]
    if marks_in:
        cmd.append("--import-marks=" + marks_in)
    if marks_out:
        cmd.append("--export-marks=" + marks_out)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    try:
        writer.write(part, proc.stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed for " + repo)


def finish(repo, plan, part):
    """Deletes the merged branches the plan dropped (fast-import cannot), sets HEAD, packs refs."""
    parts = ("base",) if part == "base" else ("base", "next")
    deletes = "".join("delete %s\n" % ref for ref, p in plan.deleted_refs if p in parts)
    subprocess.run(["git", "-C", repo, "update-ref", "--stdin"], input=deletes.encode(), check=True)
    git("-C", repo, "symbolic-ref", "HEAD", "refs/heads/main")
    git("-C", repo, "pack-refs", "--all")


def extra_refs(repo, count, marks_file):
    """Adds `count` refs: 60% branches, 20% annotated tags, 20% lightweight tags, at seeded commits of
    the base state (the same refs in base.git and next.git, so an incremental carries few changes)."""
    commits = []
    with open(marks_file) as f:
        for line in f:
            mark, sha = line.split()
            commits.append(sha)
    # only commit ids: marks above the blob range point at commits
    types = subprocess.run(["git", "-C", repo, "cat-file", "--batch-check=%(objectname) %(objecttype)"],
                           input="\n".join(commits).encode(), capture_output=True, check=True).stdout.decode()
    commits = [line.split()[0] for line in types.splitlines() if line.endswith(" commit")]
    rng = random.Random(SEED + 50000)
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = proc.stdin
    for k in range(count):
        sha = rng.choice(commits).encode()
        if k % 5 < 3:
            out.write(b"reset refs/heads/archive/%05d\nfrom %s\n\n" % (k, sha))
        elif k % 5 == 3:
            msg = b"Snapshot %d\n" % k
            out.write(b"tag snapshot/%05d\nfrom %s\ntagger Release Bot <release@example.com> %d +0000\ndata %d\n%s\n"
                      % (k, sha, EPOCH + k, len(msg), msg))
        else:
            out.write(b"reset refs/tags/nightly/%05d\nfrom %s\n\n" % (k, sha))
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed adding refs to " + repo)
    git("-C", repo, "pack-refs", "--all")


def generate(preset, out_dir):
    spec = PRESETS[preset]
    if "base" in spec:
        base_dir = os.path.join(os.path.dirname(os.path.abspath(out_dir)), spec["base"])
        if not os.path.isdir(os.path.join(base_dir, "next.git")):
            generate(spec["base"], base_dir)
        tmp = out_dir + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        for name in ("base.git", "next.git"):
            git("clone", "-q", "--mirror", "--local", os.path.join(base_dir, name), os.path.join(tmp, name))
            git("-C", os.path.join(tmp, name), "config", "--remove-section", "remote.origin")
            extra_refs(os.path.join(tmp, name), spec["extra_refs"], os.path.join(base_dir, "marks"))
        publish(tmp, out_dir)
        return
    plan = Plan(spec).build()
    tmp = out_dir + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    base = os.path.join(tmp, "base.git")
    nxt = os.path.join(tmp, "next.git")
    git("init", "-q", "--bare", base)
    writer = Writer(plan, os.path.join(base, "lfs", "objects"))
    marks = os.path.join(tmp, "marks")
    fast_import(base, writer, "base", marks_out=marks)
    finish(base, plan, "base")
    git("clone", "-q", "--mirror", "--local", base, nxt)
    git("-C", nxt, "config", "--remove-section", "remote.origin")
    writer.lfs_dir = os.path.join(nxt, "lfs", "objects")
    if os.path.isdir(os.path.join(base, "lfs")):
        # the next state's LFS objects: the base's (hard links) plus whatever the new commits add
        subprocess.run(["cp", "-al", os.path.join(base, "lfs"), nxt], check=True)
    fast_import(nxt, writer, "next", marks_in=marks)
    finish(nxt, plan, "next")
    publish(tmp, out_dir)


def publish(tmp, out_dir):
    """Moves a finished repository set into place, so an interrupted run never leaves a half one."""
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(tmp, out_dir)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in PRESETS:
        sys.exit("usage: genrepo.py {%s} OUT_DIR" % "|".join(PRESETS))
    generate(sys.argv[1], os.path.abspath(sys.argv[2]))
