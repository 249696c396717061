// Provenance: copied verbatim (below this header) from the shared lab material
// /work/shared/lab/gen_pcap.c (iotscope project, shared/lab, "A home network in a box"),
// so that bench/run_capture_comparison.sh does not depend on ../shared at run time.
// Used by bench/run_capture_comparison.sh to write the lab capture for issue 4 ("Speed").
// Built there with: cc -O2 -o gen_pcap bench/capture/gen_pcap.c
//
// gen_pcap.c - fast synthetic "home network" pcap generator for throughput baselines.
// Writes classic libpcap (LINKTYPE_ETHERNET, usec) with many interleaved, protocol-plausible flows:
//   TLS 1.2/1.3 (ClientHello with SNI, ServerHello, app-data), HTTP/1.1, DNS (query+answer),
//   MQTT (CONNECT/CONNACK/PUBLISH), NTP, QUIC-looking UDP/443, and unknown TCP.
// Full TCP handshake / FIN teardown, consistent seq/ack, valid IPv4/TCP/UDP checksums.
// Addresses are just bytes in a file: nothing is ever sent anywhere.
//
// build: gcc -O2 -o gen_pcap gen_pcap.c
// usage: ./gen_pcap OUT.pcap NUM_FLOWS [CONCURRENT=4096] [SEED=1] [MEAN_DATA_PKTS=6]
//   e.g. ./gen_pcap /tmp/lab/big.pcap 250000   -> ~1.6 GB, ~5.6M packets
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 88172645463325252ull;
static inline uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static inline uint32_t rr(uint32_t n) { return (uint32_t)(rnd() % n); }

static const char *hosts[] = {
    "device-metrics-us.amazon.com", "api.smartthings.com", "time.google.com", "connectivitycheck.gstatic.com",
    "a2.tuyaus.com", "mqtt.tuyaeu.com", "iot.us-east-1.amazonaws.com", "api.ring.com", "nexus.ring.com",
    "firmware.ezvizlife.com", "hue-bridge.meethue.com", "diagnostics.meethue.com", "api.netatmo.com",
    "clients3.google.com", "www.googleapis.com", "cdn.roku.com", "api.spotify.com", "xmpp.tplinkcloud.com",
    "use1-api.tplinkra.com", "n-devs.tplinkcloud.com", "api.sonos.com", "update.sonos.com", "pool.ntp.org",
    "mi.com", "api.io.mi.com", "de.api.io.mi.com", "ota.dlink.com", "cam.wyzecam.com", "api.wyzecam.com",
    "ecs.nest.com", "frontdoor.nest.com", "logsink.devices.nest.com", "ipv4.connman.net", "www.msftconnecttest.com"};
#define NHOSTS (sizeof(hosts) / sizeof(hosts[0]))

enum { P_TLS, P_HTTP, P_DNS, P_MQTT, P_NTP, P_QUIC, P_TCPX, P_UDPX };

typedef struct {
    int kind, step, ndata, sent_data;
    uint8_t cmac[6], smac[6];
    uint32_t cip, sip; uint16_t cport, sport;
    uint32_t cseq, sseq;
    const char *host;
} flow_t;

static FILE *out;
static uint64_t ts_us, npkts, nbytes;
static uint8_t pkt[2048];

static uint16_t csum_fold(uint32_t s) { while (s >> 16) s = (s & 0xffff) + (s >> 16); return (uint16_t)~s; }
static uint32_t csum_add(const uint8_t *p, int n, uint32_t s) {
    for (int i = 0; i + 1 < n; i += 2) s += (p[i] << 8) | p[i + 1];
    if (n & 1) s += p[n - 1] << 8;
    return s;
}
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }

// emit one frame; dir 0 = client->server. l4: 6 tcp / 17 udp. payload copied in.
static void emit(flow_t *f, int dir, int l4, uint8_t tcpflags, const uint8_t *pl, int plen) {
    uint8_t *e = pkt, *ip = pkt + 14, *th = ip + 20;
    memcpy(e, dir ? f->cmac : f->smac, 6); memcpy(e + 6, dir ? f->smac : f->cmac, 6); put16(e + 12, 0x0800);
    uint32_t src = dir ? f->sip : f->cip, dst = dir ? f->cip : f->sip;
    uint16_t sp = dir ? f->sport : f->cport, dp = dir ? f->cport : f->sport;
    int l4len = (l4 == 6 ? 20 : 8) + plen;
    ip[0] = 0x45; ip[1] = 0; put16(ip + 2, 20 + l4len); put16(ip + 4, (uint16_t)rnd()); put16(ip + 6, 0x4000);
    ip[8] = dir ? 56 : 64; ip[9] = l4; put16(ip + 10, 0); put32(ip + 12, src); put32(ip + 16, dst);
    put16(ip + 10, csum_fold(csum_add(ip, 20, 0)));
    uint8_t *pp = th + (l4 == 6 ? 20 : 8);
    if (plen) memcpy(pp, pl, plen);
    if (l4 == 6) {
        uint32_t *seq = dir ? &f->sseq : &f->cseq, *ack = dir ? &f->cseq : &f->sseq;
        put16(th, sp); put16(th + 2, dp); put32(th + 4, *seq); put32(th + 8, (tcpflags & 0x10) ? *ack : 0);
        th[12] = 5 << 4; th[13] = tcpflags; put16(th + 14, 64240); put16(th + 16, 0); put16(th + 18, 0);
        *seq += plen + ((tcpflags & 0x03) ? 1 : 0);  // SYN/FIN consume one
    } else {
        put16(th, sp); put16(th + 2, dp); put16(th + 4, l4len); put16(th + 6, 0);
    }
    // pseudo header checksum
    uint8_t ph[12]; memcpy(ph, ip + 12, 8); ph[8] = 0; ph[9] = l4; put16(ph + 10, l4len);
    uint16_t c = csum_fold(csum_add(th, l4len, csum_add(ph, 12, 0)));
    if (l4 == 17 && c == 0) c = 0xffff;
    put16(th + (l4 == 6 ? 16 : 6), c);
    int len = 14 + 20 + l4len;
    uint32_t rec[4] = {(uint32_t)(ts_us / 1000000), (uint32_t)(ts_us % 1000000), (uint32_t)len, (uint32_t)len};
    fwrite(rec, 16, 1, out); fwrite(pkt, len, 1, out);
    npkts++; nbytes += len + 16; ts_us += 1 + rr(40);
}

static uint8_t buf[1600];
static int tls_client_hello(const char *host, uint8_t *b) {
    int hl = (int)strlen(host), i = 0;
    uint8_t *hs = b + 5;
    int p = 4;
    hs[p++] = 3; hs[p++] = 3; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    hs[p++] = 32; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    static const uint16_t cs[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    put16(hs + p, sizeof(cs)); p += 2; for (i = 0; i < (int)(sizeof(cs) / 2); i++) { put16(hs + p, cs[i]); p += 2; }
    hs[p++] = 1; hs[p++] = 0;
    int extstart = p; p += 2;
    put16(hs + p, 0x0000); put16(hs + p + 2, hl + 5); put16(hs + p + 4, hl + 3); hs[p + 6] = 0; put16(hs + p + 7, hl);
    memcpy(hs + p + 9, host, hl); p += 9 + hl;
    static const uint8_t sv[] = {0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
    memcpy(hs + p, sv, sizeof sv); p += sizeof sv;
    static const uint8_t sg[] = {0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18};
    memcpy(hs + p, sg, sizeof sg); p += sizeof sg;
    static const uint8_t sa[] = {0x00, 0x0d, 0x00, 0x0a, 0x00, 0x08, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x05, 0x01};
    memcpy(hs + p, sa, sizeof sa); p += sizeof sa;
    static const uint8_t alpn[] = {0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02, 'h', '2', 0x08, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    memcpy(hs + p, alpn, sizeof alpn); p += sizeof alpn;
    put16(hs + p, 0x0033); put16(hs + p + 2, 38); put16(hs + p + 4, 36); put16(hs + p + 6, 0x001d); put16(hs + p + 8, 32);
    p += 10; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    put16(hs + extstart, p - extstart - 2);
    hs[0] = 1; hs[1] = 0; put16(hs + 2, p - 4);
    b[0] = 0x16; b[1] = 3; b[2] = 1; put16(b + 3, p);
    return p + 5;
}
static int tls_server_hello(uint8_t *b) {
    uint8_t *hs = b + 5; int p = 4;
    hs[p++] = 3; hs[p++] = 3; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    hs[p++] = 32; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    put16(hs + p, 0x1301); p += 2; hs[p++] = 0;
    static const uint8_t ext[] = {0x00, 0x2e, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20};
    memcpy(hs + p, ext, sizeof ext); p += sizeof ext; for (int k = 0; k < 32; k++) hs[p++] = (uint8_t)rnd();
    hs[0] = 2; hs[1] = 0; put16(hs + 2, p - 4);
    b[0] = 0x16; b[1] = 3; b[2] = 3; put16(b + 3, p);
    int n = p + 5;
    static const uint8_t ccs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    memcpy(b + n, ccs, 6); n += 6;
    b[n] = 0x17; b[n + 1] = 3; b[n + 2] = 3; put16(b + n + 3, 1000); for (int k = 0; k < 1000; k++) b[n + 5 + k] = (uint8_t)rnd();
    return n + 1005;
}
static int appdata(uint8_t *b, int len) {
    b[0] = 0x17; b[1] = 3; b[2] = 3; put16(b + 3, len - 5);
    for (int k = 5; k < len; k += 8) { uint64_t r = rnd(); memcpy(b + k, &r, (len - k) < 8 ? (len - k) : 8); }
    return len;
}
static int dns_name(uint8_t *p, const char *h) {
    int n = 0; const char *s = h;
    while (*s) { const char *d = strchr(s, '.'); int l = d ? (int)(d - s) : (int)strlen(s); p[n++] = l; memcpy(p + n, s, l); n += l; s += l; if (*s) s++; }
    p[n++] = 0; return n;
}

static void new_flow(flow_t *f, uint32_t *fid) {
    memset(f, 0, sizeof *f);
    uint32_t dev = 2 + rr(200);
    uint8_t cm[6] = {0x02, 0x10, 0x00, 0x00, 0x00, (uint8_t)dev}; uint8_t gm[6] = {0x02, 0x77, 0, 0, 0, 1};
    memcpy(f->cmac, cm, 6); memcpy(f->smac, gm, 6);
    f->cip = (192u << 24) | (168u << 16) | (1u << 8) | dev;
    f->sip = (uint32_t)(rnd() | 0x01000000u);  // random address in file only
    f->cport = 1024 + rr(64000);
    f->cseq = (uint32_t)rnd(); f->sseq = (uint32_t)rnd();
    f->host = hosts[rr(NHOSTS)];
    uint32_t r = rr(100);
    f->kind = r < 40 ? P_TLS : r < 50 ? P_HTTP : r < 70 ? P_DNS : r < 76 ? P_MQTT : r < 81 ? P_NTP : r < 88 ? P_QUIC : r < 96 ? P_TCPX : P_UDPX;
    static const uint16_t sp[] = {443, 80, 53, 1883, 123, 443, 0, 0};
    f->sport = sp[f->kind] ? sp[f->kind] : 1 + rr(65535);
    if (f->kind == P_DNS || f->kind == P_NTP) f->sip = (8u << 24) | (8u << 16) | (8u << 8) | 8u;  // plausible resolver
    (*fid)++;
}

static int mean_data = 6;
// returns 1 when the flow is finished
static int step(flow_t *f) {
    int n;
    switch (f->kind) {
    case P_DNS:
    case P_NTP:
    case P_UDPX:
    case P_QUIC:
        if (f->kind == P_DNS) {
            uint8_t *q = buf; put16(q, (uint16_t)f->cport); put16(q + 2, f->step ? 0x8180 : 0x0100);
            put16(q + 4, 1); put16(q + 6, f->step ? 1 : 0); put16(q + 8, 0); put16(q + 10, 0);
            n = 12 + dns_name(q + 12, f->host); put16(q + n, 1); put16(q + n + 2, 1); n += 4;
            if (f->step) { static const uint8_t a[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4}; memcpy(q + n, a, 12); n += 12; put32(q + n, (uint32_t)rnd()); n += 4; }
            emit(f, f->step, 17, 0, buf, n);
            return ++f->step >= 2;
        }
        if (f->kind == P_NTP) { memset(buf, 0, 48); buf[0] = f->step ? 0x24 : 0x23; buf[1] = f->step ? 2 : 0; emit(f, f->step, 17, 0, buf, 48); return ++f->step >= 2; }
        if (f->step == 0) f->ndata = 2 + rr(2 * mean_data);
        n = f->kind == P_QUIC ? (f->step == 0 ? 1250 : 60 + rr(1190)) : 40 + rr(600);
        for (int k = 0; k < n; k++) buf[k] = (uint8_t)rnd();
        if (f->kind == P_QUIC && f->step == 0) { buf[0] = 0xc3; buf[1] = 0; buf[2] = 0; buf[3] = 0; buf[4] = 1; }
        emit(f, f->step & 1, 17, 0, buf, n);
        return ++f->step >= f->ndata;
    default: break;
    }
    // TCP kinds: 0 SYN, 1 SYN/ACK, 2 ACK, 3 request, 4.. data (server) w/ acks, then FIN,FIN,ACK
    switch (f->step) {
    case 0: emit(f, 0, 6, 0x02, NULL, 0); f->ndata = 1 + rr(2 * mean_data); break;
    case 1: emit(f, 1, 6, 0x12, NULL, 0); break;
    case 2: emit(f, 0, 6, 0x10, NULL, 0); break;
    case 3:
        if (f->kind == P_TLS) n = tls_client_hello(f->host, buf);
        else if (f->kind == P_HTTP) n = snprintf((char *)buf, sizeof buf, "GET /api/v1/status?id=%u HTTP/1.1\r\nHost: %s\r\nUser-Agent: IoTDevice/2.1 (Linux; armv7l)\r\nAccept: */*\r\nConnection: close\r\n\r\n", (unsigned)rr(100000), f->host);
        else if (f->kind == P_MQTT) { static const uint8_t c[] = {0x10, 0x16, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 10, 'p', 'l', 'u', 'g', '-', '0', '0', '0', '0', '0'}; memcpy(buf, c, sizeof c); n = sizeof c; }
        else { n = 20 + rr(300); for (int k = 0; k < n; k++) buf[k] = (uint8_t)rnd(); }
        emit(f, 0, 6, 0x18, buf, n); break;
    default: {
        int d = f->step - 4;
        if (d < f->ndata * 2) {
            if (d & 1) { emit(f, 0, 6, 0x10, NULL, 0); break; }  // client ack
            int first = (d == 0);
            if (f->kind == P_TLS) n = first ? tls_server_hello(buf) : appdata(buf, f->sent_data + 1 == f->ndata ? 100 + rr(1300) : 1448);
            else if (f->kind == P_HTTP && first) { n = snprintf((char *)buf, sizeof buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nServer: nginx\r\n\r\n{\"ok\":true}", f->ndata * 1448); }
            else if (f->kind == P_MQTT) { if (first) { buf[0] = 0x20; buf[1] = 2; buf[2] = 0; buf[3] = 0; n = 4; } else { n = 30 + rr(98); buf[0] = 0x30;  /* remaining length < 128: 1-byte varint */ buf[1] = n - 2; buf[2] = 0; buf[3] = 10; memcpy(buf + 4, "home/plug7", 10); for (int k = 14; k < n; k++) buf[k] = 'a' + rr(26); } }
            else { n = f->sent_data + 1 == f->ndata ? 100 + rr(1300) : 1448; for (int k = 0; k < n; k += 8) { uint64_t r = rnd(); memcpy(buf + k, &r, 8); } }
            f->sent_data++;
            emit(f, 1, 6, 0x18, buf, n);
            break;
        }
        d -= f->ndata * 2;
        if (d == 0) emit(f, 0, 6, 0x11, NULL, 0);
        else if (d == 1) emit(f, 1, 6, 0x11, NULL, 0);
        else { emit(f, 0, 6, 0x10, NULL, 0); return 1; }
    }
    }
    f->step++;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s OUT.pcap NUM_FLOWS [CONCURRENT=4096] [SEED=1] [MEAN_DATA_PKTS=6]\n", argv[0]); return 2; }
    uint64_t nflows = strtoull(argv[2], 0, 10);
    int conc = argc > 3 ? atoi(argv[3]) : 4096;
    if (argc > 4) rs ^= strtoull(argv[4], 0, 10) * 0x9E3779B97F4A7C15ull;
    if (argc > 5) mean_data = atoi(argv[5]);
    out = fopen(argv[1], "wb"); if (!out) { perror("open"); return 1; }
    static char obuf[1 << 22]; setvbuf(out, obuf, _IOFBF, sizeof obuf);
    uint32_t gh[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    fwrite(gh, 24, 1, out);
    ts_us = 1793491200ull * 1000000ull;  // 2026-11-01 00:00:00 UTC
    flow_t *fl = calloc(conc, sizeof *fl);
    uint32_t started = 0; int active = 0;
    for (int i = 0; i < conc && started < nflows; i++) { new_flow(&fl[i], &started); active++; }
    while (active) {
        int i = rr(active);
        if (step(&fl[i])) {
            if (started < nflows) new_flow(&fl[i], &started);
            else { fl[i] = fl[--active]; }
        }
    }
    fclose(out);
    fprintf(stderr, "flows=%u packets=%llu bytes=%llu (%.1f MB)\n", started, (unsigned long long)npkts, (unsigned long long)nbytes, nbytes / 1e6);
    return 0;
}
