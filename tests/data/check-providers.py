#!/usr/bin/python3
"""Checks the built-in provider database (data/providers, see its README.md):
every file is ISPDB config-v1.1 with only the documented Outbound extensions,
every SMTP server entry is usable, and no address domain has two providers.

Usage: check-providers.py --dir DIR FILE...  (FILE: every file meson lists)"""
import argparse
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

NS = 'https://github.com/outbound/outbound/ns/provider/1'
MIN_CONSUMER_DOMAINS = 60

AUTHENTICATIONS = {'password-cleartext', 'password-encrypted', 'NTLM', 'GSSAPI',
                   'TLS-client-cert', 'OAuth2', 'client-IP-address', 'smtp-after-pop', 'none'}
SOCKET_TYPES = {'SSL', 'STARTTLS', 'plain'}
PLACEHOLDERS = {'%EMAILADDRESS%', '%EMAILLOCALPART%', '%EMAILDOMAIN%'}
LOOPBACK = '127.0.0.1'
LIMITS = {'messagesPerDay', 'recipientsPerDay', 'messagesPerMinute', 'recipientsPerMessage'}

# Allowed attributes of each Outbound element, besides ob:unverified.
OB_PROVIDER_ELEMENTS = {
    'service': {'kind', 'regions'},
    'appPassword': {'when', 'url'},
    'enableAccess': {'url'},
    'oauth2Only': set(),
    'sendingLimit': LIMITS | {'url'},
    'noSmtp': {'url'},
    'usernameIsSecret': set(),
    'usernameHint': {'lang'},
    'passwordHint': {'lang'},
    'note': {'lang'},
}
OB_TEXTS = {'usernameHint', 'passwordHint', 'note'}
OB_SINGLETONS = set(OB_PROVIDER_ELEMENTS) - OB_TEXTS

LABEL = r'[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
DNS_NAME = re.compile(rf'^{LABEL}(?:\.{LABEL})*\.[a-z]{{2,63}}$')
REGION = re.compile(r'^[a-z0-9][a-z0-9-]*$')
LITERAL_USERNAME = re.compile(r'^[A-Za-z0-9._@+-]+$')


def ob(name):
    return f'{{{NS}}}{name}'


def local(tag):
    return tag.split('}', 1)[1] if tag.startswith(f'{{{NS}}}') else tag


class Checker:
    def __init__(self):
        self.problems = []
        self.domains = {}      # address domain -> provider id
        self.mx_domains = {}   # MX name -> provider id
        self.consumer_domains = 0
        self.providers = 0
        self.services = 0

    def problem(self, where, what):
        self.problems.append(f'{where}: {what}')

    def check_file(self, path):
        name = os.path.basename(path)
        with open(path, 'rb') as f:
            head = f.readline()
        if not head.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
            self.problem(name, 'does not start with an XML declaration naming UTF-8')
        try:
            namespaces = [ns for _, ns in ET.iterparse(path, events=['start-ns'])]
            root = ET.parse(path).getroot()
        except (ET.ParseError, UnicodeDecodeError) as e:
            self.problem(name, f'does not parse: {e}')
            return
        if namespaces != [('ob', NS)]:
            self.problem(name, f'must declare exactly xmlns:ob="{NS}", found {namespaces}')
        if root.tag != 'clientConfig' or root.get('version') != '1.1':
            self.problem(name, 'root is not <clientConfig version="1.1">')
        if set(root.attrib) != {'version'} or (root.text or '').strip():
            self.problem(name, 'unexpected attributes or text in <clientConfig>')
        providers = list(root)
        if len(providers) != 1 or providers[0].tag != 'emailProvider':
            self.problem(name, 'must hold exactly one <emailProvider>')
            return
        self.check_extension_attributes(name, root)
        self.check_provider(name, providers[0])

    def check_extension_attributes(self, where, root):
        for el in root.iter():
            reason = el.get(ob('unverified'))
            if reason is not None and not reason.strip():
                self.problem(where, f'<{local(el.tag)}> has an empty ob:unverified reason')
            for attr in el.attrib:
                if attr.startswith('{') and not attr.startswith(f'{{{NS}}}'):
                    self.problem(where, f'attribute {attr} is in an unknown namespace')

    def check_provider(self, name, prov):
        pid = prov.get('id', '')
        where = pid or name
        self.providers += 1
        if name != f'{pid}.xml':
            self.problem(name, f'file name does not match id “{pid}”')
        if not DNS_NAME.match(pid):
            self.problem(where, 'id is not a lower-case domain-like name')
        self.check_attributes(where, prov, {'id'})
        if (prov.text or '').strip():
            self.problem(where, 'stray text in <emailProvider>')

        kids = {}
        for el in prov:
            if (el.tail or '').strip():
                self.problem(where, f'stray text after <{local(el.tag)}>')
            kids.setdefault(el.tag, []).append(el)
        known = {'domain', 'displayName', 'displayShortName', 'outgoingServer',
                 'documentation'} | {ob(n) for n in OB_PROVIDER_ELEMENTS}
        for tag in kids:
            if tag not in known:
                self.problem(where, f'unknown element <{local(tag)}>')
        for tag in OB_SINGLETONS:
            if len(kids.get(ob(tag), [])) > 1:
                self.problem(where, f'more than one <ob:{tag}>')

        for tag, most in (('displayName', 60), ('displayShortName', 20)):
            els = kids.get(tag, [])
            text = (els[0].text or '').strip() if len(els) == 1 else ''
            if not text or len(text) > most or len(els) != 1:
                self.problem(where, f'needs one non-empty <{tag}> of at most {most} characters')

        is_service = ob('service') in kids
        no_smtp = ob('noSmtp') in kids
        regular = self.check_domains(where, pid, kids.get('domain', []))
        if is_service:
            self.services += 1
            if kids.get('domain'):
                self.problem(where, 'a sending service serves no <domain>')
        elif not kids.get('domain'):
            self.problem(where, 'serves no <domain>')
        elif not no_smtp:
            self.consumer_domains += regular

        servers = kids.get('outgoingServer', [])
        if no_smtp and servers:
            self.problem(where, '<ob:noSmtp/> but has an <outgoingServer>')
        if not no_smtp and not servers:
            self.problem(where, 'has no <outgoingServer> and no <ob:noSmtp/>')
        provider_has_username_hint = ob('usernameHint') in kids
        for server in servers:
            self.check_server(where, server, provider_has_username_hint)
        self.check_server_order(where, servers)
        self.check_regions(where, servers, kids.get(ob('service'), []))

        for doc in kids.get('documentation', []):
            self.check_documentation(where, doc)
        for tag in OB_PROVIDER_ELEMENTS:
            for el in kids.get(ob(tag), []):
                self.check_ob_element(where, el)
        if ob('oauth2Only') in kids:
            for server in servers:
                if [a.text for a in server.findall('authentication')] != ['OAuth2']:
                    self.problem(where, '<ob:oauth2Only/> but a server allows more than OAuth2')

    def check_attributes(self, where, el, allowed):
        for attr in el.attrib:
            if attr not in allowed and attr != ob('unverified'):
                self.problem(where, f'<{local(el.tag)}> has unknown attribute {attr}')

    def check_domains(self, where, pid, domains):
        regular = 0
        for d in domains:
            text = d.text or ''
            mx = d.get('purpose') == 'mx'
            self.check_attributes(where, d, {'purpose', ob('region')} if mx else set())
            if d.get('purpose') not in (None, 'mx'):
                self.problem(where, f'<domain> purpose “{d.get("purpose")}” is not “mx”')
            if not DNS_NAME.match(text):
                self.problem(where, f'“{text}” is not a lower-case domain name')
            seen = self.mx_domains if mx else self.domains
            if text in seen:
                kind = 'MX name' if mx else 'domain'
                self.problem(where, f'{kind} {text} is also in provider {seen[text]}')
            seen[text] = pid
            regular += not mx
        return regular

    def check_server(self, where, server, provider_has_username_hint):
        self.check_attributes(where, server, {'type', ob('region')})
        if server.get('type') != 'smtp':
            self.problem(where, '<outgoingServer> type is not “smtp”')
        counts = {}
        for el in server:
            counts[el.tag] = counts.get(el.tag, 0) + 1
            if el.tag not in {'hostname', 'port', 'socketType', 'authentication', 'username'} | \
               {ob(n) for n in OB_TEXTS}:
                self.problem(where, f'unknown element <{local(el.tag)}> in <outgoingServer>')
            elif local(el.tag) in OB_TEXTS:
                self.check_ob_element(where, el)
            else:
                self.check_attributes(where, el, set())
        for tag in ('hostname', 'port', 'socketType'):
            if counts.get(tag) != 1:
                self.problem(where, f'<outgoingServer> needs exactly one <{tag}>')
        if counts.get('username', 0) > 1:
            self.problem(where, '<outgoingServer> has more than one <username>')

        host = server.findtext('hostname', '')
        label = f'{host}:{server.findtext("port", "")}'
        if host != LOOPBACK and not DNS_NAME.match(host):
            self.problem(where, f'“{host}” is not a valid host name')
        port = server.findtext('port', '')
        if not re.fullmatch(r'[1-9][0-9]{0,4}', port) or int(port) > 65535:
            self.problem(where, f'{label}: port is not in 1–65535')
        sock = server.findtext('socketType', '')
        if sock not in SOCKET_TYPES:
            self.problem(where, f'{label}: socketType “{sock}” is not SSL, STARTTLS or plain')
        elif sock == 'plain' and host != LOOPBACK:
            # Design rule: credentials never cross the network in clear.
            self.problem(where, f'{label}: plain text offered to a remote host')

        auths = [a.text or '' for a in server.findall('authentication')]
        if not auths:
            self.problem(where, f'{label}: no <authentication>')
        for a in auths:
            if a not in AUTHENTICATIONS:
                self.problem(where, f'{label}: unknown authentication “{a}”')
        if len(set(auths)) != len(auths):
            self.problem(where, f'{label}: an authentication is listed twice')

        username = server.find('username')
        if username is None:
            if server.find(ob('usernameHint')) is None and not provider_has_username_hint:
                self.problem(where, f'{label}: no <username> and no <ob:usernameHint>')
        else:
            self.check_username(where, label, username.text or '')

    def check_username(self, where, label, text):
        literal = text
        for token in re.findall(r'%[^%]*%', text):
            if token not in PLACEHOLDERS:
                self.problem(where, f'{label}: unknown username placeholder {token}')
            literal = literal.replace(token, '')
        if literal and not LITERAL_USERNAME.match(literal):
            self.problem(where, f'{label}: username “{text}” is neither a placeholder nor a '
                         'plain literal')
        if not text:
            self.problem(where, f'{label}: empty <username>')

    def check_server_order(self, where, servers):
        seen = set()
        starttls_hosts = set()
        for server in servers:
            host = server.findtext('hostname', '')
            key = (host, server.findtext('port', ''), server.get(ob('region')))
            if key in seen:
                self.problem(where, f'{host}:{key[1]} is listed twice')
            seen.add(key)
            sock = server.findtext('socketType', '')
            if sock == 'STARTTLS':
                starttls_hosts.add(host)
            elif sock == 'SSL' and host in starttls_hosts:
                self.problem(where, f'{host}: implicit TLS must come before STARTTLS')

    def check_regions(self, where, servers, service):
        regions = [s.get(ob('region')) for s in servers]
        if any(regions) and not all(regions):
            self.problem(where, 'some servers have ob:region and some do not')
        for r in filter(None, regions):
            if not REGION.match(r):
                self.problem(where, f'region “{r}” is not a lower-case code')
        listed = service[0].get('regions') if service else None
        if listed is None:
            return
        codes = listed.split()
        if not codes or len(set(codes)) != len(codes):
            self.problem(where, 'ob:service regions is empty or repeats a code')
        if set(codes) != set(filter(None, regions)):
            self.problem(where, 'ob:service regions do not match the servers’ ob:region')

    def check_documentation(self, where, doc):
        self.check_attributes(where, doc, {'url'})
        self.check_url(where, doc.get('url'), required=True)
        descrs = list(doc)
        if any(d.tag != 'descr' for d in descrs):
            self.problem(where, '<documentation> holds something other than <descr>')
        for d in descrs:
            self.check_attributes(where, d, {'lang'})
            if not (d.text or '').strip():
                self.problem(where, 'empty <descr>')
        if not any(d.get('lang') == 'en' for d in descrs):
            self.problem(where, f'<documentation url="{doc.get("url")}"> has no English '
                         '<descr>')

    def check_ob_element(self, where, el):
        name = local(el.tag)
        self.check_attributes(where, el, OB_PROVIDER_ELEMENTS[name])
        if name in OB_TEXTS:
            text = el.text or ''
            if not re.fullmatch(r'[a-z]{2}(_[A-Z]{2})?', el.get('lang') or ''):
                self.problem(where, f'<ob:{name}> needs a lang attribute')
            if not text.strip() or text != text.strip() or not text.endswith('.'):
                self.problem(where, f'<ob:{name}> must be a trimmed sentence ending in “.”')
            if '"' in text or "'" in text:
                self.problem(where, f'<ob:{name}> uses straight quotes: “{text}”')
            return
        if len(el) or (el.text or '').strip():
            self.problem(where, f'<ob:{name}> must be empty')
        self.check_url(where, el.get('url'), required=False)
        if name == 'service' and el.get('kind') != 'relay':
            self.problem(where, '<ob:service> kind is not “relay”')
        if name == 'appPassword' and el.get('when') not in ('always', 'two-step'):
            self.problem(where, '<ob:appPassword> when is not “always” or “two-step”')
        if name == 'sendingLimit':
            values = [el.get(a) for a in LIMITS if el.get(a) is not None]
            if not values:
                self.problem(where, '<ob:sendingLimit> states no limit')
            for v in values:
                if not re.fullmatch(r'[1-9][0-9]*', v):
                    self.problem(where, f'<ob:sendingLimit> value “{v}” is not a positive '
                                 'integer')

    def check_url(self, where, url, required):
        if url is None:
            if required:
                self.problem(where, 'a url is missing')
            return
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != 'https' or not parts.netloc or ' ' in url:
            self.problem(where, f'“{url}” is not an https URL')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--dir', required=True)
    parser.add_argument('files', nargs='+')
    args = parser.parse_args()

    checker = Checker()
    listed = {os.path.basename(f) for f in args.files}
    present = {f for f in os.listdir(args.dir) if f.endswith('.xml')}
    for f in sorted(present - listed):
        checker.problem(f, 'is not listed in data/providers/meson.build')
    for f in sorted(listed - present):
        checker.problem(f, 'is listed in data/providers/meson.build but missing')
    for path in sorted(args.files):
        checker.check_file(path)
    if checker.consumer_domains < MIN_CONSUMER_DOMAINS:
        checker.problem('database', f'only {checker.consumer_domains} address domains with '
                        f'SMTP, fewer than {MIN_CONSUMER_DOMAINS}')

    for p in checker.problems:
        print('providers:', p)
    if not checker.problems:
        print(f'providers ok: {checker.providers} providers, {checker.consumer_domains} '
              f'address domains with SMTP, {checker.services} sending services')
    return 1 if checker.problems else 0


if __name__ == '__main__':
    sys.exit(main())
