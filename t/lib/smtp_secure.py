"""An SMTP server that insists on STARTTLS and a login, for t/43.

    /usr/bin/python3 t/lib/smtp_secure.py PORT MAILDIR CERT KEY USER PASSWORD

Debian's python3-aiosmtpd, as the stack's plain sink, but every session
must say STARTTLS (with the certificate CERT/KEY) and then AUTH PLAIN or
LOGIN as USER/PASSWORD before MAIL FROM; what it accepts goes to the
Maildir MAILDIR, one file per message.  Runs until stdin closes or it is
killed; prints "ready" once it listens.
"""
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir, cert, key, user, password = sys.argv[1:7]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login == user.encode()
          and auth_data.password == password.encode())
    return AuthResult(success=ok, handled=False)


tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(cert, key)
# ready_timeout: a busy two-core machine (make test) may take a while.
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port),
                        ready_timeout=30, tls_context=tls,
                        require_starttls=True, authenticator=authenticator,
                        auth_required=True, auth_require_tls=True)
controller.start()
print("ready", flush=True)
try:
    sys.stdin.read()
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
