#!/usr/bin/python3
# aiosmtpd-server.py — a real SMTP server (Debian's python3-aiosmtpd) for tests
#
# Listens on 127.0.0.1 on a port the system picks and prints "PORT <n>" once
# it accepts connections. The listening socket is bound here and handed to
# asyncio as it is, so the port printed is the port held: no window in which
# another process could take it.
#
# Each message received is saved in --out-dir as NNNN.eml (the data as
# received, dot-stuffing removed) with its envelope in NNNN.envelope, one
# "key value" per line: mail_from, mail_option, rcpt_to, login, tls. The
# envelope is written first and the message renamed into place last, so a
# reader that sees NNNN.eml sees both complete.
#
# With --auth, the one accepted user name and password come from the
# environment (OB_AIOSMTPD_USER, OB_AIOSMTPD_PASSWORD), never from the
# command line, and are never printed.
#
# Exits when its standard input closes, so it cannot outlive the test that
# started it, or after --timeout seconds.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import asyncio
import hmac
import logging
import os
import socket
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Saver:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        base = os.path.join(self.out_dir, '%04d' % self.count)
        self.count += 1
        tls = server.transport.get_extra_info('ssl_object') is not None
        login = None
        if session.authenticated:
            login = session.auth_data.decode('utf-8', 'replace')

        lines = ['mail_from ' + (envelope.mail_from or '')]
        lines += ['mail_option ' + o for o in envelope.mail_options]
        lines += ['rcpt_to ' + r for r in envelope.rcpt_tos]
        if login is not None:
            lines.append('login ' + login)
        lines.append('tls ' + ('yes' if tls else 'no'))
        with open(base + '.envelope', 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')

        with open(base + '.eml.part', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(base + '.eml.part', base + '.eml')
        return '250 2.0.0 Message accepted'


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode('utf-8')
        self.password = password.encode('utf-8')

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and hmac.compare_digest(auth_data.login, self.user)
              and hmac.compare_digest(auth_data.password, self.password))
        if not ok:
            # Not "handled": aiosmtpd then sends the 535 itself.
            return AuthResult(success=False, handled=False)
        # The session keeps what is returned here: the login, not the
        # password.
        return AuthResult(success=True, auth_data=auth_data.login)


def main():
    parser = argparse.ArgumentParser(
        description='A real SMTP server on 127.0.0.1 for tests.')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--starttls', action='store_true',
                      help='offer and require STARTTLS')
    mode.add_argument('--tls', action='store_true',
                      help='implicit TLS from the first byte')
    parser.add_argument('--cert', help='server certificate (PEM)')
    parser.add_argument('--key', help='its private key (PEM)')
    parser.add_argument('--auth', action='store_true',
                        help='require AUTH PLAIN or LOGIN with the user from '
                             'OB_AIOSMTPD_USER and OB_AIOSMTPD_PASSWORD')
    parser.add_argument('--out-dir', required=True,
                        help='where to save received messages')
    parser.add_argument('--timeout', type=float, default=120,
                        help='exit after this many seconds')
    args = parser.parse_args()

    # aiosmtpd logs every command at INFO, AUTH lines included.
    logging.basicConfig(level=logging.ERROR)
    # It also warns when AUTH does not require TLS, which under implicit
    # TLS is the right setting (see below).
    warnings.filterwarnings('ignore', message='Requiring AUTH while not requiring TLS')

    tls_context = None
    if args.starttls or args.tls:
        if not args.cert or not args.key:
            parser.error('--starttls and --tls need --cert and --key')
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    authenticator = None
    if args.auth:
        user = os.environ.get('OB_AIOSMTPD_USER')
        password = os.environ.get('OB_AIOSMTPD_PASSWORD')
        if not user or password is None:
            parser.error('--auth needs OB_AIOSMTPD_USER and OB_AIOSMTPD_PASSWORD')
        authenticator = Authenticator(user, password)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    saver = Saver(args.out_dir)

    def factory():
        return SMTP(saver,
                    hostname='localhost',
                    loop=loop,
                    enable_SMTPUTF8=True,
                    # Only for STARTTLS: under implicit TLS it would offer
                    # STARTTLS a second time.
                    tls_context=tls_context if args.starttls else None,
                    require_starttls=args.starttls,
                    authenticator=authenticator,
                    auth_required=args.auth,
                    # aiosmtpd counts only STARTTLS as encryption: under
                    # implicit TLS, requiring TLS for AUTH would hide AUTH.
                    auth_require_tls=not args.tls)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    server = loop.run_until_complete(
        loop.create_server(factory, sock=listener,
                           ssl=tls_context if args.tls else None))

    def stdin_readable():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.remove_reader(sys.stdin.fileno())
            loop.stop()

    loop.add_reader(sys.stdin.fileno(), stdin_readable)
    loop.call_later(args.timeout, loop.stop)

    print('PORT %d' % listener.getsockname()[1], flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        # Sessions still open end here rather than complain at exit.
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()


if __name__ == '__main__':
    main()
