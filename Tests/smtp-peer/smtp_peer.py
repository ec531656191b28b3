#!/usr/bin/env python3
"""A real SMTP server for Ieum's mail tests (Tests/IeumAppTests/MailDeliveryTests.swift).

aiosmtpd on 127.0.0.1 and a free port, in one of three modes: plain, STARTTLS (required before
MAIL) or implicit TLS. Every mail it accepts is written to DIR as NNNN.json, decoded by Python's
own e-mail package (subject, text body, headers) next to the raw message, so the tests check what
an independent MIME reader makes of Ieum's mails. Every AUTH attempt is written as auth-NNNN.json.

Prints "READY <port>" once it accepts connections, then serves until its stdin closes (the test
process ended or closed the pipe) or it gets SIGTERM.
"""
import argparse
import base64
import email
import email.policy
import json
import logging
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def write_json(directory, prefix, record, counter):
    name = os.path.join(directory, "%s%04d.json" % (prefix, counter))
    temporary = name + ".partial"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False)
    os.rename(temporary, name)  # a reader never sees half a file


def uses_tls(server, session):
    """STARTTLS sets session.ssl; an implicit-TLS connection has an SSL transport from the start."""
    return session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.mails = 0
        self.auths = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_content() if not message.is_multipart() else ""
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "tls": uses_tls(server, session),
            "authenticated": bool(session.authenticated),
            "subject": str(message["subject"] or ""),
            "headers": {key.lower(): str(value) for key, value in message.items()},
            "body": body,
            "raw": base64.b64encode(raw).decode("ascii"),
        }
        with self.lock:
            self.mails += 1
            write_json(self.directory, "", record, self.mails)
        return "250 2.0.0 queued"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        login = password = ""
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
        tls = uses_tls(server, session)
        with self.lock:
            self.auths += 1
            write_json(self.directory, "auth-", {"mechanism": mechanism, "login": login, "tls": tls}, self.auths)
        return AuthResult(success=(login, password) == ("ieum", "secret"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--debug", action="store_true", help="log the SMTP conversation to stderr")
    options = parser.parse_args()
    if options.debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)

    recorder = Recorder(options.dir)
    context = None
    if options.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.cert, options.key)
    settings = dict(hostname="127.0.0.1", authenticator=recorder.authenticate, auth_require_tls=True)
    if options.mode == "starttls":
        settings.update(tls_context=context, require_starttls=True)
    elif options.mode == "tls":
        # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is TLS from the start.
        settings.update(ssl_context=context, auth_require_tls=False)

    # The port is chosen here and used at once; a clash with another process is retried.
    for attempt in range(20):
        controller = Controller(recorder, port=free_port(), **settings)
        try:
            controller.start()
            break
        except Exception:
            if attempt == 19:
                raise
    print("READY %d" % controller.port, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
