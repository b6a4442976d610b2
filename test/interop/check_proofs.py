#!/usr/bin/env python3
"""An independent check of tally's proofs, with the Python standard library only.

    check_proofs.py EXPORT CHECKPOINT [--consistency PROOF OLD_CHECKPOINT] [--inclusion PROOF]

Recomputes the RFC 9162 tree head of a sealed export from its bytes (leaf n = SHA-256(0x00 ||
E(n)), E(n) the line without its chain member), compares it with the checkpoint's size and root
lines, and verifies a consistency proof file (tally prove-consistency) or an inclusion proof
({"index", "size", "proof"}) with the RFC's verification algorithms. Signatures are not checked
(the standard library has no Ed25519). Prints one "ok ..." line per check; exits 1 on the first
that fails.
"""
import base64
import hashlib
import json
import sys


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def event_bytes(line, number):
    # A sealed line is {"chain":"<64 hex>", then the event's members: E(n) is "{" and the rest.
    prefix = b'{"chain":"'
    if not line.startswith(prefix) or line[74:76] != b'",':
        fail(f"line {number}: not a sealed line")
    return b"{" + line[76:]


def tree_head(hashes):
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(tree_head(hashes[:k]), tree_head(hashes[k:]))


def read_checkpoint(path):
    text = open(path, "rb").read().decode("utf-8")
    body = text[: text.rindex("\n\n") + 1].split("\n")
    origin, size, root = body[0], int(body[1]), base64.b64decode(body[2])
    return origin, size, root


def verify_inclusion(leaf, index, size, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, proof):
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof
    if not proof:
        return False
    if first & (first - 1) == 0:
        proof = [first_hash] + proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_hash and sr == second_hash


def main(argv):
    export_path, checkpoint_path, rest = argv[1], argv[2], argv[3:]
    data = open(export_path, "rb").read()
    if not data.endswith(b"\n"):
        fail("the export does not end with LF")
    lines = data[:-1].split(b"\n")
    hashes = [leaf_hash(event_bytes(line, i + 1)) for i, line in enumerate(lines)]
    origin, size, root = read_checkpoint(checkpoint_path)
    if size > len(hashes):
        fail(f"the checkpoint signs {size} events, the export has {len(hashes)}")
    if tree_head(hashes[:size]) != root:
        fail(f"lines 1-{size} do not give the root of {checkpoint_path}")
    print(f"ok tree head: {origin}, {size} events, {base64.b64encode(root).decode()}")
    while rest:
        kind, path = rest[0], rest[1]
        if kind == "--consistency":
            old_origin, old_size, old_root = read_checkpoint(rest[2])
            proof = json.loads(open(path, "rb").read())
            hashes_ = [base64.b64decode(h) for h in proof["proof"]]
            if (proof["origin"], proof["oldSize"], proof["newSize"]) != (old_origin, old_size, size):
                fail("the proof is for other checkpoints")
            if old_origin != origin or not verify_consistency(old_size, size, old_root, root, hashes_):
                fail("consistency proof")
            print(f"ok consistency: {old_size} -> {size} events")
            rest = rest[3:]
        elif kind == "--inclusion":
            proof = json.loads(open(path, "rb").read())
            index = proof["index"]
            leaf = hashes[index]
            hashes_ = [base64.b64decode(h) for h in proof["proof"]]
            if proof["size"] != size or not verify_inclusion(leaf, index, size, hashes_, root):
                fail(f"inclusion proof of line {index + 1}")
            print(f"ok inclusion: line {index + 1} of {size}")
            rest = rest[2:]
        else:
            fail(f"unknown option {kind}")


if __name__ == "__main__":
    main(sys.argv)
