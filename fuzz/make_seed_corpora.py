#!/usr/bin/env python3
"""Cuts seed inputs for every fuzz target out of real traces and fixtures.

Usage: python3 fuzz/make_seed_corpora.py OUT_DIR
Writes OUT_DIR/<target>/<name> files in each target's input format (see the header comment of
each fuzz/<target>_fuzz.cpp). scripts/fuzz.sh --seed minimises them into fuzz/corpus/<target>/
with libFuzzer's -merge=1. Sources: the Zeek test traces (/work/shared/zeek-traces or
$ZEEK_TRACES), the pcaps under tests/data (lab and Zeek captures), the payload, Zeek log, nmap
and IoT Inspector fixtures under tests/data, and nmap's own service-probe database.
Needs tshark and editcap (Wireshark).
"""
import hashlib
import os
import pathlib
import struct
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TRACES = pathlib.Path(os.environ.get("ZEEK_TRACES", "/work/shared/zeek-traces"))
DECODER_LINKS = [0, 1, 12, 14, 101, 105, 108, 113, 127, 228, 229, 276]  # packet_decoder_fuzz
FLOW_LINKS = [1, 101, 113, 228, 229, 276, 0, 12]  # flow_table_fuzz
PROBE_UDP_PORTS = [1900, 5353, 161, 123, 5683, 9999]  # probe_responses_fuzz
MAX_FRAMES_PER_TRACE = 64  # single-frame decoder seeds per trace
MAX_CAPTURE_BYTES = 64 * 1024


class Writer:
    def __init__(self, out):
        self.out = pathlib.Path(out)
        self.seen = set()

    def put(self, target, data, max_len=65536):
        data = bytes(data[:max_len])
        digest = hashlib.sha1(target.encode() + data).hexdigest()
        if not data or digest in self.seen:
            return
        self.seen.add(digest)
        folder = self.out / target
        folder.mkdir(parents=True, exist_ok=True)
        (folder / digest).write_bytes(data)


def read_pcap(path):
    """(link type, [(ts_ns, frame)]) of a classic pcap; pcapng is converted by editcap first."""
    raw = path.read_bytes()
    if raw[:4] == b"\x0a\x0d\x0d\x0a":
        with tempfile.NamedTemporaryFile(suffix=".pcap") as tmp:
            done = subprocess.run(["editcap", "-F", "pcap", str(path), tmp.name],
                                  capture_output=True)
            if done.returncode != 0:
                return None, []
            raw = pathlib.Path(tmp.name).read_bytes()
    magic = raw[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        return None, []
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    link = struct.unpack(endian + "I", raw[20:24])[0] & 0x0FFFFFFF
    frames, at = [], 24
    while at + 16 <= len(raw):
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", raw[at:at + 16])
        at += 16
        frames.append((sec * 10**9 + (frac if nano else frac * 1000), raw[at:at + caplen]))
        at += caplen
    return link, frames


def pcap_bytes(link, frames):
    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link))
    for ts, frame in frames:
        out += struct.pack("<IIII", ts // 10**9, (ts % 10**9) // 1000, len(frame), len(frame))
        out += frame
    return bytes(out)


def capture_files():
    files = sorted(TRACES.glob("*/*.pcap*")) + sorted((ROOT / "tests/data").rglob("*.pcap*"))
    seen, unique = set(), []
    for f in files:
        if f.suffix in (".gz", ".zst"):
            continue
        digest = hashlib.sha1(f.read_bytes()).digest()
        if digest not in seen:
            seen.add(digest)
            unique.append(f)
    return unique


def flow_table_input(link, frames):
    out = bytearray([FLOW_LINKS.index(link)])
    last = frames[0][0] if frames else 0
    for ts, frame in frames:
        step = max(0, ts - last)
        last = ts
        code = min(0x7F, step // 10**7) if step < 128 * 10**7 else 0x80 + min(0x7F, step // 10**10)
        out += struct.pack(">HB", min(len(frame), 0xFFFF), code) + frame[:0xFFFF]
    return bytes(out)


def seed_frames(w, path):
    link, frames = read_pcap(path)
    if link is None or not frames:
        return
    if link in DECODER_LINKS:
        index = bytes([DECODER_LINKS.index(link)])
        for _, frame in frames[:MAX_FRAMES_PER_TRACE]:
            w.put("packet_decoder", index + struct.pack(">H", len(frame)) + frame)
        # A run of frames in one input keeps fragment reassembly state between them.
        run = b"".join(struct.pack(">H", len(f)) + f for _, f in frames[:32])
        w.put("packet_decoder", index + run)
    if link in FLOW_LINKS:
        w.put("flow_table", flow_table_input(link, frames[:200]))
    raw = path.read_bytes()
    if len(raw) <= MAX_CAPTURE_BYTES:
        w.put("capture", raw)
    else:  # the first frames of a large trace, as a classic pcap
        head, size = [], 24
        for ts, frame in frames:
            size += 16 + len(frame)
            if size > MAX_CAPTURE_BYTES:
                break
            head.append((ts, frame))
        w.put("capture", pcap_bytes(link, head))


def tshark_rows(path):
    fields = ["tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.payload",
              "udp.srcport", "udp.dstport", "udp.payload"]
    cmd = ["tshark", "-r", str(path), "-T", "fields", "-E", "separator=/t"]
    for f in fields:
        cmd += ["-e", f]
    done = subprocess.run(cmd, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        cols = (line.split("\t") + [""] * len(fields))[:len(fields)]
        yield dict(zip(fields, cols))


def first_int(text):
    return int(text.split(",")[0]) if text else None


def streams_and_datagrams(path):
    """TCP payload per (stream, direction) in sequence order, and every UDP payload."""
    streams, datagrams = {}, []
    for row in tshark_rows(path):
        if row["tcp.payload"] and row["tcp.stream"]:
            key = (int(row["tcp.stream"]), first_int(row["tcp.srcport"]),
                   first_int(row["tcp.dstport"]))
            segments = streams.setdefault(key, {})
            segments.setdefault(int(row["tcp.seq_raw"].split(",")[0]),
                                bytes.fromhex(row["tcp.payload"].split(",")[0]))
        elif row["udp.payload"]:
            datagrams.append((first_int(row["udp.srcport"]), first_int(row["udp.dstport"]),
                              bytes.fromhex(row["udp.payload"].split(",")[0])))
    joined = {}
    for key, segments in streams.items():
        data, end = bytearray(), None
        for seq in sorted(segments):
            chunk = segments[seq]
            if end is not None and seq < end:
                chunk = chunk[end - seq:]
            data += chunk
            end = seq + len(segments[seq]) if end is None else max(end, seq + len(segments[seq]))
        joined[key] = bytes(data)
    return joined, datagrams


def tls_messages(stream):
    """(type, body) of each handshake message in a TLS byte stream."""
    handshake, at = bytearray(), 0
    while at + 5 <= len(stream) and stream[at] in (20, 21, 22, 23):
        length = struct.unpack(">H", stream[at + 3:at + 5])[0]
        if stream[at] == 22:
            handshake += stream[at + 5:at + 5 + length]
        at += 5 + length
    at = 0
    while at + 4 <= len(handshake):
        length = int.from_bytes(handshake[at + 1:at + 4], "big")
        yield handshake[at], bytes(handshake[at + 4:at + 4 + length])
        at += 4 + length


def seed_payloads(w, path):
    streams, datagrams = streams_and_datagrams(path)
    for (_, sport, dport), data in streams.items():
        head = data[:4096]
        if head[:1] == b"\x16" or head[:1] == b"\x80":
            w.put("payload_parsers", b"\x00" + head)
            w.put("payload_parsers", b"\x0e" + head)  # SSLv2 hellos
            for kind, body in tls_messages(data):
                if kind in (1, 2):
                    w.put("payload_parsers", b"\x01" + body)
                elif kind == 11:
                    w.put("payload_parsers", b"\x02" + body)
        if head[:4] in (b"GET ", b"POST", b"HTTP", b"HEAD", b"PUT ", b"M-SE", b"NOTI"):
            w.put("payload_parsers", b"\x04" + head)
            if b"SOAPAction" in head or b"soap" in head.lower():
                w.put("payload_parsers", b"\x07" + head)
            if head[:4] == b"HTTP":
                w.put("probe_responses", b"\x03" + head[:1024])
        if b"urn:schemas-upnp-org:device" in data:  # a device description, after the head
            w.put("probe_responses", b"\x02" + data.split(b"\r\n\r\n", 1)[-1][:16384])
        if 1883 in (sport, dport):
            w.put("payload_parsers", b"\x0b" + head)
        if dport in (21, 23, 110, 143, 2121) or sport in (21, 23, 110, 143, 2121):
            w.put("payload_parsers", b"\x0c" + head)
            w.put("payload_parsers", b"\x0d" + head)
            w.put("payload_parsers", b"\x0f" + head)
        # A server's first bytes are the banner probes read and the service matcher sees.
        if sport is not None and dport is not None and sport < dport:
            w.put("probe_responses", b"\x03" + head[:512])
            w.put("service_probes", head[:512])
    for sport, dport, data in datagrams:
        ports = {sport, dport}
        if ports & {53, 5353, 5355}:
            w.put("payload_parsers", b"\x03" + data)
        if ports & {67, 68}:
            w.put("payload_parsers", b"\x05" + data)
        if 1900 in ports:
            w.put("payload_parsers", b"\x06" + data)
        if 5351 in ports or 5350 in ports:
            w.put("payload_parsers", b"\x08" + data)
            w.put("payload_parsers", b"\x09" + data)
        if 123 in ports:
            w.put("payload_parsers", b"\x0a" + data)
        if sport in PROBE_UDP_PORTS:
            i = PROBE_UDP_PORTS.index(sport)
            w.put("probe_responses", bytes([1 + 4 * i]) + data)
            if sport == 161:
                w.put("probe_responses", b"\x00" + data)


def seed_files(w):
    data = ROOT / "tests/data"
    selector = {"tls": 0, "dns": 3, "mdns": 3, "http": 4, "dhcp": 5, "ssdp": 6, "ntp": 10,
                "mqtt": 11, "ftp": 12, "telnet": 13}
    for f in sorted((data / "payload").glob("*.bin")):
        kind = f.name.split("_")[0].split(".")[0]
        if kind in selector:
            w.put("payload_parsers", bytes([selector[kind]]) + f.read_bytes())
    for f in sorted((data / "zeek").rglob("*.log")) + sorted(TRACES.rglob("*.log")):
        text = f.read_bytes()[:16384]
        kind = 1 if "ssl" in f.name else 0
        w.put("zeek_log", bytes([kind]) + text)
    for f in sorted((data / "nmap").glob("*.xml")):
        w.put("nmap_xml", f.read_bytes())
    for f in sorted((data / "iotinspector").rglob("*")):
        if f.is_file() and f.suffix != ".md" and f.stat().st_size <= 65536:
            w.put("iotinspector_reader", f.read_bytes())
            if f.suffix in (".csv", ".tsv", ".jsonl"):  # plain text: dataset_rows reads no files
                w.put("dataset_rows", f.read_bytes())
    probes = pathlib.Path("/usr/share/nmap/nmap-service-probes")
    if probes.exists():  # the database text in pieces of about 40 lines
        lines = probes.read_bytes().splitlines(keepends=True)
        for at in range(0, len(lines), 40):
            w.put("service_probes", b"".join(lines[at:at + 40]))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    w = Writer(sys.argv[1])
    for path in capture_files():
        seed_frames(w, path)
        seed_payloads(w, path)
    seed_files(w)
    for target in sorted(os.listdir(w.out)):
        print(f"{target}: {len(os.listdir(w.out / target))} seeds")


if __name__ == "__main__":
    main()
