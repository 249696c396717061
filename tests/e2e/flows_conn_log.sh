#!/usr/bin/env bash
# `iotscope flows` writes a conn.log that Zeek's column names and values describe, and hides the
# capture's addresses unless asked not to.
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pcap=$src/tests/data/pcap/tls1.2.pcap

"$bin" flows "$pcap" --out "$work/conn.log" --no-anonymize
fields=$(grep '^#fields' "$work/conn.log")
[[ $fields == "#fields"$'\t'"ts"$'\t'"uid"$'\t'"id.orig_h"$'\t'"id.orig_p"$'\t'"id.resp_h"* ]] || {
  echo "unexpected #fields line: $fields"; exit 1; }
python3 - "$work/conn.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
names = next(l for l in lines if l.startswith('#fields')).split('\t')[1:]
rows = [dict(zip(names, l.split('\t'))) for l in lines if not l.startswith('#')]
assert len(rows) == 1, rows
r = rows[0]
# Zeek's own conn.log for this trace: 10.0.0.80:56637 -> 68.233.76.12:443 SF ShADdafF, 13/9 pkts
expected = {'id.orig_h': '10.0.0.80', 'id.orig_p': '56637', 'id.resp_h': '68.233.76.12',
            'id.resp_p': '443', 'proto': 'tcp', 'conn_state': 'SF', 'history': 'ShADdafF',
            'orig_pkts': '13', 'resp_pkts': '9', 'local_orig': 'T', 'local_resp': 'F',
            'service': 'tls', 'tls_version': 'TLSv12', 'tls_cipher': 'TLS_RSA_WITH_RC4_128_MD5'}
for key, value in expected.items():
    assert r[key] == value, (key, r[key], value)
print('conn.log row matches Zeek:', r['uid'])
PY

"$bin" flows "$pcap" --out "$work/anon.log" --format json --anonymization-key "$work/key"
for raw in 10.0.0.80 68.233.76.12 b8:f6:b1:16:11:6d; do
  if grep -q "$raw" "$work/anon.log"; then echo "raw address $raw in anonymized output"; exit 1; fi
done
python3 - "$work/anon.log" <<'PY'
import ipaddress, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 1
ipaddress.ip_address(rows[0]['id.orig_h']); ipaddress.ip_address(rows[0]['id.resp_h'])
assert rows[0]['orig_l2_addr'].startswith('b8:f6:b1:'), rows[0]['orig_l2_addr']  # OUI kept
print('anonymized addresses are valid and differ from the raw ones')
PY
"$bin" flows "$pcap" --out "$work/anon2.log" --format json --anonymization-key "$work/key"
cmp -s <(cut -d, -f3-6 "$work/anon.log") <(cut -d, -f3-6 "$work/anon2.log") || {
  echo "the same key must give the same pseudonyms"; exit 1; }
# --no-payload: the same connection, with what only payload tells left empty.
"$bin" flows "$pcap" --out "$work/bare.log" --no-anonymize --no-payload
python3 - "$work/conn.log" "$work/bare.log" <<'PY'
import sys
def rows(path):
    lines = open(path).read().splitlines()
    names = next(l for l in lines if l.startswith('#fields')).split('\t')[1:]
    return [dict(zip(names, l.split('\t'))) for l in lines if not l.startswith('#')]
full, bare = rows(sys.argv[1]), rows(sys.argv[2])
assert len(bare) == len(full) == 1, bare
payload_columns = ('service', 'tls_version', 'tls_cipher', 'server_name', 'app_how_known')
for key, value in full[0].items():
    assert bare[0][key] == ('-' if key in payload_columns else value), (key, bare[0][key], value)
print('--no-payload keeps the connection, drops the payload facts')
PY
# --out into a folder not made yet: made, like analyze's; a path that cannot be a folder fails
# with a message naming the file.
"$bin" flows "$pcap" --out "$work/new/dir/conn.log" --no-anonymize 2>/dev/null
cmp -s <(grep -v '^#open\|^#close' "$work/conn.log") \
  <(grep -v '^#open\|^#close' "$work/new/dir/conn.log") ||
  { echo "flows into a new folder differs"; exit 1; }
touch "$work/plain-file"
if "$bin" flows "$pcap" --out "$work/plain-file/conn.log" 2>"$work/err.txt"; then
  echo "flows wrote below a plain file"; exit 1
fi
grep -q "cannot write $work/plain-file/conn.log: cannot make its folder" "$work/err.txt" ||
  { cat "$work/err.txt"; echo "no clear message for an impossible --out"; exit 1; }
# Payload text in the extra columns is escaped as Zeek escapes strings: a Host header holding a
# tab and a backslash (the trace's own bytes, rewritten) stays one column.
python3 - "$src/tests/data/pcap/http-get.pcap" "$work/tab-host.pcap" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
assert data.count(b'Host: bro.org') == 1
open(sys.argv[2], 'wb').write(data.replace(b'Host: bro.org', b'Host: b\tr\\org'))
PY
"$bin" flows "$work/tab-host.pcap" --out "$work/tab.log" --no-anonymize
python3 - "$work/tab.log" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
names = next(l for l in lines if l.startswith('#fields')).split('\t')[1:]
rows = [l.split('\t') for l in lines if not l.startswith('#')]
assert rows and all(len(r) == len(names) for r in rows), (names, rows)
hosts = [dict(zip(names, r))['server_name'] for r in rows]
assert 'b\\x09r\\x5corg' in hosts, hosts
print('server_name escaped:', hosts)
PY
echo "flows conn.log: ok"
