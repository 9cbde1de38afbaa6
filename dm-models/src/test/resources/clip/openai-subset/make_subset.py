# Reference CLIP BPE (transformers' CLIPTokenizer without ftfy) used to build a small real-id fixture.
import gzip, json, sys, unicodedata, regex as re
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~")+1)) + list(range(ord("¡"), ord("¬")+1)) + list(range(ord("®"), ord("ÿ")+1))
    cs = bs[:]; n = 0
    for b in range(256):
        if b not in bs: bs.append(b); cs.append(256+n); n += 1
    return dict(zip(bs, [chr(c) for c in cs]))
lines = gzip.open(sys.argv[1]).read().decode("utf-8").split("\n")
merges = [tuple(m.split()) for m in lines[1:49152-256-2+1]]
be = bytes_to_unicode()
vocab = list(be.values()); vocab += [v+"</w>" for v in vocab]
vocab += ["".join(m) for m in merges]; vocab += ["<|startoftext|>", "<|endoftext|>"]
enc = {v: i for i, v in enumerate(vocab)}
ranks = {m: i for i, m in enumerate(merges)}
used = set()
def bpe(token):
    word = tuple(token[:-1]) + (token[-1] + "</w>",)
    while len(word) > 1:
        pairs = set(zip(word, word[1:]))
        big = min(pairs, key=lambda p: ranks.get(p, float("inf")))
        if big not in ranks: break
        used.add(big)
        out = []; i = 0
        while i < len(word):
            if i < len(word)-1 and word[i] == big[0] and word[i+1] == big[1]:
                out.append(big[0]+big[1]); i += 2
            else:
                out.append(word[i]); i += 1
        word = tuple(out)
    return list(word)
def is_control(c):
    if c in "\t\n\r": return False
    return unicodedata.category(c).startswith("C")
def is_ws(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"
def cjk(cp):
    return (0x4E00<=cp<=0x9FFF or 0x3400<=cp<=0x4DBF or 0x20000<=cp<=0x2A6DF or 0x2A700<=cp<=0x2B73F or
            0x2B740<=cp<=0x2B81F or 0x2B820<=cp<=0x2CEAF or 0xF900<=cp<=0xFAFF or 0x2F800<=cp<=0x2FA1F)
def clean(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or is_control(c): continue
        out.append(" " if is_ws(c) else c)
    text = "".join(out)
    text = "".join(" "+c+" " if cjk(ord(c)) else c for c in text)
    text = unicodedata.normalize("NFC", text)
    toks = [t.lower() for t in text.strip().split()]
    return " ".join(" ".join(toks).split())
pat = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)
def encode(text):
    ids = []
    for tok in re.findall(pat, clean(text)):
        if tok in ("<|startoftext|>", "<|endoftext|>"):
            ids.append(enc[tok]); continue
        t = "".join(be[b] for b in tok.encode("utf-8"))
        ids += [enc[p] for p in bpe(t)]
    return ids
phrases = json.load(open(sys.argv[2]))
result = []
for p in phrases:
    result.append({"text": p, "ids": [49406] + encode(p) + [49407]})
out = sys.argv[3]
used_sorted = sorted(used, key=lambda m: ranks[m])
needed = set(vocab[:512]) | {"<|startoftext|>", "<|endoftext|>"}
for r in result:
    for i in r["ids"]: needed.add(vocab[i])
sub = {v: enc[v] for v in vocab if v in needed}
json.dump(sub, open(out+"/vocab.json", "w", encoding="utf-8"), ensure_ascii=False, indent=0, sort_keys=False)
with open(out+"/merges.txt", "w", encoding="utf-8") as f:
    f.write("#version: 0.2 (subset of the OpenAI CLIP bpe_simple_vocab_16e6 merges, rank order kept)\n")
    for m in used_sorted: f.write(m[0]+" "+m[1]+"\n")
json.dump(result, open(out+"/expected-ids.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(len(sub), len(used_sorted))
for r in result: print(r)
