#!/usr/bin/env python3
"""Independent numpy reference for the dm-schedulers golden tests.

Written from the formulas of Hugging Face diffusers (src/diffusers/schedulers/scheduling_ddpm.py,
scheduling_ddim.py, scheduling_euler_discrete.py, scheduling_euler_ancestral_discrete.py,
scheduling_dpmsolver_multistep.py, read at commit 58eb52c0) with numpy only: diffusers is not run
(it is not installed). The Java code in dm-schedulers is a separate implementation; the tests compare
the two through the JSON this script writes.

Precision conventions (the same ones the Java side documents in NoiseSchedule):
  * betas are float32 (diffusers keeps them in a float32 torch tensor); linspace is evaluated in float64
    and rounded to float32 once;
  * alphas = 1 - betas in float32; alphas_cumprod = cumprod accumulated in float64 and rounded to float32
    (torch's CPU cumprod accumulates float32 input in double);
  * everything downstream (sigmas, timesteps interpolation, sampling loop) is float64 here.

Usage:  python3 tools/reference/schedulers_reference.py [out.json]
default out: dm-schedulers/src/test/resources/golden/schedulers_golden.json
"""
import json
import math
import os
import sys

import numpy as np

F32 = np.float32


# ----------------------------------------------------------------------------------------------
# 1. Beta schedules and alphas_cumprod (scheduling_ddpm.py: __init__, betas_for_alpha_bar,
#    rescale_zero_terminal_snr)
# ----------------------------------------------------------------------------------------------

def betas_for_alpha_bar(n, max_beta=0.999):
    """Glide cosine schedule: beta_i = min(1 - abar((i+1)/n) / abar(i/n), max_beta)."""
    def abar(t):
        return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
    return np.array([min(1 - abar((i + 1) / n) / abar(i / n), max_beta) for i in range(n)], dtype=F32)


def rescale_zero_terminal_snr(betas):
    """arXiv 2305.08891 Algorithm 1, evaluated in float64, returned as float32."""
    alphas = 1.0 - betas.astype(np.float64)
    abar_sqrt = np.sqrt(np.cumprod(alphas))
    a0, aT = abar_sqrt[0], abar_sqrt[-1]
    abar_sqrt = (abar_sqrt - aT) * (a0 / (a0 - aT))
    abar = abar_sqrt ** 2
    alphas = np.concatenate([abar[0:1], abar[1:] / abar[:-1]])
    return (1 - alphas).astype(F32)


def make_betas(cfg):
    n = cfg["num_train_timesteps"]
    if cfg.get("trained_betas") is not None:
        betas = np.array(cfg["trained_betas"], dtype=F32)
    elif cfg["beta_schedule"] == "linear":
        betas = np.linspace(cfg["beta_start"], cfg["beta_end"], n).astype(F32)
    elif cfg["beta_schedule"] == "scaled_linear":
        r = np.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, n).astype(F32)
        betas = (r * r).astype(F32)
    elif cfg["beta_schedule"] == "squaredcos_cap_v2":
        betas = betas_for_alpha_bar(n)
    else:
        raise ValueError(cfg["beta_schedule"])
    if cfg.get("rescale_betas_zero_snr", False):
        betas = rescale_zero_terminal_snr(betas)
    return betas


def make_alphas_cumprod(betas):
    alphas = (F32(1.0) - betas).astype(F32)
    return np.cumprod(alphas.astype(np.float64)).astype(F32)


def train_sigmas(acp):
    """sigma_t = sqrt((1 - abar_t) / abar_t), index t = 0..N-1 (increasing)."""
    a = acp.astype(np.float64)
    return np.sqrt((1 - a) / a)


# ----------------------------------------------------------------------------------------------
# 2. Timestep spacing (Table 2 of arXiv 2305.08891, as each diffusers scheduler writes it)
# ----------------------------------------------------------------------------------------------

def trailing_arange(start, ratio):
    """np.arange(start, 0, -ratio) as diffusers calls it."""
    return np.arange(start, 0, -ratio)


def timesteps_discrete(cfg, n):
    """DDPMScheduler / DDIMScheduler.set_timesteps: int64 timesteps."""
    N, sp = cfg["num_train_timesteps"], cfg["timestep_spacing"]
    if sp == "linspace":
        ts = np.linspace(0, N - 1, n).round()[::-1].astype(np.int64)
    elif sp == "leading":
        ratio = N // n
        ts = (np.arange(0, n) * ratio).round()[::-1].astype(np.int64) + cfg["steps_offset"]
    elif sp == "trailing":
        ts = np.round(trailing_arange(N, N / n)).astype(np.int64) - 1
    else:
        raise ValueError(sp)
    assert len(ts) == n
    return ts


def timesteps_euler(cfg, n):
    """EulerDiscreteScheduler / EulerAncestralDiscreteScheduler.set_timesteps: float32 timesteps."""
    N, sp = cfg["num_train_timesteps"], cfg["timestep_spacing"]
    if sp == "linspace":
        ts = np.linspace(0, N - 1, n, dtype=F32)[::-1].copy()
    elif sp == "leading":
        ratio = N // n
        ts = (np.arange(0, n) * ratio).round()[::-1].astype(F32) + F32(cfg["steps_offset"])
    elif sp == "trailing":
        ts = trailing_arange(N, N / n).round().astype(F32) - F32(1)
    else:
        raise ValueError(sp)
    assert len(ts) == n
    return ts.astype(F32)


def timesteps_dpm(cfg, n, lambda_t):
    """DPMSolverMultistepScheduler.set_timesteps (no Karras): int64 timesteps over [0, last_timestep)."""
    N, sp = cfg["num_train_timesteps"], cfg["timestep_spacing"]
    lmc = cfg.get("lambda_min_clipped", -math.inf)
    clipped_idx = int(np.searchsorted(lambda_t[::-1], lmc, side="left"))
    last = N - clipped_idx
    if sp == "linspace":
        ts = np.linspace(0, last - 1, n + 1).round()[::-1][:-1].astype(np.int64)
    elif sp == "leading":
        ratio = last // (n + 1)
        ts = (np.arange(0, n + 1) * ratio).round()[::-1][:-1].astype(np.int64) + cfg["steps_offset"]
    elif sp == "trailing":
        ts = trailing_arange(last, N / n).round().astype(np.int64) - 1
    else:
        raise ValueError(sp)
    return ts


def karras(sigma_min, sigma_max, n, rho=7.0):
    """Karras et al. 2022 eq. (5): (max^(1/rho) + i/(n-1) (min^(1/rho) - max^(1/rho)))^rho."""
    ramp = np.linspace(0, 1, n)
    lo, hi = sigma_min ** (1 / rho), sigma_max ** (1 / rho)
    return (hi + ramp * (lo - hi)) ** rho


def exponential(sigma_min, sigma_max, n):
    return np.exp(np.linspace(math.log(sigma_max), math.log(sigma_min), n))


def sigma_to_t(sigma, log_sigmas):
    """Piecewise-linear inverse of log sigma(t) (diffusers _sigma_to_t)."""
    log_sigma = np.log(max(sigma, 1e-10))
    below = np.nonzero(log_sigmas <= log_sigma)[0]
    low = below[-1] if len(below) else 0
    low = min(low, len(log_sigmas) - 2)
    high = low + 1
    w = (log_sigmas[low] - log_sigma) / (log_sigmas[low] - log_sigmas[high])
    w = min(max(w, 0.0), 1.0)
    return (1 - w) * low + w * high


# ----------------------------------------------------------------------------------------------
# 3. Schedulers (numpy, float64 state)
# ----------------------------------------------------------------------------------------------

def x0_from(pred, model_output, sample, a, b):
    """pred x0 for VP parametrisation x = sqrt(a) x0 + sqrt(b) eps (a = abar_t, b = 1 - abar_t)."""
    if pred == "epsilon":
        return (sample - math.sqrt(b) * model_output) / math.sqrt(a)
    if pred == "sample":
        return model_output
    if pred == "v_prediction":
        return math.sqrt(a) * sample - math.sqrt(b) * model_output
    raise ValueError(pred)


def threshold(x0, ratio, max_value):
    """Imagen dynamic thresholding (diffusers _threshold_sample): per sample s = quantile(|x0|, ratio) in [1, max]."""
    b = x0.shape[0]
    flat = x0.reshape(b, -1)
    q = np.quantile(np.abs(flat), ratio, axis=1)
    q = np.clip(q, 1, max_value)[:, None]
    return (np.clip(flat, -q, q) / q).reshape(x0.shape)


class Ddpm:
    def __init__(self, cfg):
        self.cfg = cfg
        self.acp = make_alphas_cumprod(make_betas(cfg)).astype(np.float64)
        self.init_noise_sigma = 1.0

    def set_timesteps(self, n):
        self.timesteps = timesteps_discrete(self.cfg, n)

    def scale(self, x, t):
        return x

    def step(self, out, t, x, noise):
        i = list(self.timesteps).index(t)
        prev_t = self.timesteps[i + 1] if i + 1 < len(self.timesteps) else -1
        a_t = self.acp[t]
        a_prev = self.acp[prev_t] if prev_t >= 0 else 1.0
        b_t, b_prev = 1 - a_t, 1 - a_prev
        cur_alpha = a_t / a_prev
        cur_beta = 1 - cur_alpha
        x0 = x0_from(self.cfg["prediction_type"], out, x, a_t, b_t)
        if self.cfg["clip_sample"]:
            r = self.cfg["clip_sample_range"]
            x0 = np.clip(x0, -r, r)
        # DDPM eq. (7): mu = sqrt(abar_prev) beta_t / (1-abar_t) x0 + sqrt(alpha_t) (1-abar_prev)/(1-abar_t) x_t
        mu = (math.sqrt(a_prev) * cur_beta / b_t) * x0 + (math.sqrt(cur_alpha) * b_prev / b_t) * x
        if t > 0:
            var = max(b_prev / b_t * cur_beta, 1e-20)
            vt = self.cfg["variance_type"]
            if vt == "fixed_small":
                std = math.sqrt(var)
            elif vt == "fixed_small_log":
                std = math.exp(0.5 * math.log(var))
            elif vt == "fixed_large":
                std = math.sqrt(cur_beta)
            else:
                raise ValueError(vt)
            mu = mu + std * noise()
        return mu, x0


class Ddim:
    def __init__(self, cfg, eta=0.0):
        self.cfg, self.eta = cfg, eta
        self.acp = make_alphas_cumprod(make_betas(cfg)).astype(np.float64)
        self.final = 1.0 if cfg["set_alpha_to_one"] else self.acp[0]
        self.init_noise_sigma = 1.0

    def set_timesteps(self, n):
        self.n = n
        self.timesteps = timesteps_discrete(self.cfg, n)

    def scale(self, x, t):
        return x

    def step(self, out, t, x, noise):
        prev_t = t - self.cfg["num_train_timesteps"] // self.n
        a_t = self.acp[t]
        a_prev = self.acp[prev_t] if prev_t >= 0 else self.final
        b_t = 1 - a_t
        pred = self.cfg["prediction_type"]
        x0 = x0_from(pred, out, x, a_t, b_t)
        if pred == "epsilon":
            eps = out
        elif pred == "sample":
            eps = (x - math.sqrt(a_t) * x0) / math.sqrt(b_t)
        else:
            eps = math.sqrt(a_t) * out + math.sqrt(b_t) * x
        if self.cfg["clip_sample"]:
            r = self.cfg["clip_sample_range"]
            x0 = np.clip(x0, -r, r)
        # DDIM eq. (12) and (16)
        var = (1 - a_prev) / b_t * (1 - a_t / a_prev)
        std = self.eta * math.sqrt(var)
        prev = math.sqrt(a_prev) * x0 + math.sqrt(1 - a_prev - std ** 2) * eps
        if self.eta > 0:
            prev = prev + std * noise()
        return prev, x0


class EulerBase:
    """Shared sigma bookkeeping of EulerDiscrete and EulerAncestralDiscrete."""

    def __init__(self, cfg):
        self.cfg = cfg
        acp = make_alphas_cumprod(make_betas(cfg))
        if cfg.get("rescale_betas_zero_snr", False):
            acp[-1] = F32(2.0 ** -24)
        self.acp = acp
        self.train_sigmas = train_sigmas(acp)

    def set_timesteps(self, n):
        cfg = self.cfg
        ts = timesteps_euler(cfg, n)
        sig = np.interp(ts.astype(np.float64), np.arange(len(self.train_sigmas)), self.train_sigmas)
        log_sigmas = np.log(self.train_sigmas)
        if cfg.get("use_karras_sigmas", False) or cfg.get("use_exponential_sigmas", False):
            smin = cfg.get("sigma_min") if cfg.get("sigma_min") is not None else sig[-1]
            smax = cfg.get("sigma_max") if cfg.get("sigma_max") is not None else sig[0]
            sig = karras(smin, smax, n) if cfg.get("use_karras_sigmas", False) else exponential(smin, smax, n)
            ts = np.array([sigma_to_t(s, log_sigmas) for s in sig]).astype(F32)
        last = self.train_sigmas[0] if cfg.get("final_sigmas_type", "zero") == "sigma_min" else 0.0
        self.sigmas = np.concatenate([sig, [last]]).astype(F32).astype(np.float64)
        self.timesteps = ts.astype(F32)
        self.step_index = None

    @property
    def init_noise_sigma(self):
        m = self.sigmas.max()
        return m if self.cfg["timestep_spacing"] in ("linspace", "trailing") else math.sqrt(m * m + 1)

    def _index(self, t):
        if self.step_index is None:
            idx = [i for i, v in enumerate(self.timesteps) if v == t]
            self.step_index = idx[1] if len(idx) > 1 else idx[0]
        return self.step_index

    def scale(self, x, t):
        s = self.sigmas[self._index(t)]
        return x / math.sqrt(s * s + 1)

    def x0(self, out, x, s):
        pred = self.cfg["prediction_type"]
        if pred == "epsilon":
            return x - s * out
        if pred == "v_prediction":
            return out * (-s / math.sqrt(s * s + 1)) + x / (s * s + 1)
        if pred == "sample":
            return out
        raise ValueError(pred)


class Euler(EulerBase):
    def step(self, out, t, x, noise):
        i = self._index(t)
        s = self.sigmas[i]
        x0 = self.x0(out, x, s)
        d = (x - x0) / s                      # Karras ODE derivative
        prev = x + d * (self.sigmas[i + 1] - s)
        self.step_index += 1
        return prev, x0


class EulerAncestral(EulerBase):
    def step(self, out, t, x, noise):
        i = self._index(t)
        s_from, s_to = self.sigmas[i], self.sigmas[i + 1]
        x0 = self.x0(out, x, s_from)
        s_up = math.sqrt(s_to ** 2 * (s_from ** 2 - s_to ** 2) / s_from ** 2)
        s_down = math.sqrt(s_to ** 2 - s_up ** 2)
        d = (x - x0) / s_from
        prev = x + d * (s_down - s_from) + noise() * s_up
        self.step_index += 1
        return prev, x0


class DpmSolverPP2M:
    """DPM-Solver++(2M), midpoint, arXiv 2211.01095 Algorithm 2 as in diffusers."""

    def __init__(self, cfg):
        self.cfg = cfg
        acp = make_alphas_cumprod(make_betas(cfg))
        if cfg.get("rescale_betas_zero_snr", False):
            acp[-1] = F32(2.0 ** -24)
        self.acp = acp
        a = acp.astype(np.float64)
        self.lambda_t = np.log(np.sqrt(a)) - np.log(np.sqrt(1 - a))
        self.train_sigmas = train_sigmas(acp)
        self.init_noise_sigma = 1.0

    def set_timesteps(self, n):
        cfg = self.cfg
        ts = timesteps_dpm(cfg, n, self.lambda_t)
        log_sigmas = np.log(self.train_sigmas)
        if cfg.get("use_karras_sigmas", False) or cfg.get("use_exponential_sigmas", False):
            flipped = self.train_sigmas[::-1]
            fn = karras if cfg.get("use_karras_sigmas", False) else exponential
            sig = fn(flipped[-1], flipped[0], n)
            ts = np.array([sigma_to_t(s, log_sigmas) for s in sig])
            if cfg["beta_schedule"] != "squaredcos_cap_v2":
                ts = ts.round()
            ts = ts.astype(np.int64)
        else:
            sig = np.interp(ts.astype(np.float64), np.arange(len(self.train_sigmas)), self.train_sigmas)
        last = self.train_sigmas[0] if cfg["final_sigmas_type"] == "sigma_min" else 0.0
        self.sigmas = np.concatenate([sig, [last]]).astype(F32).astype(np.float64)
        self.timesteps = ts
        self.outputs = [None, None]
        self.lower_order_nums = 0
        self.step_index = None

    def scale(self, x, t):
        return x

    @staticmethod
    def alpha_sigma(s):
        a = 1 / math.sqrt(s * s + 1)
        return a, s * a

    def step(self, out, t, x, noise):
        if self.step_index is None:
            idx = [i for i, v in enumerate(self.timesteps) if v == t]
            self.step_index = idx[1] if len(idx) > 1 else idx[0]
        i, n = self.step_index, len(self.timesteps)
        cfg = self.cfg
        lower_final = i == n - 1 and (cfg.get("euler_at_final", False) or (cfg["lower_order_final"] and n < 15)
                                      or cfg["final_sigmas_type"] == "zero")
        a_s0, s_s0 = self.alpha_sigma(self.sigmas[i])
        pred = cfg["prediction_type"]
        if pred == "epsilon":
            x0 = (x - s_s0 * out) / a_s0
        elif pred == "sample":
            x0 = out
        else:
            x0 = a_s0 * x - s_s0 * out
        if cfg.get("thresholding", False):
            x0 = threshold(x0, cfg["dynamic_thresholding_ratio"], cfg["sample_max_value"])
        self.outputs = [self.outputs[1], x0]
        a_t, s_t = self.alpha_sigma(self.sigmas[i + 1])
        lam_t = math.log(a_t) - math.log(s_t) if s_t > 0 else math.inf
        lam_s0 = math.log(a_s0) - math.log(s_s0)
        h = lam_t - lam_s0
        sde = cfg["algorithm_type"] == "sde-dpmsolver++"
        heun = cfg.get("solver_type", "midpoint") == "heun"
        z = noise() if sde else None
        em = math.exp(-h)                  # e^-h (0 when sigma_t = 0)
        if self.lower_order_nums < 1 or lower_final:
            if sde:
                # SDE-DPM-Solver++ first order (arXiv 2211.01095 sec. 5, diffusers dpm_solver_first_order_update)
                prev = (s_t / s_s0 * em) * x + (a_t * (1 - em * em)) * x0 + s_t * math.sqrt(1 - em * em) * z
            else:
                # first order (DDIM): x_t = sigma_t/sigma_s x - alpha_t (e^-h - 1) x0
                prev = (s_t / s_s0) * x - (a_t * (em - 1.0)) * x0
        else:
            a_s1, s_s1 = self.alpha_sigma(self.sigmas[i - 1])
            lam_s1 = math.log(a_s1) - math.log(s_s1)
            h0 = lam_s0 - lam_s1
            r0 = h0 / h if h != 0 else math.inf   # IEEE as torch: h = 0 (sigma_t = sigma_s0) gives D1 = 0
            m0, m1 = self.outputs[1], self.outputs[0]
            d0, d1 = m0, (1.0 / r0) * (m0 - m1)
            if sde:
                c1 = a_t * ((1.0 - em * em) / (-2.0 * h) + 1.0) if heun else 0.5 * (a_t * (1 - em * em))
                prev = ((s_t / s_s0 * em) * x + (a_t * (1 - em * em)) * d0 + c1 * d1
                        + s_t * math.sqrt(1 - em * em) * z)
            else:
                c1 = a_t * ((em - 1.0) / h + 1.0) if heun else -0.5 * (a_t * (em - 1.0))
                prev = (s_t / s_s0) * x - (a_t * (em - 1.0)) * d0 + c1 * d1
        if self.lower_order_nums < 2:
            self.lower_order_nums += 1
        self.step_index += 1
        return prev, x0


# ----------------------------------------------------------------------------------------------
# 4. Golden cases
# ----------------------------------------------------------------------------------------------

SD = {"num_train_timesteps": 1000, "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear"}
SHAPE = (2, 4, 4, 4)


def defaults(kind):
    """diffusers __init__ defaults of each class (only the keys this reference reads)."""
    base = {"num_train_timesteps": 1000, "beta_start": 0.0001, "beta_end": 0.02, "beta_schedule": "linear",
            "trained_betas": None, "prediction_type": "epsilon", "steps_offset": 0, "rescale_betas_zero_snr": False}
    if kind == "DDPMScheduler":
        base.update(variance_type="fixed_small", clip_sample=True, clip_sample_range=1.0, timestep_spacing="leading")
    elif kind == "DDIMScheduler":
        base.update(clip_sample=True, clip_sample_range=1.0, set_alpha_to_one=True, timestep_spacing="leading")
    elif kind in ("EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler"):
        base.update(timestep_spacing="linspace", use_karras_sigmas=False, use_exponential_sigmas=False,
                    sigma_min=None, sigma_max=None, final_sigmas_type="zero")
    elif kind == "DPMSolverMultistepScheduler":
        base.update(timestep_spacing="linspace", solver_order=2, algorithm_type="dpmsolver++",
                    lower_order_final=True, use_karras_sigmas=False, use_exponential_sigmas=False,
                    final_sigmas_type="zero", lambda_min_clipped=-math.inf)
    return base


def build(kind, cfg, eta):
    if kind == "DDPMScheduler":
        return Ddpm(cfg)
    if kind == "DDIMScheduler":
        return Ddim(cfg, eta)
    if kind == "EulerDiscreteScheduler":
        return Euler(cfg)
    if kind == "EulerAncestralDiscreteScheduler":
        return EulerAncestral(cfg)
    if kind == "DPMSolverMultistepScheduler":
        return DpmSolverPP2M(cfg)
    raise ValueError(kind)


def toy_model(x_in, t, phase):
    """The fixed deterministic 'denoiser' shared with the Java test: 0.1 x + 0.2 cos(phase + 0.01 t)."""
    return 0.1 * x_in + 0.2 * np.cos(phase + 0.01 * float(t))


def sampling_case(name, kind, overrides, steps=10, eta=0.0, seed=0):
    cfg = defaults(kind)
    cfg.update(overrides)
    sch = build(kind, cfg, eta)
    sch.set_timesteps(steps)
    count = int(np.prod(SHAPE))
    idx = np.arange(count, dtype=np.float64)
    x_init = np.sin(0.37 * idx + 0.1).astype(F32).astype(np.float64).reshape(SHAPE)
    phase = (0.1 * idx).astype(F32).astype(np.float64).reshape(SHAPE)
    rng = np.random.RandomState(seed)
    noises = []

    def noise():
        z = rng.standard_normal(SHAPE).astype(F32).astype(np.float64)
        noises.append(z)
        return z

    x = x_init * sch.init_noise_sigma
    x0 = None
    step_sums = []
    for t in sch.timesteps:
        t_item = t.item()
        x_in = sch.scale(x, t_item)
        out = toy_model(x_in, t_item, phase)
        x, x0 = sch.step(out, t_item, x, noise)
        step_sums.append(float(x.sum()))
    config = {"_class_name": kind}
    config.update({k: v for k, v in overrides.items()})
    return {
        "name": name, "class_name": kind, "config": config, "eta": eta, "steps": steps,
        "shape": list(SHAPE),
        "timesteps": [float(t) for t in sch.timesteps],
        "sigmas": [float(s) for s in getattr(sch, "sigmas", [])],
        "init_noise_sigma": float(sch.init_noise_sigma),
        "noise": [z.ravel().tolist() for z in noises],
        "step_sums": step_sums,
        "final_sample": x.ravel().tolist(),
        "final_pred_original_sample": x0.ravel().tolist(),
    }


def schedule_cases():
    cases = []
    for name, over in [
        ("linear_default", {}),
        ("sd_scaled_linear", dict(SD)),
        ("squaredcos_cap_v2", {"beta_schedule": "squaredcos_cap_v2"}),
        ("sd_zero_snr", dict(SD, rescale_betas_zero_snr=True)),
        ("trained_betas", {"num_train_timesteps": 8,
                           "trained_betas": [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128]}),
    ]:
        cfg = defaults("DDPMScheduler")
        cfg.update(over)
        betas = make_betas(cfg)
        acp = make_alphas_cumprod(betas)
        cases.append({"name": name, "config": over, "betas": betas.astype(np.float64).tolist(),
                      "alphas_cumprod": acp.astype(np.float64).tolist()})
    return cases


def timestep_cases():
    cases = []
    for kind in ["DDPMScheduler", "DDIMScheduler", "EulerDiscreteScheduler", "EulerAncestralDiscreteScheduler",
                 "DPMSolverMultistepScheduler"]:
        for spacing in ["linspace", "leading", "trailing"]:
            for n, offset in [(10, 0), (7, 1), (25, 1)]:
                over = dict(SD, timestep_spacing=spacing, steps_offset=offset)
                cases.append(timestep_case(kind, over, n))
    for kind in ["EulerDiscreteScheduler", "DPMSolverMultistepScheduler"]:
        for n in (10, 25):
            cases.append(timestep_case(kind, dict(SD, use_karras_sigmas=True), n))
            cases.append(timestep_case(kind, dict(SD, use_exponential_sigmas=True), n))
        cases.append(timestep_case(kind, dict(SD, final_sigmas_type="sigma_min", timestep_spacing="trailing"), 10))
        cases.append(timestep_case(kind, dict(SD, rescale_betas_zero_snr=True, timestep_spacing="trailing"), 10))
    cases.append(timestep_case("EulerDiscreteScheduler", dict(SD, use_karras_sigmas=True, sigma_min=0.1,
                                                                  sigma_max=10.0), 10))
    cases.append(timestep_case("DPMSolverMultistepScheduler", dict(SD, lambda_min_clipped=-5.1), 10))
    cases.append(timestep_case("DPMSolverMultistepScheduler",
                               {"beta_schedule": "squaredcos_cap_v2", "use_karras_sigmas": True}, 10))
    return cases


def timestep_case(kind, over, n):
    cfg = defaults(kind)
    cfg.update(over)
    sch = build(kind, cfg, 0.0)
    sch.set_timesteps(n)
    config = {"_class_name": kind}
    config.update(over)
    return {"class_name": kind, "config": config, "steps": n,
            "timesteps": [float(t) for t in sch.timesteps],
            "sigmas": [float(s) for s in getattr(sch, "sigmas", [])],
            "init_noise_sigma": float(sch.init_noise_sigma)}


def sampling_cases():
    cases = []
    for pred in ["epsilon", "v_prediction", "sample"]:
        p = {"prediction_type": pred}
        cases.append(sampling_case("ddpm_" + pred, "DDPMScheduler", dict(SD, steps_offset=1, **p), seed=1))
        cases.append(sampling_case("ddim_" + pred, "DDIMScheduler",
                                   dict(SD, steps_offset=1, clip_sample=False, set_alpha_to_one=False, **p)))
        cases.append(sampling_case("euler_" + pred, "EulerDiscreteScheduler", dict(SD, **p)))
        cases.append(sampling_case("dpmpp2m_" + pred, "DPMSolverMultistepScheduler", dict(SD, **p)))
        if pred != "sample":
            cases.append(sampling_case("euler_a_" + pred, "EulerAncestralDiscreteScheduler", dict(SD, **p), seed=2))
            cases.append(sampling_case("dpmpp2m_karras_" + pred, "DPMSolverMultistepScheduler",
                                       dict(SD, use_karras_sigmas=True, **p)))
            cases.append(sampling_case("euler_karras_" + pred, "EulerDiscreteScheduler",
                                       dict(SD, use_karras_sigmas=True, **p)))
    cases.append(sampling_case("ddim_eta_0.5", "DDIMScheduler", dict(SD, steps_offset=1), eta=0.5, seed=3))
    cases.append(sampling_case("ddim_clip_trailing", "DDIMScheduler",
                               dict(SD, timestep_spacing="trailing", rescale_betas_zero_snr=True,
                                    prediction_type="v_prediction")))
    cases.append(sampling_case("ddpm_linear_clip", "DDPMScheduler", {"variance_type": "fixed_large"}, seed=4))
    cases.append(sampling_case("dpmpp2m_leading_20", "DPMSolverMultistepScheduler",
                               dict(SD, timestep_spacing="leading", steps_offset=1), steps=20))
    cases.append(sampling_case("dpmpp2m_heun_sigma_min", "DPMSolverMultistepScheduler",
                               dict(SD, solver_type="heun", final_sigmas_type="sigma_min", lower_order_final=False)))
    cases.append(sampling_case("dpmpp2m_sde_epsilon", "DPMSolverMultistepScheduler",
                               dict(SD, algorithm_type="sde-dpmsolver++"), seed=5))
    cases.append(sampling_case("dpmpp2m_sde_karras_v_prediction", "DPMSolverMultistepScheduler",
                               dict(SD, algorithm_type="sde-dpmsolver++", use_karras_sigmas=True,
                                    prediction_type="v_prediction"), seed=6))
    cases.append(sampling_case("dpmpp2m_sde_heun_euler_at_final", "DPMSolverMultistepScheduler",
                               dict(SD, algorithm_type="sde-dpmsolver++", solver_type="heun", euler_at_final=True,
                                    final_sigmas_type="sigma_min", timestep_spacing="trailing"), seed=7))
    return cases


def noise_helper_cases():
    """add_noise and get_velocity (DDPMScheduler) at per-sample timesteps."""
    cfg = defaults("DDPMScheduler")
    cfg.update(SD)
    acp = make_alphas_cumprod(make_betas(cfg)).astype(np.float64)
    count = int(np.prod(SHAPE))
    idx = np.arange(count, dtype=np.float64)
    x0 = np.cos(0.21 * idx).astype(F32).astype(np.float64).reshape(SHAPE)
    eps = np.sin(0.13 * idx + 0.5).astype(F32).astype(np.float64).reshape(SHAPE)
    t = np.array([0, 999])
    a = acp[t].reshape(-1, 1, 1, 1)
    noisy = np.sqrt(a) * x0 + np.sqrt(1 - a) * eps
    velocity = np.sqrt(a) * eps - np.sqrt(1 - a) * x0
    return {"config": dict(SD), "timesteps": t.tolist(), "shape": list(SHAPE),
            "x0": x0.ravel().tolist(), "noise": eps.ravel().tolist(),
            "noisy": noisy.ravel().tolist(), "velocity": velocity.ravel().tolist()}


def dummy_sample_deter():
    """diffusers tests/schedulers/test_schedulers.py dummy_sample_deter: [4, 3, 8, 8]."""
    n = 4 * 3 * 8 * 8
    return (np.arange(n).reshape(3, 8, 8, 4) / n).astype(F32).transpose(3, 0, 1, 2).astype(np.float64)


def diffusers_anchor(name, kind, config, loop, expected_sum, expected_mean):
    """The deterministic full loops of diffusers' own scheduler tests (dummy model sample * t / (t + 1)); their
    published result sums/means are an external check of this reference and of the Java port."""
    cfg = defaults(kind)
    cfg.update(config)
    sch = build(kind, cfg, 0.0)
    sch.set_timesteps(10)
    x = dummy_sample_deter() * sch.init_noise_sigma
    for t in sch.timesteps:
        t_item = t.item()
        if loop == "euler":
            x = sch.scale(x, t_item)   # the test overwrites the sample with the scaled input
        out = x * float(F32(t_item)) / (float(F32(t_item)) + 1)
        x, _ = sch.step(out, t_item, x, None)
    got_sum, got_mean = float(np.abs(x).sum()), float(np.abs(x).mean())
    if expected_sum is not None:
        assert abs(got_sum - expected_sum) < 1e-2, (name, got_sum, expected_sum)
    assert abs(got_mean - expected_mean) < 1e-3, (name, got_mean, expected_mean)
    out_cfg = {"_class_name": kind}
    out_cfg.update(config)
    return {"name": name, "class_name": kind, "config": out_cfg, "loop": loop, "steps": 10,
            "diffusers_abs_sum": expected_sum, "diffusers_abs_mean": expected_mean,
            "reference_abs_sum": got_sum, "reference_abs_mean": got_mean}


def anchor_cases():
    euler = {"num_train_timesteps": 1100, "beta_start": 0.0001, "beta_end": 0.02, "beta_schedule": "linear"}
    ddim = {"num_train_timesteps": 1000, "beta_start": 0.0001, "beta_end": 0.02, "beta_schedule": "linear",
            "clip_sample": True}
    dpm = {"num_train_timesteps": 1000, "beta_start": 0.0001, "beta_end": 0.02, "beta_schedule": "linear",
           "solver_order": 2, "prediction_type": "epsilon", "thresholding": False, "sample_max_value": 1.0,
           "algorithm_type": "dpmsolver++", "solver_type": "midpoint", "lower_order_final": False,
           "euler_at_final": False, "variance_type": None, "final_sigmas_type": "sigma_min"}
    E, D, M = "EulerDiscreteScheduler", "DDIMScheduler", "DPMSolverMultistepScheduler"
    return [
        # tests/schedulers/test_scheduler_euler.py
        diffusers_anchor("euler_no_noise", E, euler, "euler", 10.0807, 0.0131),
        diffusers_anchor("euler_v_prediction", E, dict(euler, prediction_type="v_prediction"), "euler",
                         0.0002, 2.2676e-06),
        diffusers_anchor("euler_karras", E, dict(euler, use_karras_sigmas=True), "euler",
                         124.52299499511719, 0.16213932633399963),
        # tests/schedulers/test_scheduler_ddim.py
        diffusers_anchor("ddim_no_noise", D, ddim, "plain", 172.0067, 0.223967),
        diffusers_anchor("ddim_v_prediction", D, dict(ddim, prediction_type="v_prediction"), "plain",
                         52.5302, 0.0684),
        diffusers_anchor("ddim_set_alpha_to_one", D, dict(ddim, set_alpha_to_one=True, beta_start=0.01), "plain",
                         149.8295, 0.1951),
        diffusers_anchor("ddim_no_set_alpha_to_one", D, dict(ddim, set_alpha_to_one=False, beta_start=0.01),
                         "plain", 149.0784, 0.1941),
        # tests/schedulers/test_scheduler_dpm_multi.py
        diffusers_anchor("dpm_no_noise", M, dpm, "plain", None, 0.3301),
        diffusers_anchor("dpm_thresholding", M, dict(dpm, thresholding=True, dynamic_thresholding_ratio=0.87,
                                                     sample_max_value=0.5), "plain", None, 1.1364),
        diffusers_anchor("dpm_v_prediction", M, dict(dpm, prediction_type="v_prediction"), "plain", None, 0.2251),
        diffusers_anchor("dpm_karras_v_prediction", M, dict(dpm, prediction_type="v_prediction",
                                                            use_karras_sigmas=True), "plain", None, 0.2096),
    ]


def compact(node):
    """Rounds every float to 10 significant digits (float32 needs 9; the tests' tolerances are >= 1e-6)."""
    if isinstance(node, float):
        return float("%.10g" % node) if math.isfinite(node) else node
    if isinstance(node, list):
        return [compact(v) for v in node]
    if isinstance(node, dict):
        return {k: compact(v) for k, v in node.items()}
    return node


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "dm-schedulers", "src", "test", "resources", "golden",
        "schedulers_golden.json")
    golden = {
        "generator": "tools/reference/schedulers_reference.py (numpy " + np.__version__ + ")",
        "toy_model": "model_output = 0.1 * scaled_input + 0.2 * cos(phase + 0.01 * t), phase[i] = f32(0.1 i), "
                     "init[i] = f32(sin(0.37 i + 0.1)) * init_noise_sigma, i = flat index",
        "schedules": schedule_cases(),
        "timesteps": timestep_cases(),
        "sampling": sampling_cases(),
        "add_noise": noise_helper_cases(),
        "diffusers_anchors": anchor_cases(),
    }
    golden = compact(golden)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(golden, f, separators=(",", ":"), allow_nan=False, default=float)
    os.replace(tmp, out)
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
