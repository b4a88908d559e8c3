"""Probe decisions under simulated hardware (the facts are passed in; nothing is read from this machine)."""

from __future__ import annotations

from pathlib import Path

from moat.ai.probe import GIB, TINYLLAMA_PARAMS, Hardware, decide, model_params

BF16 = frozenset({"avx2", "avx512f", "avx512_bf16"})
PLAIN = frozenset({"avx2"})


def test_gpu_with_room_gets_bf16() -> None:
    d = decide(Hardware(16, 64 * GIB, PLAIN, cuda_available=True, cuda_name="H100", cuda_free_bytes=70 * GIB, cuda_bf16=True))
    assert (d.device, d.dtype) == ("cuda", "bfloat16") and "H100" in d.text()


def test_old_gpu_gets_fp16() -> None:
    d = decide(Hardware(8, 32 * GIB, PLAIN, cuda_available=True, cuda_name="T4", cuda_free_bytes=14 * GIB, cuda_bf16=False))
    assert (d.device, d.dtype) == ("cuda", "float16")


def test_full_gpu_falls_back_to_cpu() -> None:
    d = decide(Hardware(8, 32 * GIB, BF16, cuda_available=True, cuda_free_bytes=1 * GIB, cuda_bf16=True))
    assert (d.device, d.dtype) == ("cpu", "bfloat16")
    assert any("only 1.0 GiB free" in r for r in d.reasons)


def test_cpu_with_bf16_instructions() -> None:
    d = decide(Hardware(2, 20 * GIB, BF16))
    assert (d.device, d.dtype, d.threads) == ("cpu", "bfloat16", 2)


def test_measured_slow_bf16_uses_fp32() -> None:
    d = decide(Hardware(2, 20 * GIB, BF16, cpu_bf16_speedup=0.4))
    assert (d.device, d.dtype) == ("cpu", "float32") and "2.5x slower" in d.text()
    assert decide(Hardware(2, 20 * GIB, BF16, cpu_bf16_speedup=1.9)).dtype == "bfloat16"
    assert decide(Hardware(2, 4 * GIB, BF16, cpu_bf16_speedup=0.4)).dtype == "bfloat16"  # fp32 would not fit


def test_cpu_without_bf16_uses_fp32_with_bounded_threads() -> None:
    d = decide(Hardware(32, 20 * GIB, PLAIN))
    assert (d.device, d.dtype) == ("cpu", "float32")
    assert 1 <= d.threads <= 8 and "without bf16" in d.text()


def test_small_ram_means_no_model() -> None:
    d = decide(Hardware(2, 3 * GIB, PLAIN))  # fp32 needs ~4.6 GiB + 1 spare
    assert not d.usable and "only 3.0 GiB RAM free" in d.text()
    assert decide(Hardware(2, 4 * GIB, BF16)).dtype == "bfloat16"  # bf16 fits where fp32 would not
    assert not decide(Hardware(2, 2 * GIB, BF16)).usable


def test_min_free_setting_is_respected() -> None:
    assert decide(Hardware(4, 6 * GIB, PLAIN), min_free_gib=1).usable
    assert not decide(Hardware(4, 6 * GIB, PLAIN), min_free_gib=2).usable


def test_params_from_config(tiny_model: Path, tmp_path: Path) -> None:
    assert 10_000 < model_params(str(tiny_model)) < 200_000
    assert model_params(str(tmp_path)) == TINYLLAMA_PARAMS


def test_status_for_the_system_page(tiny_model: Path) -> None:
    from moat import config
    from moat.ai.model import status

    info = status(config.load(env={}).with_(model_path=str(tiny_model)))
    assert info["configured"] and info["loaded"] is False and info["device"] in ("cpu", "cuda", "none")
    assert info["decision"] and info["hardware"]["cpus"] >= 1
