"""Step-time benchmark: T_SFT, a defense-only (RT) step, the attack alone and a full LAT step, interleaved in one
process on the same synthetic batch, through the trainer's real code path.

- **T_SFT**: one plain LoRA SFT step (forward + backward + clip + AdamW) on the ``batch × (prompt + completion)``
  batch — the unit every other time is divided by;
- **RT step**: :meth:`LATTrainer.train_step` with the attack switched off (the defense updates only);
- **attack**: :meth:`LATTrainer.attack` alone (K PGD steps on δ, model frozen);
- **LAT step**: :meth:`LATTrainer.train_step` (attack + defense updates).

The *analytic floor* of the attack is K × (a forward from the first attacked layer + the input-gradient backward,
which costs about one more forward: no weight gradients), computed from a measured no-grad forward of what the
attack computes (the stacked pair batch, or with δ on the prompt only the prompt once and both completions on its
cache) scaled by the share of the model's FLOPs at and above the first attacked layer (LM head included over the
supervised positions). ``attack / floor`` says how much the attack wastes beyond what PGD needs.

Timings are interleaved (a shuffled order per round) and summarised by the median, so drift in the machine's speed
hits every quantity alike; ratios from one run are the result, absolute seconds are not portable.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

# Named shapes for ``lat bench --random`` (random init, no download): the real models' widths, depths, MLP sizes,
# attention heads and vocabularies.
SHAPES: dict[str, dict[str, Any]] = {
    "llama3-8b": dict(hidden=4096, layers=32, intermediate=14336, heads=32, kv_heads=8, vocab=128256),
    "llama2-7b": dict(hidden=4096, layers=32, intermediate=11008, heads=32, kv_heads=32, vocab=32000),
    "llama3.2-1b": dict(hidden=2048, layers=16, intermediate=8192, heads=32, kv_heads=8, vocab=128256, tied=True),
}


def random_llama(
    hidden: int,
    layers: int,
    vocab: int = 49152,
    seq: int = 512,
    dtype=torch.float32,
    device="cpu",
    intermediate: int | None = None,
    heads: int | None = None,
    kv_heads: int | None = None,
    tied: bool = False,
):
    """A random-init Llama-shaped model (no download); by default ff = 8/3·hidden, heads of 64, GQA 4:1."""
    from transformers import LlamaConfig, LlamaForCausalLM

    heads = heads or max(1, hidden // 64)
    cfg = LlamaConfig(
        hidden_size=hidden,
        intermediate_size=intermediate or int(hidden * 8 / 3) // 64 * 64,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads or max(1, heads // 4),
        vocab_size=vocab,
        max_position_embeddings=max(512, seq),
        tie_word_embeddings=tied,
    )
    torch.manual_seed(0)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        with torch.device(device):  # build on the device: a 7B random init on the CPU takes minutes
            return LlamaForCausalLM(cfg)
    finally:
        torch.set_default_dtype(previous)


def synthetic_batches(vocab: int, batch: int, prompt: int, completion: int, device, seed: int = 0):
    """A pair batch (chosen / rejected completions after a shared prompt) and an SFT batch of the same shape."""
    from lat.objectives.losses import IGNORE

    g = torch.Generator().manual_seed(seed)
    t = prompt + completion
    ids = torch.randint(10, vocab, (batch, t), generator=g)
    other = torch.cat([ids[:, :prompt], torch.randint(10, vocab, (batch, completion), generator=g)], dim=1)
    labels = ids.clone()
    labels[:, :prompt] = IGNORE
    other_labels = other.clone()
    other_labels[:, :prompt] = IGNORE
    ones = torch.ones_like(ids)
    pairs = {
        "chosen_input_ids": ids,
        "rejected_input_ids": other,
        "chosen_attention_mask": ones,
        "rejected_attention_mask": ones,
        "chosen_labels": labels,
        "rejected_labels": other_labels,
        "prompt_mask": (torch.arange(t) < prompt).long().expand(batch, t).contiguous(),
    }
    sft = {"input_ids": ids, "attention_mask": ones, "labels": labels}
    return {k: v.to(device) for k, v in pairs.items()}, {k: v.to(device) for k, v in sft.items()}


def analytic_attack_fraction(model: Any, layers: list[Any], rows: int, positions: int, supervised: int) -> float:
    """Share of a forward's FLOPs spent at and above the first attacked hook point (1.0 with the embeddings).

    Per decoder layer: 2·tokens·(q,k,v,o + MLP weights) + 4·rows·positions²·d (attention scores and mix); the LM head:
    2·rows·supervised·d·vocab. Below the first attacked layer nothing depends on δ, so PGD need not recompute it.
    """
    from lat.hooks.layers import get_decoder_layers, unwrap_model

    base = unwrap_model(model)
    cfg = base.config.get_text_config() if hasattr(base.config, "get_text_config") else base.config
    d = cfg.hidden_size
    n = len(get_decoder_layers(base))
    heads = cfg.num_attention_heads
    kv = getattr(cfg, "num_key_value_heads", heads) or heads
    head_dim = getattr(cfg, "head_dim", None) or d // heads
    ff = getattr(cfg, "intermediate_size", 4 * d)
    tokens = rows * positions
    weights = d * heads * head_dim * 2 + d * kv * head_dim * 2 + 3 * d * ff
    layer = 2 * tokens * weights + 4 * rows * positions * positions * heads * head_dim
    lm_head = 2 * rows * supervised * d * cfg.vocab_size
    ints = [x for x in layers if isinstance(x, int)]
    if any(str(x) == "embedding" for x in layers) or not ints:
        first = 0
    else:
        first = min(x % n for x in ints)
    return ((n - first) * layer + lm_head) / (n * layer + lm_head)


@dataclass
class StepBench:
    """The medians (seconds) and the ratios of one benchmark run."""

    t_sft: float
    t_rt: float
    t_attack: float
    t_lat: float
    t_forward: float  # a no-grad forward of the stacked pair batch (the floor's unit)
    floor: float  # the attack's analytic floor
    config: dict[str, Any] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    peak_gib: dict[str, float] = field(default_factory=dict)  # CUDA: the most memory allocated during each job

    @property
    def ratios(self) -> dict[str, float]:
        return {
            "lat_over_sft": self.t_lat / self.t_sft,
            "rt_over_sft": self.t_rt / self.t_sft,
            "lat_over_rt": self.t_lat / self.t_rt,
            "attack_over_floor": self.t_attack / self.floor,
            "attack_share_of_lat": self.t_attack / self.t_lat,
        }

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        out["ratios"] = self.ratios
        return out

    def table(self) -> str:
        r = self.ratios
        rows = [
            ("T_SFT (one LoRA SFT step)", self.t_sft, 1.0),
            ("RT step (defense updates only)", self.t_rt, r["rt_over_sft"]),
            ("attack alone (K PGD steps)", self.t_attack, self.t_attack / self.t_sft),
            ("LAT step (attack + defense)", self.t_lat, r["lat_over_sft"]),
            ("attack's analytic floor", self.floor, self.floor / self.t_sft),
        ]
        lines = ["| what | median s | × T_SFT |", "|---|---:|---:|"]
        lines += [f"| {name} | {t:.3f} | {x:.2f} |" for name, t, x in rows]
        if self.peak_gib:
            lines.append("\npeak GiB allocated: " + ", ".join(f"{k} {v:.1f}" for k, v in self.peak_gib.items()))
        lines.append(
            f"\nT_LAT / T_SFT = {r['lat_over_sft']:.1f}; LAT / RT = {r['lat_over_rt']:.2f}; "
            f"attack / floor = {r['attack_over_floor']:.2f}; the attack is {100 * r['attack_share_of_lat']:.0f}% of a "
            "LAT step"
        )
        return "\n".join(lines)


def interleaved(
    jobs: dict[str, Callable[[], Any]],
    repeats: int,
    log: Callable[[str], None] | None = None,
    device: Any = None,
    peak: dict[str, float] | None = None,
) -> dict[str, list[float]]:
    """Seconds per job per round: every job once to warm up (allocator, kernels, lazy init), then ``repeats`` rounds
    in a shuffled (seeded) order, so that a ratio of two jobs' medians is measured under the same machine load (the
    loop of ``lat bench`` and of the A/B benchmarks). On a CUDA ``device`` each job is timed between synchronisations
    and its peak allocated memory (GiB, the maximum over rounds) goes into ``peak``."""
    cuda = device is not None and torch.device(device).type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    for job in jobs.values():
        job()
    samples: dict[str, list[float]] = {k: [] for k in jobs}
    rng = random.Random(0)
    for i in range(repeats):
        order = list(jobs)
        rng.shuffle(order)
        for name in order:
            sync()
            if cuda:
                torch.cuda.reset_peak_memory_stats(device)
            t0 = time.perf_counter()
            jobs[name]()
            sync()
            samples[name].append(time.perf_counter() - t0)
            if cuda and peak is not None:
                peak[name] = max(peak.get(name, 0.0), torch.cuda.max_memory_allocated(device) / 2**30)
        if log is not None:
            log(f"round {i + 1}/{repeats}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in samples.items()))
    return samples


def run_bench(
    recipe: Any,
    model: Any = None,
    tokenizer: Any = None,
    batch: int = 4,
    prompt: int = 64,
    completion: int = 64,
    repeats: int = 3,
    log: Callable[[str], None] = print,
) -> StepBench:
    """Time T_SFT, an RT step, the attack and a LAT step of ``recipe`` (interleaved, ``repeats`` rounds)."""
    import dataclasses
    import tempfile

    from lat.attack.pgd import shares_prompt
    from lat.config import load_recipe
    from lat.hooks.layers import get_decoder_layers, hidden_size
    from lat.objectives.forward import completion_logits, pair_logits, shared_prompt_logits, split_pairs
    from lat.objectives.losses import toward_loss
    from lat.training.trainer import LATTrainer

    with tempfile.TemporaryDirectory() as tmp:
        r = load_recipe(
            recipe.to_dict(),
            [
                f"train.output_dir={tmp}",
                "train.progress=false",
                "train.grad_accum=1",
                f"train.micro_batch_size={batch}",
                "train.reinit_optimizer=false",
                "train.overwrite=true",
            ],
        )
        dummy = [{"id": "bench", "prompt": "p", "chosen": "c", "rejected": "r"}]  # never read: see _micro below
        trainer = LATTrainer(
            r, model=model, tokenizer=tokenizer, adversarial=dummy, retain=[{"prompt": "p", "completion": "c"}]
        )
        trainer.setup()
        device = trainer.accelerator.device
        vocab = trainer.base.config.get_text_config().vocab_size
        pairs, sft = synthetic_batches(vocab, batch, prompt, completion, device)
        retain = sft if r.defense.sft + r.defense.kl > 0 else None
        trainer._micro = lambda step: [(pairs, retain)]  # the same batch every time: timing, not learning
        no_attack = dataclasses.replace(r, attack=dataclasses.replace(r.attack, enabled=False))
        model_, opt = trainer.model, trainer.optimizer

        def sft_step() -> None:
            logits, targets = completion_logits(model_, **sft)
            toward_loss(logits, targets).backward()
            torch.nn.utils.clip_grad_norm_([p for p in model_.parameters() if p.requires_grad], 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)

        def rt_step() -> None:
            trainer.recipe = no_attack
            try:
                trainer.train_step(0)
            finally:
                trainer.recipe = r

        # The floor's unit is a forward of what the attack really computes: with δ on the prompt only, the prompt
        # once and both completions on its cache (lat.objectives.forward.shared_prompt_logits).
        rows = tuple(trainer.attack_objective.rows)
        shared = shares_prompt(trainer.pgd, rows, model_, prompt + completion)
        split = split_pairs(pairs, rows) if shared else None

        def forward() -> None:
            with torch.no_grad():
                if split is not None:
                    shared_prompt_logits(model_, split, rows)
                else:
                    pair_logits(model_, pairs, rows)

        jobs: dict[str, Callable[[], Any]] = {
            "sft": sft_step,
            "rt": rt_step,
            "attack": lambda: trainer.attack(pairs),
            "lat": lambda: trainer.train_step(0),
            "forward": forward,
        }
        peak: dict[str, float] = {}
        samples = interleaved(jobs, repeats, log, device, peak)
        med = {k: statistics.median(v) for k, v in samples.items()}
        frac = analytic_attack_fraction(model_, list(r.attack.layers), 2 * batch, prompt + completion, completion)
        floor = r.attack.steps * 2 * med["forward"] * frac
        config = {
            "recipe": r.name,
            "model": r.model.name,
            "batch": batch,
            "prompt": prompt,
            "completion": completion,
            "repeats": repeats,
            "attack_layers": list(r.attack.layers),
            "pgd_steps": r.attack.steps,
            "defense_steps": r.defense.steps_per_attack,
            "device": str(device),
            "dtype": str(next(model_.parameters()).dtype),
            "threads": torch.get_num_threads(),
            "attacked_flop_fraction": frac,
            "shared_prompt": shared,
            "gradient_checkpointing": r.model.gradient_checkpointing,
            "merge_lora": trainer.pgd.merge_lora,
            "shape": f"{hidden_size(trainer.base)}x{len(get_decoder_layers(trainer.base))}",  # hidden × blocks
        }
        trainer.accelerator.free_memory()
        return StepBench(med["sft"], med["rt"], med["attack"], med["lat"], med["forward"], floor, config, samples, peak)
