#!/usr/bin/python3
"""Checks the Flatpak manifest offline: it parses, names the app, the GNOME
runtime and the command, and pins every archive it downloads by sha256."""
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding='utf-8') as f:
    manifest = json.load(f)

problems = []

def expect(cond, what):
    if not cond:
        problems.append(what)

expect(manifest.get('id') == app_id, f'id is not {app_id}')
expect(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
expect(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
expect(manifest.get('command') == 'outbound-gui', 'command is not outbound-gui')

args = manifest.get('finish-args', [])
for needed in ['--share=network', '--share=ipc', '--socket=wayland',
               '--socket=fallback-x11', '--device=dri']:
    expect(needed in args, f'finish-args lacks {needed}')
# Least privilege: secrets go through the Secret portal, not the keyring's
# D-Bus name, and the app needs no files beyond its own.
for refused in ['--talk-name=org.freedesktop.secrets', '--filesystem=home',
                '--filesystem=host', '--socket=session-bus', '--socket=x11']:
    expect(refused not in args, f'finish-args has {refused}')

modules = manifest.get('modules', [])
names = [m.get('name') for m in modules if isinstance(m, dict)]
expect('gmime' in names, 'no gmime module')
expect(names and names[-1] == 'outbound', 'the last module is not outbound')

for module in modules:
    if not isinstance(module, dict):
        continue
    for source in module.get('sources', []):
        if source.get('type') in ('archive', 'file'):
            sha = source.get('sha256', '')
            expect(len(sha) == 64 and all(c in '0123456789abcdef' for c in sha),
                   f'{module.get("name")}: {source.get("url") or source.get("path")} has no sha256')
            url = source.get('url', '')
            expect(not url or url.startswith('https://'),
                   f'{module.get("name")}: {url} is not https')

outbound = next((m for m in modules if isinstance(m, dict) and m.get('name') == 'outbound'), {})
expect(outbound.get('buildsystem') == 'meson', 'outbound is not built with meson')

for p in problems:
    print('manifest:', p)
if not problems:
    print('manifest ok:', len(modules), 'modules')
sys.exit(1 if problems else 0)
