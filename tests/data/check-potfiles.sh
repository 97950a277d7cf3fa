#!/bin/sh
# Every source or .ui file with translatable strings must be in POTFILES.in,
# and every file POTFILES.in names must exist.
set -eu
cd "$1"
status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\( *"|translatable="yes"' app ui | sort); do
  if ! grep -qxF "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep -v '^$'); do
  if [ ! -f "$f" ]; then
    echo "listed in po/POTFILES.in but missing: $f"
    status=1
  fi
done
[ $status -eq 0 ] && echo "po/POTFILES.in is complete"
exit $status
