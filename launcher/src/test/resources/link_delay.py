"""
Holds every packet the kernel queues to it (iptables -j NFQUEUE) for a random time and then lets it go, or
drops it: the latency and loss of a bad link, for a network namespace whose kernel has no netem.

usage: link_delay.py QUEUE DELAY_MS JITTER_MS LOSS SEED
Each packet waits DELAY_MS +/- JITTER_MS (uniform); LOSS (0..1) of them are dropped. The seed makes the
sequence of draws repeatable. Runs until killed.
"""
import heapq
import random
import select
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
SUBSYS_QUEUE = 3
MSG_PACKET, MSG_VERDICT, MSG_CONFIG = 0, 1, 2
REQUEST, ACK = 1, 4
CFG_CMD, CFG_PARAMS, CFG_QUEUE_MAXLEN, CFG_MASK, CFG_FLAGS = 1, 2, 3, 4, 5
CMD_BIND = 1
COPY_META = 1
FAIL_OPEN = 1
PACKET_HDR, VERDICT_HDR = 1, 2
DROP, ACCEPT = 0, 1
NLMSG_ERROR = 2


def attribute(kind, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + b'\0' * (-length % 4)


def message(kind, flags, queue, attributes, seq=0):
    body = struct.pack('>BBH', socket.AF_UNSPEC, 0, queue) + attributes
    return struct.pack('=IHHII', 16 + len(body), (SUBSYS_QUEUE << 8) | kind, flags, seq, 0) + body


def configure(sock, queue):
    for seq, attributes in enumerate([
            attribute(CFG_CMD, struct.pack('>BBH', CMD_BIND, 0, 0)),
            attribute(CFG_PARAMS, struct.pack('>IB', 0, COPY_META))
            + attribute(CFG_QUEUE_MAXLEN, struct.pack('>I', 65536))
            + attribute(CFG_MASK, struct.pack('>I', FAIL_OPEN)) + attribute(CFG_FLAGS, struct.pack('>I', FAIL_OPEN))], 1):
        sock.send(message(MSG_CONFIG, REQUEST | ACK, queue, attributes, seq))
        reply = sock.recv(65536)
        length, kind = struct.unpack_from('=IH', reply)
        if kind == NLMSG_ERROR and struct.unpack_from('=i', reply, 16)[0] != 0:
            sys.exit('link_delay: the kernel refused queue %d (error %d)' % (queue, struct.unpack_from('=i', reply, 16)[0]))


def packet_ids(data):
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from('=IH', data, offset)
        if length < 16:
            return
        if kind == (SUBSYS_QUEUE << 8) | MSG_PACKET:
            at = offset + 20
            while at + 4 <= offset + length:
                size, attr_kind = struct.unpack_from('=HH', data, at)
                if size < 4:
                    break
                if attr_kind & 0x7fff == PACKET_HDR:
                    yield struct.unpack_from('>I', data, at + 4)[0]
                    break
                at += (size + 3) & ~3
        offset += (length + 3) & ~3


def main():
    queue, delay, jitter, loss, seed = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    draws = random.Random(seed)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, 33, 16 * 1024 * 1024)  # SO_RCVBUFFORCE
    sock.bind((0, 0))
    configure(sock, queue)
    print('link_delay: queue %d, %.0f +/- %.0f ms, loss %.3f, seed %d' % (queue, delay, jitter, loss, seed), flush=True)
    held = []
    while True:
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else None
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            for packet in packet_ids(sock.recv(1 << 20)):
                if draws.random() < loss:
                    sock.send(message(MSG_VERDICT, REQUEST, queue, attribute(VERDICT_HDR, struct.pack('>II', DROP, packet))))
                else:
                    wait = max(0.0, delay + draws.uniform(-jitter, jitter)) / 1000
                    heapq.heappush(held, (time.monotonic() + wait, packet))
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, packet = heapq.heappop(held)
            sock.send(message(MSG_VERDICT, REQUEST, queue, attribute(VERDICT_HDR, struct.pack('>II', ACCEPT, packet))))


if __name__ == '__main__':
    main()
