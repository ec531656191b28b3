#!/usr/bin/env python3
"""The web client of scripts/scale-test.sh: signs in, posts needs through the web form, makes an API
token, writes feedback during the kill test and checks an upload across instances. Standard
library only. Every subcommand prints one JSON object (or a line of figures) on standard output.

    client.py login BASE EMAIL PASSWORD                       -> {"cookie": "ieum_session=…", "csrf": "…"}
    client.py needs BASE NEEDS.jsonl COUNT OWNER.json OPERATOR.json OUT [--workers 6]
    client.py token BASE SESSION.json                         -> {"token": "ieum_…"}
    client.py pairs BASE TOKEN NEED_IDS OUT [--needs 200]     -> need<TAB>startup per line (from the recommendations API)
    client.py writer BASE TOKEN PAIRS SECONDS OUT [--workers 16]
    client.py upload BASE1 BASE2 BASE3 STARTUP.json NEED_ID   -> upload through BASE1, download through the others
"""
import argparse
import hashlib
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

CSRF_FIELD = re.compile(r'name="_csrf" value="([^"]+)"')


class Web:
    """One person's HTTP/1.1 connection (keep-alive) with cookies kept by hand, no redirects followed."""

    def __init__(self, base, cookie="", csrf=""):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.cookies = {}
        for part in filter(None, (p.strip() for p in cookie.split(";"))):
            name, _, value = part.partition("=")
            self.cookies[name] = value
        self.csrf = csrf
        self.conn = None

    def request(self, method, path, body=None, headers=None, timeout=30):
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.csrf and method not in ("GET", "HEAD"):
            all_headers.setdefault("X-CSRF-Token", self.csrf)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _, val = pair.partition("=")
                if val:
                    self.cookies[name.strip()] = val.strip()
                else:
                    self.cookies.pop(name.strip(), None)
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data

    def form(self, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def session(self):
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items() if k != "ieum_flash"), "csrf": self.csrf}


def load_session(base, path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return Web(base, data["cookie"], data["csrf"])


def login(base, email, password):
    web = Web(base)
    status, _, page = web.request("GET", "/login")
    token = CSRF_FIELD.search(page.decode()).group(1)
    status, headers, _ = web.form("/login", {"email": email, "password": password, "_csrf": token})
    if status not in (302, 303):
        sys.exit(f"sign-in of {email} answered {status}")
    web.cookies.pop("ieum_flash", None)
    status, _, page = web.request("GET", "/account")
    match = CSRF_FIELD.search(page.decode())
    if status != 200 or not match:
        sys.exit(f"/account after sign-in answered {status} with no form token")
    web.csrf = match.group(1)
    return web.session()


def need_id_from(headers):
    match = re.search(r"/needs/([0-9A-Fa-f-]{36})", headers.get("location", ""))
    return match.group(1) if match else None


def create_needs(args):
    """POST /needs as the demand organisation, submit for review, then the operator publishes in
    the open call found on the need page (NeedService.perform: the same steps as people take)."""
    with open(args.needs_file, encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(args.count), handle)]
    local = threading.local()

    def client(which):
        key = f"web_{which}"
        if not hasattr(local, key):
            setattr(local, key, load_session(args.base, args.owner if which == "owner" else args.operator))
        return getattr(local, key)

    call_id = {}
    lock = threading.Lock()
    failures = []

    def one(row):
        owner, operator = client("owner"), client("operator")
        fields = dict(row)
        fields["_csrf"] = owner.csrf
        status, headers, body = owner.form("/needs", fields)
        need = need_id_from(headers)
        if status not in (302, 303) or not need:
            return f"POST /needs {status}: {body[:200]!r}"
        status, _, _ = owner.form(f"/needs/{need}/status", {"step": "submit", "_csrf": owner.csrf})
        if status not in (302, 303):
            return f"submit {status}"
        with lock:
            chosen = call_id.get("id")
        if chosen is None:
            _, _, page = operator.request("GET", f"/needs/{need}")
            options = re.findall(r'name="callID"[^>]*>(.*?)</select>', page.decode(), re.S)
            ids = re.findall(r'value="([0-9A-Fa-f-]{36})"', options[0]) if options else []
            if not ids:
                return "no call to publish in on the need page"
            chosen = ids[0]
            with lock:
                call_id["id"] = chosen
        status, headers, _ = operator.form(f"/needs/{need}/status", {"step": "publish", "callID": chosen, "_csrf": operator.csrf})
        if status not in (302, 303):
            return f"publish {status}"
        return need

    started = time.time()
    created = []
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for result in pool.map(one, rows):
            if re.fullmatch(r"[0-9A-Fa-f-]{36}", result):
                created.append(result)
            else:
                failures.append(result)
    with open(args.out, "w") as handle:
        handle.write("\n".join(created) + "\n")
    elapsed = time.time() - started
    print(json.dumps({"created": len(created), "failed": len(failures), "seconds": round(elapsed, 1),
                      "first_failure": failures[0] if failures else None}, ensure_ascii=False))
    if failures and not created:
        sys.exit(1)


def make_token(args):
    web = load_session(args.base, args.session)
    status, _, page = web.form("/account/tokens", {"tokenName": "scale-test", "scope": "read-write", "days": "30", "_csrf": web.csrf})
    match = re.search(r'id="new-token">([^<]+)<', page.decode())
    if status != 200 or not match:
        sys.exit(f"POST /account/tokens answered {status} with no token")
    print(json.dumps({"token": match.group(1)}))


def api(base, token):
    web = Web(base)
    return web, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def pairs(args):
    """(need, startup) pairs to write feedback on: the startups the API recommends for each need."""
    with open(args.need_ids) as handle:
        needs = [line.strip() for line in handle if line.strip()][: args.needs]
    local = threading.local()

    def one(need):
        if not hasattr(local, "web"):
            local.web, local.headers = api(args.base, args.token)
        status, _, body = local.web.request("GET", f"/api/v1/needs/{need}/recommendations?limit=100", headers=local.headers, timeout=120)
        if status != 200:
            raise SystemExit(f"recommendations of {need}: {status} {body[:200]!r}")
        return [f"{need}\t{item['startupId']}" for item in json.loads(body)]

    out = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for lines in pool.map(one, needs):
            out.extend(lines)
    with open(args.out, "w") as handle:
        handle.write("\n".join(out) + "\n")
    print(json.dumps({"pairs": len(out), "needs": len(needs)}))


def writer(args):
    """PUT feedback on distinct (need, startup) pairs for SECONDS; every 204 is written to OUT as
    need<TAB>startup<TAB>kind the moment it arrives (flushed), so a kill of an instance loses no record."""
    with open(args.pairs) as handle:
        todo = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    next_index = [0]
    lock = threading.Lock()
    counts = {"acknowledged": 0, "refused": 0, "errors": 0}
    deadline = time.time() + args.seconds
    out = open(args.out, "w", buffering=1)

    def work(worker):
        web, headers = api(args.base, args.token)
        while time.time() < deadline:
            with lock:
                if next_index[0] >= len(todo):
                    return
                need, startup = todo[next_index[0]]
                next_index[0] += 1
            kind = "interested" if (hash(startup) & 1) else "notSuitable"
            try:
                status, _, _ = web.request("PUT", f"/api/v1/needs/{need}/feedback/{startup}",
                                           json.dumps({"kind": kind}).encode(), headers, timeout=15)
            except Exception:
                with lock:
                    counts["errors"] += 1
                continue
            with lock:
                if status == 204:
                    counts["acknowledged"] += 1
                    out.write(f"{need}\t{startup}\t{kind}\n")
                else:
                    counts["refused" if status < 500 else "errors"] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.close()
    print(json.dumps(counts))


def multipart(field, name, data, extra):
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in extra.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(args):
    """The startup pledges and applies to a need through instance 1, attaches a PDF through
    instance 1, and downloads it through instances 2 and 3; the bytes must be equal."""
    web = load_session(args.base1, args.session)
    status, _, _ = web.form(f"/needs/{args.need}/pledge", {"agree": "on", "_csrf": web.csrf})
    status, headers, _ = web.form(f"/needs/{args.need}/apply", {"_csrf": web.csrf})
    match = re.search(r"/applications/([0-9A-Fa-f-]{36})", headers.get("location", ""))
    if not match:
        sys.exit(f"apply answered {status} without an application ({headers.get('location')})")
    app = match.group(1)
    data = b"%PDF-1.4\n% scale-test upload\n" + bytes(range(256)) * 4096 + b"\n%%EOF\n"  # about 1 MB
    body, content_type = multipart("file", "scale-test-증빙.pdf", data, {"_csrf": web.csrf})
    status, _, _ = web.request("POST", f"/applications/{app}/attachments", body, {"Content-Type": content_type})
    _, _, page = web.request("GET", f"/applications/{app}/edit")
    links = re.findall(rf"/applications/{app}/attachments/([0-9A-Fa-f-]{{36}})", page.decode())
    if status not in (302, 303) or not links:
        sys.exit(f"upload answered {status}; no attachment link on the form")
    path = f"/applications/{app}/attachments/{links[0]}"
    result = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()[:12], "downloads": {}}
    for base in (args.base1, args.base2, args.base3):
        other = load_session(base, args.session)
        status, _, got = other.request("GET", path)
        result["downloads"][base] = {"status": status, "equal": status == 200 and got == data}
    result["ok"] = all(d["equal"] for d in result["downloads"].values())
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("login"); p.add_argument("base"); p.add_argument("email"); p.add_argument("password")
    p = sub.add_parser("needs"); p.add_argument("base"); p.add_argument("needs_file"); p.add_argument("count", type=int)
    p.add_argument("owner"); p.add_argument("operator"); p.add_argument("out"); p.add_argument("--workers", type=int, default=6)
    p = sub.add_parser("token"); p.add_argument("base"); p.add_argument("session")
    p = sub.add_parser("pairs"); p.add_argument("base"); p.add_argument("token"); p.add_argument("need_ids"); p.add_argument("out")
    p.add_argument("--needs", type=int, default=200)
    p = sub.add_parser("writer"); p.add_argument("base"); p.add_argument("token"); p.add_argument("pairs")
    p.add_argument("seconds", type=float); p.add_argument("out"); p.add_argument("--workers", type=int, default=16)
    p = sub.add_parser("upload"); p.add_argument("base1"); p.add_argument("base2"); p.add_argument("base3")
    p.add_argument("session"); p.add_argument("need")
    args = parser.parse_args()
    if args.command == "login":
        print(json.dumps(login(args.base, args.email, args.password)))
    elif args.command == "needs":
        create_needs(args)
    elif args.command == "token":
        make_token(args)
    elif args.command == "pairs":
        pairs(args)
    elif args.command == "writer":
        writer(args)
    elif args.command == "upload":
        upload(args)


if __name__ == "__main__":
    main()
