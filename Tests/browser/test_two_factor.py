"""Two-factor sign-in in a real browser: a person turns it on from 내 계정 with a code their
"authenticator" makes (RFC 6238, computed here with the standard library), keeps the recovery
codes, signs out, and signs in again with the password and a fresh code."""
import base64
import hashlib
import hmac
import os
import struct
import subprocess
import time
import uuid
from urllib.parse import urlsplit

from conftest import BINARY
from helpers import ROOT


def totp(secret_base32: str, at: float, step_seconds: int = 30, digits: int = 6) -> str:
    """The code of the step `at` falls in: HMAC-SHA1 over the big-endian step, dynamic truncation."""
    key = base64.b32decode(secret_base32.replace(" ", "").upper() + "=" * (-len(secret_base32.replace(" ", "")) % 8))
    counter = struct.pack(">Q", int(at // step_seconds))
    mac = hmac.new(key, counter, hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def test_totp_matches_rfc_6238():
    # RFC 6238 Appendix B, SHA-1, eight digits: the helper the browser test relies on.
    seed = base64.b32encode(b"12345678901234567890").decode()
    assert totp(seed, 59, digits=8) == "94287082"
    assert totp(seed, 1111111109, digits=8) == "07081804"
    assert totp(seed, 20000000000, digits=8) == "65353130"


def new_member(server) -> tuple[str, str]:
    """A fresh account made through `ieum user`, so no demo login used by other tests changes."""
    email = f"otp-{uuid.uuid4().hex[:8]}@ieum.test"
    password = "두 번째 인증을 켜 보는 계정입니다"
    env = dict(os.environ, DATABASE_URL=str(server.database))
    env.pop("IEUM_TEST_DATABASE_URL", None)
    subprocess.run([str(BINARY), "user", "--email", email, "--name", "이인증", "--role", "member", "--password", password],
                   cwd=ROOT, env=env, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return email, password


def sign_in_password(site, email: str, password: str) -> None:
    assert site.open("/login") == 200
    site.fill("#email", email)
    site.fill("#password", password)
    site.submit_and_wait("main form button[type=submit]")


def test_turn_on_two_factor_and_sign_in_with_a_code(site, server):
    # given a signed-in person on 내 계정
    email, password = new_member(server)
    sign_in_password(site, email, password)
    assert site.is_signed_in()
    assert site.open("/account") == 200
    assert "꺼져 있습니다" in site.text("#two-factor")

    # when they start setup, read the key, and confirm with the app's code
    assert site.click_and_wait("#two-factor a.button") == 200
    secret = site.text("#two-factor-secret")
    assert len(secret.replace(" ", "")) == 32
    assert site.find("#two-factor-uri").get_attribute("href").startswith(f"otpauth://totp/Ieum:{email}?secret=")
    enabled_at = time.time()
    site.fill("#code", totp(secret, enabled_at))
    assert site.submit_and_wait("main form button[type=submit]") == 200

    # then ten recovery codes are shown once, and the account says it is on
    codes = [element.text for element in site.find_all("#recovery-codes li code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert site.click_and_wait("#recovery-codes a.button") == 200
    assert "켜져 있습니다" in site.text("#two-factor")
    assert "남은 복구 코드: 10개" in site.text("#two-factor")

    # when they sign out and sign in again, the password alone leads to the code step
    site.submit_and_wait("form[action='/logout'] button")
    sign_in_password(site, email, password)
    assert urlsplit(site.driver.current_url).path == "/login/code"
    assert not site.is_signed_in()
    assert site.find("#code").get_attribute("autocomplete") == "one-time-code"

    # a wrong code is refused and keeps them there
    site.fill("#code", "000000" if totp(secret, time.time()) != "000000" else "111111")
    assert site.submit_and_wait("main form button[type=submit]") == 401
    assert site.text(".form-error")

    # a code of a later step than the one that turned it on signs them in
    while int(time.time() // 30) <= int(enabled_at // 30):
        time.sleep(0.5)
    site.fill("#code", totp(secret, time.time()))
    assert site.submit_and_wait("main form button[type=submit]") == 200
    assert site.is_signed_in()
    assert urlsplit(site.driver.current_url).path == "/"
