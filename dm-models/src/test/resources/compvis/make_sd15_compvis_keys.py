"""Writes sd15-compvis.keys.tsv: the parameter names and shapes of an original (CompVis/LDM) SD 1.5
single-file checkpoint, derived from the LDM architecture definitions, not from any conversion table:
  UNet: CompVis stable-diffusion ldm/modules/diffusionmodules/openaimodel.py UNetModel with
        v1-inference.yaml (model_channels 320, channel_mult 1,2,4,4, num_res_blocks 2,
        attention_resolutions 4,2,1, num_heads 8, transformer_depth 1, context_dim 768);
  VAE:  ldm/modules/diffusionmodules/model.py Encoder/Decoder + ldm/models/autoencoder.py
        (ch 128, ch_mult 1,2,4,4, num_res_blocks 2, z_channels 4, embed_dim 4, attn_resolutions []);
  text: FrozenCLIPEmbedder = transformers CLIPTextModel(openai/clip-vit-large-patch14) under
        cond_stage_model.transformer (+ the position_ids buffer older transformers saved);
  plus the DDPM schedule buffers of ldm/models/diffusion/ddpm.py register_schedule.
Run: python3 make_sd15_compvis_keys.py ../sd15/sd15-text_encoder.keys.tsv > sd15-compvis.keys.tsv
"""
import sys

rows = []
def add(name, *shape):
    rows.append((name, shape))

# ---------------- UNet (openaimodel.py) ----------------
U = "model.diffusion_model."
mc, mult, nres, ctx, emb = 320, [1, 2, 4, 4], 2, 768, 1280
attn_ds = {1, 2, 4}

def resblock(p, cin, cout):
    add(p + "in_layers.0.weight", cin); add(p + "in_layers.0.bias", cin)          # GroupNorm
    add(p + "in_layers.2.weight", cout, cin, 3, 3); add(p + "in_layers.2.bias", cout)
    add(p + "emb_layers.1.weight", cout, emb); add(p + "emb_layers.1.bias", cout)
    add(p + "out_layers.0.weight", cout); add(p + "out_layers.0.bias", cout)
    add(p + "out_layers.3.weight", cout, cout, 3, 3); add(p + "out_layers.3.bias", cout)
    if cin != cout:
        add(p + "skip_connection.weight", cout, cin, 1, 1); add(p + "skip_connection.bias", cout)

def spatial_transformer(p, c):
    add(p + "norm.weight", c); add(p + "norm.bias", c)
    add(p + "proj_in.weight", c, c, 1, 1); add(p + "proj_in.bias", c)
    b = p + "transformer_blocks.0."
    for a, kv in (("attn1", c), ("attn2", ctx)):
        add(b + a + ".to_q.weight", c, c)
        add(b + a + ".to_k.weight", c, kv)
        add(b + a + ".to_v.weight", c, kv)
        add(b + a + ".to_out.0.weight", c, c); add(b + a + ".to_out.0.bias", c)
    add(b + "ff.net.0.proj.weight", 8 * c, c); add(b + "ff.net.0.proj.bias", 8 * c)   # GEGLU
    add(b + "ff.net.2.weight", c, 4 * c); add(b + "ff.net.2.bias", c)
    for n in ("norm1", "norm2", "norm3"):
        add(b + n + ".weight", c); add(b + n + ".bias", c)
    add(p + "proj_out.weight", c, c, 1, 1); add(p + "proj_out.bias", c)

add(U + "time_embed.0.weight", emb, mc); add(U + "time_embed.0.bias", emb)
add(U + "time_embed.2.weight", emb, emb); add(U + "time_embed.2.bias", emb)
add(U + "input_blocks.0.0.weight", mc, 4, 3, 3); add(U + "input_blocks.0.0.bias", mc)
chans, ch, ds, n = [mc], mc, 1, 1
for level, m in enumerate(mult):
    for _ in range(nres):
        resblock(U + f"input_blocks.{n}.0.", ch, m * mc)
        ch = m * mc
        if ds in attn_ds:
            spatial_transformer(U + f"input_blocks.{n}.1.", ch)
        chans.append(ch); n += 1
    if level != len(mult) - 1:
        add(U + f"input_blocks.{n}.0.op.weight", ch, ch, 3, 3); add(U + f"input_blocks.{n}.0.op.bias", ch)
        chans.append(ch); n += 1; ds *= 2
resblock(U + "middle_block.0.", ch, ch)
spatial_transformer(U + "middle_block.1.", ch)
resblock(U + "middle_block.2.", ch, ch)
n = 0
for level, m in list(enumerate(mult))[::-1]:
    for i in range(nres + 1):
        ich = chans.pop()
        resblock(U + f"output_blocks.{n}.0.", ch + ich, m * mc)
        ch = m * mc
        k = 1
        if ds in attn_ds:
            spatial_transformer(U + f"output_blocks.{n}.1.", ch); k = 2
        if level and i == nres:
            add(U + f"output_blocks.{n}.{k}.conv.weight", ch, ch, 3, 3); add(U + f"output_blocks.{n}.{k}.conv.bias", ch)
            ds //= 2
        n += 1
add(U + "out.0.weight", mc); add(U + "out.0.bias", mc)
add(U + "out.2.weight", 4, mc, 3, 3); add(U + "out.2.bias", 4)

# ---------------- VAE (model.py Encoder/Decoder, autoencoder.py) ----------------
V = "first_stage_model."
vch, vmult, z = 128, [1, 2, 4, 4], 4

def vres(p, cin, cout):
    add(p + "norm1.weight", cin); add(p + "norm1.bias", cin)
    add(p + "conv1.weight", cout, cin, 3, 3); add(p + "conv1.bias", cout)
    add(p + "norm2.weight", cout); add(p + "norm2.bias", cout)
    add(p + "conv2.weight", cout, cout, 3, 3); add(p + "conv2.bias", cout)
    if cin != cout:
        add(p + "nin_shortcut.weight", cout, cin, 1, 1); add(p + "nin_shortcut.bias", cout)

def vattn(p, c):
    add(p + "norm.weight", c); add(p + "norm.bias", c)
    for q in ("q", "k", "v", "proj_out"):
        add(p + q + ".weight", c, c, 1, 1); add(p + q + ".bias", c)

def mid(p, c):
    vres(p + "mid.block_1.", c, c); vattn(p + "mid.attn_1.", c); vres(p + "mid.block_2.", c, c)

E = V + "encoder."
add(E + "conv_in.weight", vch, 3, 3, 3); add(E + "conv_in.bias", vch)
in_mult = [1] + vmult
for i in range(len(vmult)):
    bin_, bout = vch * in_mult[i], vch * vmult[i]
    for j in range(2):
        vres(E + f"down.{i}.block.{j}.", bin_, bout); bin_ = bout
    if i != len(vmult) - 1:
        add(E + f"down.{i}.downsample.conv.weight", bin_, bin_, 3, 3); add(E + f"down.{i}.downsample.conv.bias", bin_)
mid(E, 512)
add(E + "norm_out.weight", 512); add(E + "norm_out.bias", 512)
add(E + "conv_out.weight", 2 * z, 512, 3, 3); add(E + "conv_out.bias", 2 * z)
D = V + "decoder."
add(D + "conv_in.weight", 512, z, 3, 3); add(D + "conv_in.bias", 512)
mid(D, 512)
bin_ = 512
for i in reversed(range(len(vmult))):
    bout = vch * vmult[i]
    for j in range(3):
        vres(D + f"up.{i}.block.{j}.", bin_, bout); bin_ = bout
    if i != 0:
        add(D + f"up.{i}.upsample.conv.weight", bin_, bin_, 3, 3); add(D + f"up.{i}.upsample.conv.bias", bin_)
add(D + "norm_out.weight", vch); add(D + "norm_out.bias", vch)
add(D + "conv_out.weight", 3, vch, 3, 3); add(D + "conv_out.bias", 3)
add(V + "quant_conv.weight", 2 * z, 2 * z, 1, 1); add(V + "quant_conv.bias", 2 * z)
add(V + "post_quant_conv.weight", z, z, 1, 1); add(V + "post_quant_conv.bias", z)

# ---------------- text encoder (FrozenCLIPEmbedder) ----------------
for line in open(sys.argv[1]):
    name, shape = line.rstrip("\n").split("\t")
    add("cond_stage_model.transformer." + name, *map(int, shape.split(",")))
add("cond_stage_model.transformer.text_model.embeddings.position_ids", 1, 77)

# ---------------- DDPM schedule buffers (ddpm.py register_schedule) ----------------
for b in ("betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
          "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod",
          "posterior_variance", "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2"):
    add(b, 1000)

for name, shape in rows:
    print(name + "\t" + ",".join(map(str, shape)))
