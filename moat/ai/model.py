"""The model manager: one copy of the local chat model per process, loaded lazily, shared, unloaded when idle.

- Weights come only from ``model_path`` (a local folder, or a model id already in the Hugging Face cache):
  ``HF_HUB_OFFLINE=1`` is set before transformers is first imported and every load passes
  ``local_files_only=True``, so nothing is ever downloaded at run time.
- The probe (``moat.ai.probe``) picks device, dtype and threads; its reasons are kept for the System page.
- Questions share the one copy through a bounded semaphore (a queue, not N copies); loading and unloading
  happen under a lock. After ``idle_seconds`` without use, or when free RAM falls below ``min_free_gib``, the
  model is unloaded; the next question loads it again.
- A missing or corrupt folder never breaks a question: ``ModelUnavailable`` says why and the engine answers
  deterministically, reporting that reason. A ``model_path`` that names neither a folder nor a model in the local
  Hugging Face cache is refused before transformers is touched (a raw ``OSError`` from the hub lookup took ~9 s),
  and a failed load is remembered: until the folder changes or ``RETRY_FAILED_S`` pass, the next question gets the
  same message at once instead of paying for the failed load again.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moat.ai import probe
from moat.errors import MoatError

log = logging.getLogger(__name__)
GIB = 1024 ** 3
RETRY_FAILED_S = 300.0  # a failed load is tried again after this long, or at once when the folder changes


def _hub_cache_has(model_id: str) -> bool:
    """Whether a Hugging Face model id ("org/name") is in the local hub cache (no network, no transformers)."""
    if "/" not in model_id or model_id.startswith(("/", ".", "~")) or model_id.count("/") != 1:
        return False
    home = os.environ.get("HF_HOME") or str(Path.home() / ".cache" / "huggingface")
    hub = Path(os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE") or Path(home) / "hub")
    return (hub / ("models--" + model_id.replace("/", "--"))).is_dir()


def _signature(model_path: str) -> tuple[Any, ...]:
    """What a retry depends on: the folder and its files' sizes and times (a fixed folder is retried at once)."""
    path = Path(model_path)
    if not path.exists():
        return ("missing",)
    try:
        return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in path.iterdir()))
    except OSError:
        return ("unreadable",)


class ModelUnavailable(MoatError):
    """The local model cannot be used (not configured, too little memory, missing or corrupt weights)."""


@dataclass
class Loaded:
    model: Any
    tokenizer: Any
    decision: probe.Decision
    device: str


def _offline_transformers() -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.utils.logging.disable_progress_bar()
    return transformers


class ModelManager:
    def __init__(self, model_path: str, idle_seconds: float = 600.0, min_free_gib: float = 1.0, max_concurrent: int = 1,
                 hardware: Callable[[], probe.Hardware] = probe.detect) -> None:
        self.model_path = model_path
        self.idle_seconds = idle_seconds
        self.min_free_gib = min_free_gib
        self.hardware = hardware
        self._lock = threading.RLock()
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._loaded: Loaded | None = None
        self._busy = 0
        self._last_used = 0.0
        self._timer: threading.Timer | None = None
        self.loads = 0
        self.unloads = 0
        self.last_error: str | None = None
        self.decision: probe.Decision | None = None
        self._failure: tuple[float, tuple[Any, ...], ModelUnavailable] | None = None  # when, folder signature, error

    # ------------------------------------------------------------------ state
    @property
    def loaded(self) -> bool:
        with self._lock:
            return self._loaded is not None

    @property
    def version(self) -> str:
        """Part of the answer-cache key: answers written with another model (or none) are not reused."""
        return f"model:{Path(self.model_path).name or self.model_path}"

    def status(self) -> dict[str, Any]:
        return {
            "model_path": self.model_path, "loaded": self.loaded, "loads": self.loads, "unloads": self.unloads,
            "decision": None if self.decision is None else self.decision.text(), "last_error": self.last_error,
            "idle_seconds": self.idle_seconds,
        }

    # ------------------------------------------------------------------ load / unload
    def _check_folder(self) -> None:
        path = Path(self.model_path)
        if not self.model_path:
            raise ModelUnavailable("no model configured", "set model_path (MOAT_MODEL_PATH) to a local TinyLlama folder")
        if not path.exists() and not _hub_cache_has(self.model_path):
            raise ModelUnavailable(f"model_path {self.model_path!r} is neither a folder nor a model in the local "
                                   "Hugging Face cache", "set model_path (MOAT_MODEL_PATH) to the folder that holds "
                                   "config.json and *.safetensors (see README), or clear it to answer without a model")
        if path.exists():
            if not (path / "config.json").is_file():
                raise ModelUnavailable(f"{path} has no config.json", "point model_path at the model folder itself")
            if not any(path.glob("*.safetensors")) and not any(path.glob("*.bin")):
                raise ModelUnavailable(f"{path} holds no weights (*.safetensors)", "download the model again (see README)")

    def _load(self) -> Loaded:
        self._check_folder()
        decision = probe.decide(self.hardware(), probe.model_params(self.model_path), self.min_free_gib)
        self.decision = decision
        if not decision.usable:
            raise ModelUnavailable("the model does not fit this machine: " + "; ".join(decision.reasons))
        started = time.perf_counter()
        try:
            transformers = _offline_transformers()
            import torch

            if decision.device == "cpu" and decision.threads:
                torch.set_num_threads(decision.threads)
            dtype = getattr(torch, decision.dtype)
            tokenizer = transformers.AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
            model = transformers.AutoModelForCausalLM.from_pretrained(self.model_path, local_files_only=True, dtype=dtype)
            model.to(decision.device)
            model.eval()
            if tokenizer.pad_token_id is None:
                tokenizer.pad_token = tokenizer.eos_token
        except ModelUnavailable:
            raise
        except Exception as err:  # any loading failure means "answer without the model"
            raise ModelUnavailable(f"cannot load the model from {self.model_path}: {type(err).__name__}: {err}"[:400],
                                   "check the folder (config.json, tokenizer files, *.safetensors) or clear model_path") from err
        self.loads += 1
        log.info("model loaded from %s on %s in %.1f s", self.model_path, decision.text(), time.perf_counter() - started)
        return Loaded(model, tokenizer, decision, decision.device)

    def unload(self, reason: str = "requested") -> bool:
        with self._lock:
            if self._loaded is None or self._busy:
                return False
            self.unloads += 1
            self._loaded = None
        gc.collect()
        log.info("model unloaded (%s)", reason)
        return True

    def _arm_idle_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.idle_seconds, self.check_idle)
        self._timer.daemon = True
        self._timer.start()

    def check_idle(self) -> None:
        """Unload when idle for ``idle_seconds`` or when free memory is short (also called by the timer)."""
        import psutil

        with self._lock:
            if self._loaded is None or self._busy:
                return
            idle = time.monotonic() - self._last_used
            low_memory = psutil.virtual_memory().available / GIB < self.min_free_gib
        if idle >= self.idle_seconds:
            self.unload(f"idle {idle:.0f} s")
        elif low_memory:
            self.unload("free memory below model_min_free_gib")

    @contextmanager
    def session(self) -> Iterator[Loaded]:
        """Borrow the model (waits for a free slot; loads it first if needed)."""
        with self._slots:
            with self._lock:
                if self._loaded is None:
                    self._raise_remembered_failure()
                    try:
                        self._loaded = self._load()
                        self.last_error, self._failure = None, None
                    except ModelUnavailable as err:
                        self.last_error = err.message
                        self._failure = (time.monotonic(), _signature(self.model_path), err)
                        raise
                self._busy += 1
                loaded = self._loaded
            try:
                yield loaded
            finally:
                with self._lock:
                    self._busy -= 1
                    self._last_used = time.monotonic()
                self.check_idle()
                if self._loaded is not None:
                    self._arm_idle_timer()

    def _raise_remembered_failure(self) -> None:
        """The last load failed, the folder is unchanged and it was recently: fail again at once."""
        if self._failure is None:
            return
        when, signature, err = self._failure
        if time.monotonic() - when < RETRY_FAILED_S and signature == _signature(self.model_path):
            raise ModelUnavailable(err.message, err.hint)

    # ------------------------------------------------------------------ inference
    @staticmethod
    def _encode(loaded: Loaded, messages: list[dict[str, str]]) -> dict[str, Any]:
        enc = loaded.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        return {k: v.to(loaded.device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}

    def score(self, messages: list[dict[str, str]], options: int) -> list[float]:
        """Probabilities of answering "1".."options" next: one forward pass over the prompt."""
        import torch

        with self.session() as loaded:
            enc = self._encode(loaded, messages)
            with torch.inference_mode():
                logits = loaded.model(**enc).logits[0, -1].float()
            logprobs = torch.log_softmax(logits, dim=-1)
            per_option = []
            for i in range(1, options + 1):
                ids = set()
                for text in (str(i), f" {i}"):
                    tokens = loaded.tokenizer.encode(text, add_special_tokens=False)
                    if tokens:
                        ids.add(tokens[-1] if len(tokens) > 1 and text.startswith(" ") else tokens[0])
                per_option.append(torch.logsumexp(logprobs[list(ids)], dim=0))
            return torch.softmax(torch.stack(per_option), dim=0).tolist()

    def generate(self, messages: list[dict[str, str]], max_new_tokens: int = 60, min_new_tokens: int = 0) -> str:
        import torch

        with self.session() as loaded:
            enc = self._encode(loaded, messages)
            with torch.inference_mode():
                out = loaded.model.generate(**enc, max_new_tokens=max_new_tokens, min_new_tokens=min_new_tokens,
                                            do_sample=False, pad_token_id=loaded.tokenizer.pad_token_id)
            return loaded.tokenizer.decode(out[0, enc["input_ids"].shape[1]:], skip_special_tokens=True).strip()


_MANAGERS: dict[str, ModelManager] = {}
_MANAGERS_LOCK = threading.Lock()


def manager_for(model_path: str, idle_seconds: float = 600.0, min_free_gib: float = 1.0) -> ModelManager | None:
    """The process-wide manager of ``model_path`` (None when no model is configured)."""
    if not model_path:
        return None
    with _MANAGERS_LOCK:
        found = _MANAGERS.get(model_path)
        if found is None:
            found = ModelManager(model_path, idle_seconds, min_free_gib)
            _MANAGERS[model_path] = found
        found.idle_seconds, found.min_free_gib = idle_seconds, min_free_gib
        return found


def status(cfg: object) -> dict[str, object]:
    """For the System page: what the probe chooses here and why, and whether the model is loaded (never loads it).

    Lives beside the managers it reports on (``moat.ai.probe`` stays below this module: no import cycle).
    """
    model_path = str(getattr(cfg, "model_path", "") or "")
    min_free = float(getattr(cfg, "model_min_free_gib", 1.0))
    hw = probe.detect()
    decision = probe.decide(hw, probe.model_params(model_path) if model_path else probe.TINYLLAMA_PARAMS, min_free)
    manager = _MANAGERS.get(model_path)
    return {
        "model_path": model_path or None,
        "configured": bool(model_path),
        "device": decision.device, "dtype": decision.dtype, "threads": decision.threads,
        "decision": decision.text(),
        "hardware": {"cpus": hw.cpu_count, "ram_free_gib": round(hw.ram_available_bytes / GIB, 1),
                     "bf16_cpu": bool({"avx512_bf16", "amx_bf16"} & set(hw.cpu_flags)),
                     "gpu": hw.cuda_name or None, "gpu_free_gib": round(hw.cuda_free_bytes / GIB, 1)},
        "loaded": bool(manager and manager.loaded),
        "manager": manager.status() if manager else None,
    }
