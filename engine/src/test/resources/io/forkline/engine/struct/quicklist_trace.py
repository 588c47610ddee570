"""Records how Redis 7.0 lays out a list's quicklist nodes under a random command sequence.

Runs against a local redis-server started with --enable-debug-command yes --rdbcompression no.
Each output line is one command, then '=>', then the node layout read back from DUMP: the entry
count of each node, a 'P' before a PLAIN node's count. Values are tokens: integers as they are,
's<id>' as it is, 's<id>_<len>' padded with '.' to <len> bytes.
"""
import random, socket, struct, sys

PORT = int(sys.argv[1]); SEED = int(sys.argv[2]); OUT = sys.argv[3]

class Client:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", PORT)); self.buf = b""
    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out); return self.read()
    def line(self):
        while b"\r\n" not in self.buf: self.buf += self.s.recv(1 << 20)
        l, self.buf = self.buf.split(b"\r\n", 1); return l
    def exact(self, n):
        while len(self.buf) < n + 2: self.buf += self.s.recv(1 << 20)
        d, self.buf = self.buf[:n], self.buf[n + 2:]; return d
    def read(self):
        l = self.line(); t, rest = l[:1], l[1:]
        if t == b"+": return rest.decode()
        if t == b"-": raise Exception(rest.decode())
        if t == b":": return int(rest)
        if t == b"$":
            n = int(rest); return None if n < 0 else self.exact(n)
        if t == b"*":
            n = int(rest); return None if n < 0 else [self.read() for _ in range(n)]
        raise Exception("bad reply " + repr(l))

def expand(token):
    if token.startswith("s") and "_" in token:
        n = int(token.split("_")[1]); return token + "." * (n - len(token))
    return token

def compact(v):
    return v.rstrip(".") if v.startswith("s") and "_" in v else v

def rdb_len(b, i):
    t = b[i] >> 6
    if t == 0: return b[i] & 63, i + 1, False
    if t == 1: return ((b[i] & 63) << 8) | b[i + 1], i + 2, False
    if b[i] == 0x80: return struct.unpack(">I", b[i + 1:i + 5])[0], i + 5, False
    if b[i] == 0x81: return struct.unpack(">Q", b[i + 1:i + 9])[0], i + 9, False
    return b[i] & 63, i + 1, True

def rdb_string(b, i):
    n, i, special = rdb_len(b, i)
    if not special: return b[i:i + n], i + n
    if n == 0: return str(struct.unpack("<b", b[i:i + 1])[0]).encode(), i + 1
    if n == 1: return str(struct.unpack("<h", b[i:i + 2])[0]).encode(), i + 2
    if n == 2: return str(struct.unpack("<i", b[i:i + 4])[0]).encode(), i + 4
    raise Exception("compressed string: run redis with --rdbcompression no")

def listpack_entries(lp):
    total, count = struct.unpack("<IH", lp[:6]); assert total == len(lp)
    out = []; i = 6
    while lp[i] != 0xFF:
        f = lp[i]
        if f < 0x80: v, l = f, 1
        elif f < 0xC0: n = f & 63; v, l = lp[i + 1:i + 1 + n], 1 + n
        elif f < 0xE0:
            u = ((f & 31) << 8) | lp[i + 1]; v, l = (u - 8192 if u >= 4096 else u), 2
        elif f < 0xF0: n = ((f & 15) << 8) | lp[i + 1]; v, l = lp[i + 2:i + 2 + n], 2 + n
        elif f == 0xF0: n = struct.unpack("<I", lp[i + 1:i + 5])[0]; v, l = lp[i + 5:i + 5 + n], 5 + n
        elif f == 0xF1: v, l = struct.unpack("<h", lp[i + 1:i + 3])[0], 3
        elif f == 0xF2: v, l = int.from_bytes(lp[i + 1:i + 4], "little", signed=True), 4
        elif f == 0xF3: v, l = struct.unpack("<i", lp[i + 1:i + 5])[0], 5
        elif f == 0xF4: v, l = struct.unpack("<q", lp[i + 1:i + 9])[0], 9
        else: raise Exception("bad encoding")
        out.append(str(v).encode() if isinstance(v, int) else v)
        back = 1 if l <= 127 else 2 if l < 16383 else 3 if l < 2097151 else 4 if l < 268435455 else 5
        i += l + back
    assert count == 65535 or count == len(out)
    return out

def layout(c):
    dump = c.call("DUMP", "k")
    if dump is None: return [], [], []
    assert dump[0] == 18, dump[0]
    nodes, i = rdb_len(dump, 1)[0:2]
    shape, elements, sizes = [], [], []
    for _ in range(nodes):
        container, i, _s = rdb_len(dump, i)
        data, i = rdb_string(dump, i)
        if container == 1: shape.append("P1"); elements.append(data); sizes.append((1, len(data)))
        else:
            e = listpack_entries(data); shape.append(str(len(e))); elements.extend(e); sizes.append((len(e), len(data)))
    return shape, elements, sizes

def value(r, threshold, big):
    d = r.random()
    if d < 0.25: return str(r.choice([0, 1, -1, 127, 128, 4095, -4096, 32768, 8388608, 2147483648, -9223372036854775808,
                                      r.randint(-100000, 100000)]))
    ident = r.randint(0, 40)
    if d < 0.55: return "s%d" % ident
    hi = min(big, threshold + 50) if r.random() < 0.15 else min(big, max(8, threshold - 1))
    n = r.randint(8, max(8, hi))
    token = "s%d_%d" % (ident, n)
    return token if n < len(token) + 1 else "s%d_%d" % (ident, max(n, len(token)))

def calibrated(r, sizes, index, limit):
    """A string whose length brings the node holding element 'index' to Redis's size estimate limit, give or take a byte."""
    seen = 0
    for entries, size in sizes:
        if index < seen + entries:
            n = limit - size - 8 + r.choice([-1, 0, 1])
            token = "s%d_%d" % (r.randint(0, 40), n)
            return token if n >= len(token) else "s%d" % r.randint(0, 40)
        seen += entries
    return "s0"

def main():
    r = random.Random(SEED); c = Client(); out = open(OUT, "w")
    segments = [(4, 1 << 30, 40), (-1, 1 << 30, 1500), (-2, 1 << 30, 3000), (1, 1 << 30, 40), (0, 1 << 30, 40),
                (3, 64, 120), (-1, 200, 400), (100, 1 << 30, 400), (-5, 1 << 30, 5000), (-3, 3000, 4000),
                (-1, 1 << 30, 600, 4096), (1000, 1 << 30, 700, 8192), (-2, 1 << 30, 900, 8192)]
    for segment in segments:
        fill, threshold, big = segment[:3]
        limit = segment[3] if len(segment) > 3 else None
        c.call("DEL", "k"); c.call("CONFIG", "SET", "list-max-listpack-size", fill)
        c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", threshold)
        out.write("NEW %d %d =>\n" % (fill, threshold))
        for step in range(300):
            current = c.call("LRANGE", "k", 0, -1) or []
            sizes = layout(c)[2]
            n = len(current); d = r.random()
            if n < 10 or (d < 0.35 and n < 150):
                side = r.choice(["LPUSH", "RPUSH"])
                if limit and r.random() < 0.6 and n > 0:
                    cmd = [side, "k", calibrated(r, sizes, 0 if side == "LPUSH" else n - 1, limit)]
                else:
                    cmd = [side, "k"] + [value(r, threshold, big) for _ in range(r.randint(1, 4))]
            elif d < 0.6:
                at = r.randrange(n)
                pivot = compact(current[at].decode())
                at = [compact(x.decode()) for x in current].index(pivot)
                inserted = calibrated(r, sizes, at, limit) if limit and r.random() < 0.6 else value(r, threshold, big)
                cmd = ["LINSERT", "k", r.choice(["BEFORE", "AFTER"]), pivot, inserted]
            elif d < 0.72:
                cmd = ["LSET", "k", str(r.randint(-n, n - 1)), value(r, threshold, big)]
            elif d < 0.80:
                cmd = ["LREM", "k", str(r.choice([0, 1, 2, -1, -2])), compact(current[r.randrange(n)].decode())]
            elif d < 0.86:
                cmd = ["LTRIM", "k", str(r.randint(-n, 5)), str(r.randint(-5, n))]
            elif d < 0.93:
                cmd = [r.choice(["LPOP", "RPOP"]), "k"] + ([str(r.randint(1, 6))] if r.random() < 0.5 else [])
            else:
                cmd = [r.choice(["LPOP", "RPOP"]), "k"]
            c.call(*[expand(a) if i >= 2 else a for i, a in enumerate(cmd)])
            shape, elements, _sizes = layout(c)
            assert elements == (c.call("LRANGE", "k", 0, -1) or []), "DUMP parse disagrees with LRANGE"
            out.write(" ".join(cmd) + " => " + " ".join(shape) + "\n")
    out.close()

main()
