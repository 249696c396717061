#!/usr/bin/env python3
"""Regenerates the bad-input corpus beside this script from real files.

Every broken file is cut or corrupted from a real capture (tests/data/pcap, Zeek's test traces),
a real Zeek log, a real nmap run (tests/data/nmap), the IoT Inspector fixtures
(tests/data/iotinspector) or a real `iotscope probe` run on loopback; each function below says
how. The expected outcome of each case is written to cases.tsv by the same function, with the
count of good records computed here from the structure of the source file (so the expectation
does not come from running iotscope).

Usage: python3 tests/bad-input/make_corpus.py BUILD/iotscope
(the binary is needed only to record the real probe results file on 127.0.0.1).
"""

import gzip
import json
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
CASES = []
EXIT_OK, EXIT_SKIPPED = 0, 3


def case(name, command, file, exit_code, where, message, kept, skipped):
    """One line of cases.tsv. `where` is the position the message must give right after the
    file name ("@BYTE", ":LINE" or ":LINE:FIELD"; empty for the whole file) and `message` what it
    must say (what was wrong and what was expected). kept/skipped are the file's records (plus
    rows dropped on purpose) and skipped rows in report.json `inputs` (analyze), or the rows of
    the conn.log (flows; skipped then unused: None)."""
    CASES.append([name, command, file, str(exit_code), where, message, str(kept), str(skipped)])


def write(name, data):
    (HERE / name).write_bytes(data)


# ---- classic pcap: a 24-byte header, then 16-byte record headers and caplen bytes ----


def pcap_records(data):
    """Offsets of the records of a little-endian classic pcap."""
    offsets, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack_from("<I", data, off + 8)[0]
        if off + 16 + caplen > len(data):
            break
        offsets.append(off)
        off += 16 + caplen
    return offsets


def pcap_cases():
    src = (DATA / "pcap" / "http-get.pcap").read_bytes()
    records = pcap_records(src)
    total = len(records)

    # 20 of the 24 header bytes.
    write("pcap_truncated_header.pcap", src[:20])
    case("pcap_truncated_header", "analyze", "pcap_truncated_header.pcap", EXIT_SKIPPED,
         "", "not a capture libpcap reads (truncated dump file; tried to read 24 file header "
         "bytes", 0, 0)

    # Cut half-way through the 7th record's data: six whole records remain.
    cut = records[6] + 16 + 200
    write("pcap_truncated_record.pcap", src[:cut])
    case("pcap_truncated_record", "analyze", "pcap_truncated_record.pcap", EXIT_SKIPPED,
         f"@{records[6]}", "capture damaged after the last good frame: truncated dump file; "
         "tried to read 1514 captured bytes, only got 200; expected a complete pcap record", 6, 1)
    case("pcap_truncated_record_flows", "flows", "pcap_truncated_record.pcap", EXIT_SKIPPED,
         f"@{records[6]}", "capture damaged after the last good frame",
         connections(HERE / "pcap_truncated_record.pcap"), None)

    # The 4th record claims 2 GiB of captured bytes.
    bad = bytearray(src)
    struct.pack_into("<I", bad, records[3] + 8, 0x7FFFFFF0)
    write("pcap_impossible_caplen.pcap", bytes(bad))
    case("pcap_impossible_caplen", "analyze", "pcap_impossible_caplen.pcap", EXIT_SKIPPED,
         f"@{records[3]}", "capture damaged after the last good frame: invalid packet capture "
         "length 2147483632, bigger than snaplen of 65535", 3, 1)

    # Magic number overwritten: a .pcap that is no capture.
    bad = bytearray(src)
    bad[0:4] = b"\x00\x11\x22\x33"
    write("pcap_wrong_magic.pcap", bytes(bad))
    case("pcap_wrong_magic", "analyze", "pcap_wrong_magic.pcap", EXIT_SKIPPED,
         "", "not a capture libpcap reads (unknown file format); expected a pcap or pcapng file",
         0, 0)
    case("pcap_wrong_magic_flows", "flows", "pcap_wrong_magic.pcap", EXIT_SKIPPED,
         "", "not a capture libpcap reads (unknown file format)", 0, None)

    # Link type 4000 (no such LINKTYPE_) in the file header.
    bad = bytearray(src)
    struct.pack_into("<I", bad, 20, 4000)
    write("pcap_unknown_linktype.pcap", bytes(bad))
    case("pcap_unknown_linktype", "analyze", "pcap_unknown_linktype.pcap", EXIT_SKIPPED,
         "@20", "link type 4000 (in the file header) is not one iotscope decodes; expected "
         "Ethernet (1)", 0, 0)

    # Cut short after compression: gzip and zstd of the whole capture, cut at 60 %.
    for ext in ("gz", "zst"):
        packed = (DATA / "pcap" / f"http-get.pcap.{ext}").read_bytes()
        cut = len(packed) * 6 // 10
        write(f"pcap_cut_short.pcap.{ext}", packed[:cut])
        unpacked = decompress_prefix(packed[:cut], ext)
        kept = len(pcap_records(unpacked))
        # gzip hands over what it decoded before the cut; zstd decodes whole blocks, and this
        # capture is one block, so nothing of it can be read.
        if kept:
            case(f"pcap_cut_short_{ext}", "analyze", f"pcap_cut_short.pcap.{ext}", EXIT_SKIPPED,
                 f"@{records[kept]}", "capture damaged after the last good frame: truncated dump "
                 "file", kept, 1)
        else:
            case(f"pcap_cut_short_{ext}", "analyze", f"pcap_cut_short.pcap.{ext}", EXIT_SKIPPED,
                 "", f"compressed stream ends early at byte {cut}, before a capture file "
                 "header; expected a complete zstd stream", 0, 0)


def connections(path):
    """Transport connections tshark finds in a capture (what a conn.log of it holds), counted
    over the frames before any damage."""
    out = subprocess.run(["tshark", "-r", str(path), "-T", "fields", "-e", "tcp.stream", "-e",
                          "udp.stream"], capture_output=True, text=True, check=False).stdout
    return len({line for line in out.splitlines() if line.strip()})


def decompress_prefix(data, ext):
    """What a decompressor yields from a cut stream before it notices the cut."""
    if ext == "gz":
        d = gzip.zlib.decompressobj(16 + gzip.zlib.MAX_WBITS)
        return d.decompress(data)
    out = subprocess.run(["zstd", "-d", "-c"], input=data, capture_output=True, check=False)
    return out.stdout


# ---- pcapng: blocks of (type, total length, body, total length) ----


def pcapng_blocks(data):
    blocks, off = [], 0
    while off + 12 <= len(data):
        kind, length = struct.unpack_from("<II", data, off)
        if off + length > len(data):
            break
        blocks.append((off, kind, length))
        off += length
    return blocks


def pcapng_cases():
    src = (DATA / "pcap" / "http-on-irc-port-missing-syn.pcapng").read_bytes()
    blocks = pcapng_blocks(src)
    packets = [b for b in blocks if b[1] == 6]
    # Cut in the middle of the 5th packet block: four packets remain.
    off, _, length = packets[4]
    write("pcapng_truncated_block.pcapng", src[: off + length // 2])
    case("pcapng_truncated_block", "analyze", "pcapng_truncated_block.pcapng", EXIT_SKIPPED,
         f"@{off}", "capture damaged after the last good frame: truncated pcapng dump file; "
         "tried to read 1540 bytes, only got 766; expected a complete pcapng record", 4, 1)
    case("pcapng_truncated_block_flows", "flows", "pcapng_truncated_block.pcapng", EXIT_SKIPPED,
         f"@{off}", "capture damaged after the last good frame",
         connections(HERE / "pcapng_truncated_block.pcapng"), None)

    # The 3rd packet block's length is not a multiple of 4.
    off, _, _ = packets[2]
    bad = bytearray(src)
    struct.pack_into("<I", bad, off + 4, 103)
    write("pcapng_bad_block_length.pcapng", bytes(bad))
    case("pcapng_bad_block_length", "analyze", "pcapng_bad_block_length.pcapng", EXIT_SKIPPED,
         f"@{off}", "capture damaged after the last good frame: block in pcapng dump file has "
         "a length of 103 that is not a multiple of 4", 2, 1)

    # The interface description block names link type 4000.
    idb = next(b for b in blocks if b[1] == 1)
    bad = bytearray(src)
    struct.pack_into("<H", bad, idb[0] + 8, 4000)
    write("pcapng_unknown_linktype.pcapng", bytes(bad))
    case("pcapng_unknown_linktype", "analyze", "pcapng_unknown_linktype.pcapng", EXIT_SKIPPED,
         "", "link type 4000 (in the interface description block) is not one iotscope decodes",
         0, 0)


# ---- IoT Inspector exports (CSV / TSV / JSON Lines) ----


def iotinspector_cases():
    shape = DATA / "iotinspector" / "shape_a"
    csv_lines = (shape / "csv" / "flows.csv").read_text().splitlines(True)
    header = csv_lines[0].rstrip("\n").split(",")
    rows = len(csv_lines) - 1

    # Every column name misspelt: no table iotscope knows.
    wrong = ",".join(name.upper() + "_X" for name in header) + "\n"
    write("flows_wrong_header.csv", (wrong + "".join(csv_lines[1:])).encode())
    case("flows_wrong_header", "analyze", "flows_wrong_header.csv", EXIT_SKIPPED,
         "", "no IoT Inspector table header found: expected the columns of a devices, flows or "
         "network_flows table (read as csv)", 0, 0)

    # The protocol column removed from header and rows.
    drop = header.index("protocol")
    lines = [",".join(f for i, f in enumerate(l.rstrip("\n").split(",")) if i != drop) + "\n"
             for l in csv_lines]
    write("flows_missing_column.csv", "".join(lines).encode())
    case("flows_missing_column", "analyze", "flows_missing_column.csv", EXIT_SKIPPED,
         "", "looks like an iotinspector-v1-flows table but lacks required columns: protocol",
         0, 0)

    # Row 2 (line 3): in_byte_count "lots"; row 4 (line 5): ts "noon".
    lines = list(csv_lines)
    for line_no, column, value in ((3, "in_byte_count", "lots"), (5, "ts", "noon")):
        fields = lines[line_no - 1].rstrip("\n").split(",")
        fields[header.index(column)] = value
        lines[line_no - 1] = ",".join(fields) + "\n"
    write("flows_non_numeric.csv", "".join(lines).encode())
    col = header.index("in_byte_count") + 1
    case("flows_non_numeric", "analyze", "flows_non_numeric.csv", EXIT_SKIPPED,
         f":3:{col}", "in_byte_count \"lots\" is not a count (expected a non-negative integer)",
         rows - 2, 2)

    # One 50 MB line between the good rows, compressed (zstd) so the corpus stays small.
    huge = "".join(csv_lines[:3]) + "x" * (50 * 1024 * 1024) + "\n" + "".join(csv_lines[3:])
    out = subprocess.run(["zstd", "-19", "-q", "-c"], input=huge.encode(), capture_output=True,
                         check=True)
    write("flows_huge_line.csv.zst", out.stdout)
    case("flows_huge_line", "analyze", "flows_huge_line.csv.zst", EXIT_SKIPPED,
         ":4", "line is longer than 1048576 bytes; skipped", rows, 1)

    # The same huge line, plain, is made by the test itself (50 MB is not committed): see the
    # driver's huge-plain case.

    # 4 KiB of pseudo-random bytes named as a CSV (deterministic: a linear congruential walk).
    state, garbage = 12345, bytearray()
    for _ in range(4096):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        garbage.append(state >> 16 & 0xFF)
    write("flows_binary_garbage.csv", bytes(garbage))
    case("flows_binary_garbage", "analyze", "flows_binary_garbage.csv", EXIT_SKIPPED,
         "", "binary data, not CSV, TSV or JSON Lines text", 0, 0)

    # Good rows, then binary garbage in the middle of the file, then good rows again.
    mixed = "".join(csv_lines[:3]).encode() + b"\x00\xff\xfe\x01garbage\x02\n" + "".join(
        csv_lines[3:]).encode()
    write("flows_garbage_line.csv", mixed)
    case("flows_garbage_line", "analyze", "flows_garbage_line.csv", EXIT_SKIPPED,
         ":4", f"record has 1 fields but the header has {len(header)}", rows, 1)

    # Gzip cut short at 60 % of the compressed bytes.
    # The rows repeat 40 times, so the cut falls well inside the rows.
    packed = gzip.compress(("".join(csv_lines) + "".join(csv_lines[1:]) * 39).encode(), mtime=0)
    cut = len(packed) * 6 // 10
    write("flows_cut_short.csv.gz", packed[:cut])
    text = decompress_prefix(packed[:cut], "gz").decode()
    complete = text[: text.rfind("\n") + 1].count("\n")  # header included
    kept = complete - 1
    case("flows_cut_short_gz", "analyze", "flows_cut_short.csv.gz", EXIT_SKIPPED,
         f":{complete + 1}", f"compressed stream ends early at byte {cut}; the incomplete last "
         "line was dropped", kept, 1)

    # Device labels in Latin-1 (not UTF-8): kept, written as valid UTF-8.
    dev_lines = (shape / "csv" / "devices.csv").read_text().splitlines(True)
    dev_header = dev_lines[0].rstrip("\n").split(",")
    fields = dev_lines[2].rstrip("\n").split(",")
    fields[dev_header.index("device_name")] = "Caf\xe9 cam\xe9ra"
    fields[dev_header.index("device_vendor")] = "M\xfcller"
    dev_lines[2] = ",".join(fields) + "\n"
    write("devices_latin1_labels.csv", "".join(dev_lines).encode("latin-1"))
    case("devices_latin1_labels", "analyze", "devices_latin1_labels.csv", EXIT_OK, "", "",
         len(dev_lines) - 1, 0)

    # TSV: one row with too few fields, one with a port out of range.
    tsv = (shape / "tsv" / "flows.tsv").read_text().splitlines(True)
    tsv_header = tsv[0].rstrip("\n").split("\t")
    tsv[2] = "\t".join(tsv[2].rstrip("\n").split("\t")[:5]) + "\n"
    fields = tsv[3].rstrip("\n").split("\t")
    fields[tsv_header.index("remote_port")] = "70000"
    tsv[3] = "\t".join(fields) + "\n"
    write("flows_bad_rows.tsv", "".join(tsv).encode())
    case("flows_bad_rows_tsv", "analyze", "flows_bad_rows.tsv", EXIT_SKIPPED,
         ":3", f"record has 5 fields but the header has {len(tsv_header)}", len(tsv) - 3, 2)

    # TSV whose header is a sentence.
    write("flows_wrong_header.tsv", ("these\tare\tnot\tcolumns\n" + "".join(tsv[1:])).encode())
    case("flows_wrong_header_tsv", "analyze", "flows_wrong_header.tsv", EXIT_SKIPPED,
         "", "no IoT Inspector table header found: expected the columns of a devices, flows or "
         "network_flows table (read as tsv)", 0, 0)

    # JSON Lines: an object cut in half, a string where a number belongs, a line that is an array.
    jl = (shape / "jsonl" / "flows.jsonl").read_text().splitlines(True)
    jl[1] = jl[1][: len(jl[1]) // 2] + "\n"
    obj = json.loads(jl[2])
    obj["out_byte_count"] = "many"
    jl[2] = json.dumps(obj) + "\n"
    jl.insert(3, "[1, 2, 3]\n")
    write("flows_bad_rows.jsonl", "".join(jl).encode())
    case("flows_bad_rows_jsonl", "analyze", "flows_bad_rows.jsonl", EXIT_SKIPPED,
         ":2", "invalid JSON at byte", len(jl) - 3, 3)

    # JSON Lines whose objects lack the device id.
    jl = (shape / "jsonl" / "flows.jsonl").read_text().splitlines(True)
    stripped = []
    for line in jl:
        obj = json.loads(line)
        obj.pop("device_id")
        stripped.append(json.dumps(obj) + "\n")
    write("flows_missing_column.jsonl", "".join(stripped).encode())
    case("flows_missing_column_jsonl", "analyze", "flows_missing_column.jsonl", EXIT_SKIPPED,
         "", "lacks required columns: device_id (read as jsonl)", 0, 0)


# ---- Zeek logs ----


def zeek_cases():
    tsv = (DATA / "zeek" / "home" / "conn.log").read_text().splitlines(True)
    data_lines = [i for i, l in enumerate(tsv) if not l.startswith("#")]
    fields = tsv[next(i for i, l in enumerate(tsv) if l.startswith("#fields"))].rstrip(
        "\n").split("\t")[1:]
    bad = list(tsv)
    # 2nd row: too few fields; 3rd row: port "http"; 4th row: address "192.168.1.999".
    r2, r3, r4 = data_lines[1], data_lines[2], data_lines[3]
    bad[r2] = "\t".join(bad[r2].split("\t")[:6]) + "\n"
    row = bad[r3].rstrip("\n").split("\t")
    row[fields.index("id.resp_p")] = "http"
    bad[r3] = "\t".join(row) + "\n"
    row = bad[r4].rstrip("\n").split("\t")
    row[fields.index("id.orig_h")] = "192.168.1.999"
    bad[r4] = "\t".join(row) + "\n"
    Path(HERE / "zeek_bad_rows").mkdir(exist_ok=True)
    write("zeek_bad_rows/conn.log", "".join(bad).encode())
    good = len(data_lines) - 3
    case("zeek_conn_bad_rows", "analyze", "zeek_bad_rows/conn.log", EXIT_SKIPPED,
         f":{r2 + 1}", f"expected {len(fields)} tab-separated fields (as #fields lists), found 6",
         good, 3)
    case("zeek_conn_bad_rows_flows", "flows", "zeek_bad_rows/conn.log", EXIT_SKIPPED,
         f":{r3 + 1}:{fields.index('id.resp_p') + 1}", "field id.resp_p: expected a port number "
         "0-65535, found \"http\"", good, None)

    # The id.orig_h column removed from #fields, #types and every row: a log without the
    # originator's address.
    drop = fields.index("id.orig_h") + 1  # +1: "#fields" / "#types" lead the header lines
    missing = []
    for line in tsv:
        cells = line.rstrip("\n").split("\t")
        if not line.startswith("#") or line.startswith(("#fields", "#types")):
            del cells[drop if line.startswith("#") else drop - 1]
        missing.append("\t".join(cells) + "\n")
    Path(HERE / "zeek_missing_field").mkdir(exist_ok=True)
    write("zeek_missing_field/conn.log", "".join(missing).encode())
    rows = len(data_lines)
    case("zeek_conn_missing_field", "analyze", "zeek_missing_field/conn.log", EXIT_OK, "",
         f"{rows} rows lack id.orig_h or id.resp_h and make no flows; expected Zeek's connection "
         "id columns", rows, 0)

    # Log cut in the middle of a row (the last row has no end).
    cut_text = "".join(tsv[: data_lines[5]]) + tsv[data_lines[5]][:20]
    Path(HERE / "zeek_cut").mkdir(exist_ok=True)
    write("zeek_cut/conn.log", cut_text.encode())
    case("zeek_conn_cut", "analyze", "zeek_cut/conn.log", EXIT_SKIPPED,
         f":{data_lines[5] + 1}", f"expected {len(fields)} tab-separated fields (as #fields "
         "lists), found 2", 5, 1)

    # JSON conn.log: a cut object, a string port, an array line.
    jl = (DATA / "zeek" / "json" / "conn.log").read_text().splitlines(True)
    jl[1] = jl[1][:40] + "\n"
    obj = json.loads(jl[2])
    obj["id.resp_p"] = "eighty"
    jl[2] = json.dumps(obj) + "\n"
    jl.insert(3, "[\"not\", \"a\", \"record\"]\n")
    Path(HERE / "zeek_json_bad_rows").mkdir(exist_ok=True)
    write("zeek_json_bad_rows/conn.log", "".join(jl).encode())
    case("zeek_json_conn_bad_rows", "analyze", "zeek_json_bad_rows/conn.log", EXIT_SKIPPED,
         ":2", "expected one JSON object per line: unterminated string", len(jl) - 3, 3)
    case("zeek_json_conn_bad_rows_flows", "flows", "zeek_json_bad_rows/conn.log", EXIT_SKIPPED,
         ":3", "key \"id.resp_p\": expected a port number 0-65535, found \"eighty\"",
         len(jl) - 3, None)

    # ssl.log (TSV): its one row gets two extra fields, and binary garbage follows it.
    ssl = (DATA / "zeek" / "home" / "ssl.log").read_text().splitlines(True)
    row = next(i for i, l in enumerate(ssl) if not l.startswith("#"))
    bad = list(ssl)
    bad[row] = bad[row].rstrip("\n") + "\textra\tfields\n"
    Path(HERE / "zeek_ssl_bad_rows").mkdir(exist_ok=True)
    (HERE / "zeek_ssl_bad_rows" / "ssl.log").write_bytes(
        "".join(bad[: row + 1]).encode() + b"\xff\xfe\x00\x01\n" + "".join(bad[row + 1:]).encode())
    case("zeek_ssl_bad_rows", "analyze", "zeek_ssl_bad_rows/ssl.log", EXIT_SKIPPED,
         f":{row + 1}", "expected 18 tab-separated fields (as #fields lists), found 20", 0, 2)

    # ssl.log (JSON): the 2nd record is binary garbage.
    jl = (DATA / "zeek" / "json" / "ssl.log").read_bytes().splitlines(True)
    jl[1] = b"\x00\xff{\"ts\":\xfe\n"
    Path(HERE / "zeek_json_ssl_bad_rows").mkdir(exist_ok=True)
    (HERE / "zeek_json_ssl_bad_rows" / "ssl.log").write_bytes(b"".join(jl))
    case("zeek_json_ssl_bad_rows", "analyze", "zeek_json_ssl_bad_rows/ssl.log", EXIT_SKIPPED,
         ":2", "expected one JSON object per line", len(jl) - 1, 1)


# ---- nmap XML ----


def nmap_cases():
    xml = (DATA / "nmap" / "syn_udp.xml").read_text()
    # Cut inside the first <port> element.
    cut = xml.index("<port ") + 30
    write("nmap_cut.xml", xml[:cut].encode())
    line = xml[:cut].count("\n") + 1
    case("nmap_cut", "analyze", "nmap_cut.xml", EXIT_SKIPPED, f":{line}:",
         "not well-formed nmap XML", 0, 1)

    # A port number that is a word.
    bad = xml.replace('portid="23"', 'portid="telnet"', 1)
    write("nmap_bad_port.xml", bad.encode())
    line = bad[: bad.index('portid="telnet"')].count("\n") + 1
    ports = xml.count("<port ")
    case("nmap_bad_port", "analyze", "nmap_bad_port.xml", EXIT_SKIPPED,
         f":{line}", "expected a port number 0-65535 in <port portid>, found \"telnet\"",
         ports - 1, 1)

    # Not XML at all after the nmaprun start tag.
    head = xml[: xml.index("<nmaprun")]
    write("nmap_garbage.xml", (head + "<nmaprun scanner=\"nmap\">\n\x01\x02 <<>> &&&\n").encode())
    case("nmap_garbage", "analyze", "nmap_garbage.xml", EXIT_SKIPPED,
         f":{head.count(chr(10)) + 2}:", "not well-formed nmap XML", 0, 1)


# ---- probe results (JSON Lines written by `iotscope probe`) ----


def record_probe(binary):
    """A real probe run against two TCP listeners on 127.0.0.1 (one answers with a banner)."""
    listeners = []
    for banner in (b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", b""):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        listeners.append((s, banner))

    def serve(sock, banner):
        sock.settimeout(30)
        try:
            while True:
                conn, _ = sock.accept()
                if banner:
                    conn.sendall(banner)
                conn.close()
        except OSError:
            pass

    for s, banner in listeners:
        threading.Thread(target=serve, args=(s, banner), daemon=True).start()
    ports = ",".join(str(s.getsockname()[1]) for s, _ in listeners)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "probe.jsonl"
        subprocess.run([binary, "probe", "127.0.0.1", "--ports", f"T:{ports}", "--no-udp",
                        "--no-discovery", "--method", "connect", "--out", str(out)], check=True,
                       capture_output=True)
        text = out.read_text()
    for s, _ in listeners:
        s.close()
    return text


def probe_cases(binary):
    source = HERE / "probe_source.jsonl"
    if binary:
        source.write_text(record_probe(binary))
    lines = source.read_text().splitlines(True)
    offers = [i for i, l in enumerate(lines) if '"service_offer"' in l]
    bad = list(lines)
    # 1st offer: port "ssh"; 2nd offer cut in half; then an unknown record kind and garbage.
    obj = json.loads(bad[offers[0]])
    obj["port"] = "ssh"
    bad[offers[0]] = json.dumps(obj) + "\n"
    bad[offers[1]] = bad[offers[1]][:50] + "\n"
    bad.append('{"record":"mystery","x":1}\n')
    bad.append("\x00\x01 not json\n")
    write("probe_bad_rows.jsonl", "".join(bad).encode())
    case("probe_bad_rows", "analyze", "probe_bad_rows.jsonl", EXIT_SKIPPED,
         f":{offers[0] + 1}", "\"port\" must be a number", len(lines) - 2, 4)

    # The run record's version is one iotscope never wrote.
    first = json.loads(lines[0])
    first["version"] = 99
    write("probe_bad_version.jsonl", (json.dumps(first) + "\n" + "".join(lines[1:])).encode())
    case("probe_bad_version", "analyze", "probe_bad_version.jsonl", EXIT_SKIPPED,
         ":1", "\"version\" 99 is not a probe results format this iotscope reads (expected 1)",
         len(lines) - 1, 1)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else None
    pcap_cases()
    pcapng_cases()
    iotinspector_cases()
    zeek_cases()
    nmap_cases()
    probe_cases(binary)
    with open(HERE / "cases.tsv", "w", encoding="utf-8") as out:
        out.write("# Written by make_corpus.py (see case() there for the columns); '-' = not "
                  "checked.\n")
        out.write("case\tcommand\tfile\texit\twhere\tmessage\tkept\tskipped\n")
        for row in CASES:
            out.write("\t".join("-" if v in (None, "None") else v for v in row) + "\n")
    print(f"{len(CASES)} cases in {HERE / 'cases.tsv'}")


if __name__ == "__main__":
    main()
