"""Random-weight Llama models built locally, for tests (tiny) and benchmarks (TinyLlama's exact shape).

Nothing is downloaded: the config comes from ``transformers.LlamaConfig``, the tokenizer is a ``tokenizers``
word-level tokenizer saved as a ``PreTrainedTokenizerFast`` with TinyLlama's chat template, so the manager's
loading, chat-template, scoring and generation code runs unchanged on them. Weights are random: only the shapes
(and so the speed) are realistic, never the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# TinyLlama-1.1B-Chat-v1.0's chat template (zephyr style), verbatim.
CHAT_TEMPLATE = (
    "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n"
    "{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + eos_token }}\n"
    "{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n"
    "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}"
)
SPECIAL = ["<unk>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"]
WORDS = (
    "the a an of in for to and is was were by with from on at our us we which who what how much many top bottom "
    "clients client technician technicians product products revenue margin gross profit hours cost costs licence "
    "license waste utilisation utilization month months quarter year last this question options answer number best "
    "read as facts highest lowest total per $ % . , : ; - ( ) | / ? ! ' \" went then more"
).split()
SHAPES: dict[str, dict[str, Any]] = {
    "tiny": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2, "max_position_embeddings": 1024, "vocab_size": 512},
    # TinyLlama-1.1B-Chat-v1.0 (config.json of the published model)
    "tinyllama": {"hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 22, "num_attention_heads": 32,
                  "num_key_value_heads": 4, "max_position_embeddings": 2048, "vocab_size": 32000, "rms_norm_eps": 1e-5,
                  "rope_theta": 10000.0, "tie_word_embeddings": False},
}


def build_tokenizer(vocab_size: int) -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab: dict[str, int] = {}
    for token in SPECIAL + [str(i) for i in range(100)] + WORDS:
        vocab.setdefault(token, len(vocab))
    filler = 0
    while len(vocab) < vocab_size:
        vocab.setdefault(f"w{filler}", len(vocab))
        filler += 1
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.decoder = decoders.WordPiece(prefix="##")
    tok.add_special_tokens(SPECIAL)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   pad_token="</s>")
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_random_llama(path: str | Path, shape: str = "tiny", seed: int = 0, dtype: str = "float32") -> Path:
    """Write a random Llama of ``shape`` with its tokenizer into ``path`` (a model folder for ``model_path``)."""
    import os

    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    dims = dict(SHAPES[shape])
    tokenizer = build_tokenizer(dims["vocab_size"])
    config = LlamaConfig(bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id, **dims)
    torch.manual_seed(seed)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(getattr(torch, dtype))
    try:
        model = LlamaForCausalLM(config)
    finally:
        torch.set_default_dtype(previous)
    model.save_pretrained(path, safe_serialization=True)
    tokenizer.save_pretrained(path)
    return path
