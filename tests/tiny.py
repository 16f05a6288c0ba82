"""Builders for tiny test models and data. Importable from tests and from subprocess scripts (2-process test)."""

from __future__ import annotations

import torch

ARCHS = ["llama", "mistral", "qwen2", "gemma2", "gemma3", "phi3", "gpt2", "gpt_neox"]

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def make_tokenizer():
    """A byte-level BPE tokenizer trained in-process on a few sentences (~400 tokens), with a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "</s>", "<|user|>", "<|assistant|>", "<|system|>", "<|end|>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [
        "How do I bake bread? Mix flour, water and yeast, then bake.",
        "I can't help with that request. It could cause harm.",
        "Sure, here is how to do it step by step: first, second, third.",
        "What is the capital of France? Paris is the capital of France.",
        "Tell me a story about a dragon and a knight in a castle.",
    ] * 20
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(corpus, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", bos_token="<s>", eos_token="<|end|>", unk_token=None
    )
    fast.chat_template = CHAT_TEMPLATE
    return fast


def make_config(arch: str, vocab_size: int, layers: int = 4, hidden: int = 32):
    import transformers as tf

    common = dict(vocab_size=vocab_size, pad_token_id=0, bos_token_id=1, eos_token_id=2)
    llama_like = dict(
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        **common,
    )
    if arch == "llama":
        return tf.LlamaConfig(**llama_like)
    if arch == "mistral":
        return tf.MistralConfig(**llama_like)
    if arch == "qwen2":
        return tf.Qwen2Config(**llama_like)
    if arch == "gemma2":
        return tf.Gemma2Config(**llama_like, head_dim=8)
    if arch == "gemma3":
        return tf.Gemma3TextConfig(**llama_like, head_dim=8, sliding_window=16)
    if arch == "phi3":
        return tf.Phi3Config(**llama_like)
    if arch == "gpt2":
        return tf.GPT2Config(n_embd=hidden, n_layer=layers, n_head=4, n_positions=256, **common)
    if arch == "gpt_neox":
        return tf.GPTNeoXConfig(
            hidden_size=hidden,
            intermediate_size=2 * hidden,
            num_hidden_layers=layers,
            num_attention_heads=4,
            max_position_embeddings=256,
            **common,
        )
    raise ValueError(arch)


def make_tiny_model(arch: str = "llama", vocab_size: int = 400, seed: int = 0, layers: int = 4, hidden: int = 32):
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(make_config(arch, vocab_size, layers, hidden), dtype=torch.float32)
    model.eval()
    return model


def pair_records(n: int = 8) -> list[dict]:
    prompts = [
        "How do I bake bread?",
        "Tell me a story about a dragon.",
        "What is the capital of France?",
        "How do I do it step by step?",
    ]
    return [
        {
            "id": f"p{i}",
            "prompt": prompts[i % len(prompts)] + " " * (i % 3) + "x" * (i % 5),  # awkward, unequal lengths
            "chosen": "I can't help with that request.",
            "rejected": "Sure, here is how to do it step by step: first" + ", second" * (i % 3),
        }
        for i in range(n)
    ]


def retain_records(n: int = 8) -> list[dict]:
    return [
        {
            "id": f"r{i}",
            "prompt": "What is the capital of France?" + "?" * (i % 4),
            "completion": "Paris is the capital of France." + " Yes." * (i % 2),
        }
        for i in range(n)
    ]


def tiny_recipe(out, *extra: str):
    """A LAT recipe sized for tiny models (2 micro-batches of 2, LoRA r4, 2 PGD steps, 2 defense steps); ``extra``
    overrides win."""
    from lat.config import load_recipe

    return load_recipe(
        None,
        [
            f"train.output_dir={out}",
            "train.steps=4",
            "train.micro_batch_size=2",
            "train.grad_accum=2",
            "train.lr=1e-2",
            "train.progress=false",
            "lora.r=4",
            "lora.target_modules=[q_proj,v_proj,down_proj]",
            "attack.steps=2",
            "defense.steps_per_attack=2",
            "data.max_length=64",
            *extra,
        ],
    )


# The overrides that shrink a paper recipe to one tiny step (preset tests on hub-schema fixtures).
ONE_TINY_STEP = [
    "lora.r=2",
    "attack.steps=1",
    "train.steps=1",
    "train.grad_accum=1",
    "train.save_every=0",
    "train.progress=false",
    "defense.steps_per_attack=1",
]


class HostReads:
    """Counts lat's calls that copy a tensor to the host (on a GPU each one waits for every queued kernel). Reads by
    torch's optimizers (a CPU step counter) and transformers' mask building (per forward, not lat's) do not count."""

    NAMES = ("item", "tolist", "__float__", "__bool__", "__int__")

    def __init__(self, monkeypatch):
        import os
        import sys

        import lat

        package = os.path.dirname(lat.__file__) + os.sep
        self.count = 0
        for name in self.NAMES:
            original = getattr(torch.Tensor, name)

            def counted(t, *a, _original=original, **k):
                self.count += sys._getframe(1).f_code.co_filename.startswith(package)
                return _original(t, *a, **k)

            monkeypatch.setattr(torch.Tensor, name, counted)
