"""Hardware probe: which device and number format the local model may use here, and why.

Rules (numbers from TinyLlama-1.1B: ~2.1 GiB of weights in bf16/fp16, ~4.1 GiB in fp32; measured on a 2-core
CPU: bf16 7.7 tokens/s, fp32 3.9, fp16 3.1):
- a CUDA GPU with enough free memory -> bf16 on the GPU (fp16 where the GPU lacks bf16);
- else a CPU with enough free RAM -> bf16 only where the CPU has bf16 instructions (avx512_bf16 / amx_bf16:
  without them bf16 is emulated and slower than fp32) and where this torch build does not run bf16
  matrix-vector products slower than fp32 (measured once by ``detect``: torch 2.13 here ran them ~3x slower,
  and token generation is matrix-vector work), else fp32; threads bounded so the app keeps a core;
- else no model: the deterministic parser and the template narratives still answer.
``decide`` is pure (hardware facts in, decision out) so every branch is tested with simulated hardware;
``detect`` reads the real facts with psutil, /proc/cpuinfo and (lazily imported) torch.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

GIB = 1024 ** 3
TINYLLAMA_PARAMS = 1_100_048_384
OVERHEAD_GIB = 0.5  # activations, KV cache and the runtime on top of the weights


@dataclass(frozen=True)
class Hardware:
    """What the probe looked at (all plain facts, so tests can simulate any machine)."""

    cpu_count: int
    ram_available_bytes: int
    cpu_flags: frozenset[str] = field(default_factory=frozenset)
    cuda_available: bool = False
    cuda_name: str = ""
    cuda_free_bytes: int = 0
    cuda_bf16: bool = False
    # fp32 time / bf16 time of a TinyLlama-sized matrix-vector product measured here (None = not measured).
    # Token-by-token generation is matrix-vector work; some torch builds run it in bf16 slower than fp32.
    cpu_bf16_speedup: float | None = None


@dataclass(frozen=True)
class Decision:
    device: str  # cuda | cpu | none
    dtype: str  # bfloat16 | float16 | float32 | ""
    threads: int
    reasons: tuple[str, ...]

    @property
    def usable(self) -> bool:
        return self.device != "none"

    def text(self) -> str:
        what = "no model" if not self.usable else f"{self.device} {self.dtype}" + (
            f", {self.threads} threads" if self.device == "cpu" else "")
        return f"{what} ({'; '.join(self.reasons)})"


def weights_gib(params: int, dtype: str) -> float:
    return params * (4 if dtype == "float32" else 2) / GIB


def decide(hw: Hardware, params: int = TINYLLAMA_PARAMS, min_free_gib: float = 1.0) -> Decision:
    """Choose device and dtype for a model of ``params`` parameters on ``hw``."""
    reasons: list[str] = []
    half = weights_gib(params, "bfloat16") + OVERHEAD_GIB
    full = weights_gib(params, "float32") + OVERHEAD_GIB
    if hw.cuda_available:
        free = hw.cuda_free_bytes / GIB
        if free >= half:
            dtype = "bfloat16" if hw.cuda_bf16 else "float16"
            reasons.append(f"GPU {hw.cuda_name or 'cuda'} has {free:.1f} GiB free (needs {half:.1f})")
            if not hw.cuda_bf16:
                reasons.append("GPU without bf16 support: fp16")
            return Decision("cuda", dtype, 0, tuple(reasons))
        reasons.append(f"GPU {hw.cuda_name or 'cuda'} has only {free:.1f} GiB free (needs {half:.1f})")
    else:
        reasons.append("no CUDA GPU")
    ram = hw.ram_available_bytes / GIB
    threads = max(1, hw.cpu_count - 1) if hw.cpu_count > 2 else max(1, hw.cpu_count)
    threads = min(threads, 8)
    bf16_cpu = bool({"avx512_bf16", "amx_bf16"} & set(hw.cpu_flags))
    slow_bf16 = hw.cpu_bf16_speedup is not None and hw.cpu_bf16_speedup < 1.0
    if bf16_cpu and slow_bf16 and ram - full >= min_free_gib:
        reasons.append(f"CPU has bf16 instructions but this torch runs bf16 matrix-vector products "
                       f"{1 / hw.cpu_bf16_speedup:.1f}x slower than fp32; {ram:.1f} GiB RAM free (fp32 needs {full:.1f})")
        return Decision("cpu", "float32", threads, tuple(reasons))
    if bf16_cpu and ram - half >= min_free_gib:
        reasons.append(f"CPU has bf16 instructions and {ram:.1f} GiB RAM free (needs {half:.1f} + {min_free_gib:g} spare)")
        return Decision("cpu", "bfloat16", threads, tuple(reasons))
    if ram - full >= min_free_gib:
        reasons.append(("CPU without bf16 instructions (bf16 would be emulated, slower than fp32)" if not bf16_cpu else
                        "bf16 would fit but fp32 is chosen") + f"; {ram:.1f} GiB RAM free (fp32 needs {full:.1f})")
        return Decision("cpu", "float32", threads, tuple(reasons))
    need = half if bf16_cpu else full
    reasons.append(f"only {ram:.1f} GiB RAM free; the model needs {need:.1f} GiB plus {min_free_gib:g} GiB spare")
    return Decision("none", "", 0, tuple(reasons))


def cpu_flags(path: str = "/proc/cpuinfo") -> frozenset[str]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags"):
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def detect() -> Hardware:
    """The real machine's facts (torch imported here, lazily, and only if installed)."""
    import psutil

    cuda = False
    name, free, bf16 = "", 0, False
    try:
        import torch

        if torch.cuda.is_available():
            cuda = True
            name = torch.cuda.get_device_name(0)
            free = int(torch.cuda.mem_get_info(0)[0])
            bf16 = bool(torch.cuda.is_bf16_supported())
    except Exception:  # no torch or a broken driver simply means "no GPU"
        cuda = False
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    flags = cpu_flags()
    speedup = bf16_matvec_speedup() if {"avx512_bf16", "amx_bf16"} & flags and not cuda else None
    return Hardware(count, int(psutil.virtual_memory().available), flags, cuda, name, free, bf16, speedup)


_SPEEDUP: list[float] = []


def bf16_matvec_speedup(repeats: int = 20) -> float | None:
    """fp32 / bf16 time of one 2048x5632 matrix-vector product (TinyLlama's MLP), measured once per process."""
    if _SPEEDUP:
        return _SPEEDUP[0]
    try:
        import time

        import torch

        times = {}
        weight = torch.randn(5632, 2048)
        for dtype in (torch.float32, torch.bfloat16):
            w, x = weight.to(dtype), torch.randn(1, 2048, dtype=dtype)
            with torch.inference_mode():
                for _ in range(3):
                    torch.nn.functional.linear(x, w)
                started = time.perf_counter()
                for _ in range(repeats):
                    torch.nn.functional.linear(x, w)
                times[dtype] = time.perf_counter() - started
        _SPEEDUP.append(times[torch.float32] / times[torch.bfloat16])
        return _SPEEDUP[0]
    except Exception:  # no torch: nothing to measure
        return None


def model_params(model_path: str) -> int:
    """Parameter count from a local folder's config.json (Llama layout); TinyLlama's when it cannot be read."""
    config = Path(model_path) / "config.json"
    try:
        c = json.loads(config.read_text(encoding="utf-8"))
        h, layers, vocab, inter = c["hidden_size"], c["num_hidden_layers"], c["vocab_size"], c["intermediate_size"]
        heads, kv = c["num_attention_heads"], c.get("num_key_value_heads", c["num_attention_heads"])
        head_dim = h // heads
        per_layer = h * h * 2 + 2 * h * kv * head_dim + 3 * h * inter + 2 * h
        embeddings = vocab * h * (1 if c.get("tie_word_embeddings") else 2)
        return int(layers * per_layer + embeddings + h)
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError):
        return TINYLLAMA_PARAMS
