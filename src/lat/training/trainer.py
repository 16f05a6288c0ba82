"""The LAT trainer: an explicit loop on top of Hugging Face Accelerate.

One training step, for each process:

    for every micro-batch:                      # each one gets its own attack (the authors' code attacked only the last)
        δ ← PGD(model frozen, toward harmful / away from safe)      # lat.attack.pgd
    repeat defense.steps_per_attack times:      # the same δ is reused for several defender updates (the paper: 4)
        for every micro-batch:
            loss = defense(under δ: toward safe / away from harmful) # lat.objectives.defender
                 + sft · CE(retain, no δ) + kl · KL(retain ‖ adapter-disabled reference)
            backward(loss / n_micro)            # gradient all-reduce only on the last micro-batch
        clip; optimizer.step(); scheduler.step()

Without an attack (``attack.enabled=false``) the same loop is the refusal-training / DPO baseline: same data, same
number of optimizer updates, same seeds.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Any

import torch

from lat.attack.pgd import AttackResult, pgd_attack
from lat.config import Recipe, dump_recipe
from lat.data.tokenize import collate_pairs, collate_sft
from lat.errors import LatError
from lat.hooks.layers import resolve_hook_points, unwrap_model
from lat.objectives import ATTACK_OBJECTIVES, DEFENSE_OBJECTIVES, reference_logprobs
from lat.objectives.forward import completion_logits, maybe_no_sync, pair_logits, reference_mode
from lat.objectives.losses import kl_to_reference, toward_loss
from lat.training.checkpoint import latest_checkpoint, load_checkpoint, save_checkpoint
from lat.training.sharding import micro_batches


def apply_lora(model: torch.nn.Module, recipe: Recipe) -> torch.nn.Module:
    """Wrap ``model`` in a PEFT LoRA adapter, or unfreeze the layers that train (full fine-tuning)."""
    cfg = recipe.lora
    if not cfg.enabled:
        from lat.hooks.layers import get_decoder_layers

        model.requires_grad_(False)
        layers = get_decoder_layers(model)
        for i in cfg.train_layers if cfg.train_layers is not None else range(len(layers)):
            if not 0 <= i < len(layers):
                raise LatError(f"lora.train_layers: layer {i} is out of range (model has {len(layers)} layers)")
            layers[i].requires_grad_(True)
        return model
    from peft import LoraConfig, get_peft_model

    targets: Any = cfg.target_modules
    if targets != ["all-linear"]:
        names = {
            n.rsplit(".", 1)[-1]
            for n, m in model.named_modules()
            if isinstance(m, torch.nn.Linear) or type(m).__name__ == "Conv1D"
        }  # GPT-2 uses Conv1D
        found = [t for t in targets if t in names]
        if not found:
            raise LatError(
                f"lora.target_modules {targets} match no linear layer of {type(model).__name__}; "
                f"its linear layers are: {', '.join(sorted(names))} (or use [all-linear])"
            )
        targets = found
    else:
        targets = "all-linear"
    lora = LoraConfig(
        r=cfg.r,
        lora_alpha=cfg.alpha,
        lora_dropout=cfg.dropout,
        target_modules=targets,
        layers_to_transform=cfg.train_layers,
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)


def make_scheduler(optimizer: torch.optim.Optimizer, kind: str, warmup: int, total: int):
    def factor(update: int) -> float:
        if warmup and update < warmup:
            return (update + 1) / warmup
        progress = (update - warmup) / max(1, total - warmup)
        if kind == "linear":
            return max(0.0, 1.0 - progress)
        if kind == "cosine":
            return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))
        return 1.0

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


class LATTrainer:
    """Targeted LAT (or its no-attack baseline) for one recipe. ``setup() → train() → save() → cleanup()``.

    Args:
        recipe: the resolved config.
        model, tokenizer: an already-loaded model (tests, notebooks); else loaded from ``recipe.model``.
        adversarial: pair records ``{prompt, chosen, rejected}``; else built from ``recipe.data``.
        retain: retain records ``{prompt, completion}`` or ``{text}``; else built from ``recipe.data``.
    """

    def __init__(self, recipe: Recipe, model=None, tokenizer=None, adversarial=None, retain=None, accelerator=None):
        self.recipe = recipe
        self.model, self.tokenizer = model, tokenizer
        self.adversarial, self.retain = adversarial, retain
        self.accelerator = accelerator
        self.output_dir = Path(recipe.train.output_dir)
        self.step = 0
        self.history: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ setup
    def setup(self) -> LATTrainer:
        from accelerate import Accelerator
        from accelerate.utils import set_seed

        r = self.recipe
        if self.accelerator is None:
            # Several processes and no GPU (e.g. `accelerate launch --multi_gpu` or torchrun on CPUs): DDP over gloo.
            cpu = int(os.environ.get("WORLD_SIZE", "1")) > 1 and not torch.cuda.is_available()
            self.accelerator = Accelerator(
                log_with=r.train.log_with or None,
                project_dir=str(self.output_dir),
                mixed_precision=r.train.mixed_precision,
                cpu=cpu,
            )
        acc = self.accelerator
        set_seed(r.train.seed)
        if self.model is None:
            from lat.models import load_model

            self.model, self.tokenizer = load_model(
                r.model.name,
                r.model.dtype,
                None,
                r.model.trust_remote_code,
                r.model.load_in_4bit,
                r.model.attn_implementation,
            )
        if self.adversarial is None or (self.retain is None and r.data.retain):
            from lat.data.sources import load_training_data

            adv, ret = load_training_data(r.data, self.model, self.tokenizer, device=acc.device)
            self.adversarial = self.adversarial if self.adversarial is not None else adv
            self.retain = self.retain if self.retain is not None else ret
        if not self.adversarial:
            raise LatError("no adversarial training records: check data.adversarial / data.split / data.limit")
        self.model = apply_lora(self.model, r)
        trainable = [p for p in self.model.parameters() if p.requires_grad]
        if not trainable:
            raise LatError("nothing to train: no parameter requires a gradient (check lora.* settings)")
        self.optimizer = torch.optim.AdamW(trainable, lr=r.train.lr, weight_decay=r.train.weight_decay)
        self.total_updates = r.train.steps * r.defense.steps_per_attack
        self.scheduler = make_scheduler(self.optimizer, r.train.schedule, r.train.warmup_steps, self.total_updates)
        self.model, self.optimizer = acc.prepare(self.model, self.optimizer)
        self.unwrapped = acc.unwrap_model(self.model)  # the PeftModel (its disable_adapter() is the reference)
        self.base = unwrap_model(self.unwrapped)  # the HF model: the attack runs here, outside DDP
        self.points = resolve_hook_points(self.base, r.attack.layers) if r.attack.enabled else []
        a, d = r.attack, r.defense
        attack_cls = ATTACK_OBJECTIVES.get(a.objective)
        self.attack_objective = attack_cls(
            **{k: getattr(a, k) for k in ("toward", "away", "beta") if hasattr(attack_cls, k)}
        )
        defense_cls = DEFENSE_OBJECTIVES.get(d.objective)
        self.defense_objective = defense_cls(toward=d.toward, away=d.away, beta=d.beta)
        if acc.is_main_process:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            dump_recipe(r, self.output_dir / "config.yaml")
        if r.train.log_with:
            acc.init_trackers(r.name, config=_flat(r.to_dict()))
        if r.train.resume:
            path = latest_checkpoint(self.output_dir) if r.train.resume == "auto" else Path(r.train.resume)
            if path is not None:
                state = load_checkpoint(path, acc.unwrap_model(self.model), self.optimizer, self.scheduler)
                self.step = int(state["step"])
                acc.print(f"resumed from {path} at step {self.step}")
        return self

    # ------------------------------------------------------------------ one step
    def _micro(self, step: int) -> list[tuple[dict[str, torch.Tensor], dict[str, torch.Tensor] | None]]:
        r, acc = self.recipe, self.accelerator
        args = (r.train.seed, step, r.train.micro_batch_size, r.train.grad_accum, acc.process_index, acc.num_processes)
        adv_chunks = micro_batches(len(self.adversarial), *args)
        ret_chunks = micro_batches(len(self.retain), *args) if self.retain else [None] * len(adv_chunks)
        out = []
        for adv_idx, ret_idx in zip(adv_chunks, ret_chunks):
            pairs = collate_pairs(self.tokenizer, [self.adversarial[i] for i in adv_idx], r.data.max_length, acc.device)
            retain = None
            if ret_idx is not None and r.defense.sft + r.defense.kl > 0:
                retain = collate_sft(self.tokenizer, [self.retain[i] for i in ret_idx], r.data.max_length, acc.device)
            out.append((pairs, retain))
        return out

    def attack(self, pairs: dict[str, torch.Tensor], reference=None) -> AttackResult:
        a = self.recipe.attack
        return pgd_attack(
            self.base,
            pairs,
            self.points,
            self.attack_objective,
            epsilon=a.epsilon,
            epsilon_mode=a.epsilon_mode,
            norm=a.norm,
            steps=a.steps,
            lr=a.lr,
            lr_mode=a.lr_mode,
            optimizer=a.optimizer,
            positions=a.positions,
            adversary=a.adversary,
            rank=a.rank,
            reference=reference,
            final_eval=False,
        )

    def train_step(self, step: int) -> dict[str, Any]:
        r, acc, model = self.recipe, self.accelerator, self.model
        t0 = time.perf_counter()
        micro = self._micro(step)
        n = len(micro)
        needs_ref = self.defense_objective.needs_reference or self.attack_objective.needs_reference
        refs = [reference_logprobs(self.unwrapped, pairs) if needs_ref else None for pairs, _ in micro]
        ref_logits = []
        for _, retain in micro:  # the KL reference does not depend on δ or on the adapter: once per step
            if retain is not None and r.defense.kl > 0:
                with reference_mode(self.unwrapped):
                    ref_logits.append(completion_logits(self.unwrapped, **retain)[0])
            else:
                ref_logits.append(None)
        # 1. one attack per micro-batch, all before any defender update of this step
        attacks: list[AttackResult | None] = []
        for (pairs, _), ref in zip(micro, refs):
            attacks.append(self.attack(pairs, ref) if r.attack.enabled and r.attack.steps > 0 else None)
        t_attack = time.perf_counter() - t0
        # 2. defender updates under the fixed δ
        logs: dict[str, float] = {}
        model.train()
        for _ in range(r.defense.steps_per_attack):
            for j, ((pairs, retain), attack, ref, ref_lg) in enumerate(zip(micro, attacks, refs, ref_logits)):
                last = j == n - 1
                with maybe_no_sync(acc, model, last and retain is None):
                    if attack is not None:
                        with attack.perturb():
                            loss, parts = self.defense_objective(pair_logits(model, pairs), ref)
                    else:
                        loss, parts = self.defense_objective(pair_logits(model, pairs), ref)
                    acc.backward(loss / n)
                _accumulate(logs, {"def_loss": loss.item(), **parts}, n * r.defense.steps_per_attack)
                if retain is not None:
                    with maybe_no_sync(acc, model, last):
                        logits, targets = completion_logits(model, **retain)
                        sft = toward_loss(logits, targets)
                        total = r.defense.sft * sft
                        extra = {"sft": sft.item()}
                        if ref_lg is not None:
                            kl = kl_to_reference(logits, ref_lg, targets)
                            total = total + r.defense.kl * kl
                            extra["kl"] = kl.item()
                        acc.backward(total / n)
                    _accumulate(logs, extra, n * r.defense.steps_per_attack)
            if r.train.grad_clip > 0:
                logs["grad_norm"] = float(acc.clip_grad_norm_(model.parameters(), r.train.grad_clip))
            self.optimizer.step()
            self.scheduler.step()
            self.optimizer.zero_grad(set_to_none=True)
        record: dict[str, Any] = {"step": step + 1, **logs, "lr": self.scheduler.get_last_lr()[0]}
        done = [a for a in attacks if a is not None]
        if done:
            record["attack_loss_first"] = sum(a.losses[0] for a in done) / len(done)
            record["attack_loss_last"] = sum(a.losses[-1] for a in done) / len(done)
            for a in done:
                for name, v in a.residual_norms.items():
                    _accumulate(record, {f"resid_norm/{name}": v}, len(done))
                for name, v in a.delta_norms().items():
                    _accumulate(record, {f"delta_norm/{name}": v}, len(done))
                for name, v in a.epsilons.items():
                    _accumulate(record, {f"epsilon/{name}": v}, len(done))
        record["time_attack_s"] = t_attack
        record["time_step_s"] = time.perf_counter() - t0
        return record

    # ------------------------------------------------------------------ loop
    def train(self) -> list[dict[str, Any]]:
        from tqdm.auto import tqdm

        r, acc = self.recipe, self.accelerator
        bar = tqdm(
            total=r.train.steps,
            initial=self.step,
            desc=r.name,
            disable=not (r.train.progress and acc.is_local_main_process),
            dynamic_ncols=True,
        )
        metrics = self.output_dir / "metrics.jsonl"
        try:
            while self.step < r.train.steps:
                record = self.train_step(self.step)
                self.step += 1
                self.history.append(record)
                if acc.is_main_process:
                    with open(metrics, "a") as fh:
                        fh.write(json.dumps(record) + "\n")
                if r.train.log_with:
                    acc.log({k: v for k, v in record.items() if isinstance(v, (int, float))}, step=self.step)
                bar.update(1)
                bar.set_postfix({k: f"{record[k]:.3g}" for k in ("def_loss", "sft", "attack_loss_last") if k in record})
                if r.train.save_every and self.step % r.train.save_every == 0 and self.step < r.train.steps:
                    self.save_checkpoint()
        except KeyboardInterrupt:
            # Never lose work: keep what the finished steps learnt, resumable with train.resume=auto.
            path = self.save_checkpoint()
            acc.print(f"\ninterrupted: saved {path}; continue with train.resume=auto")
            raise
        finally:
            bar.close()
        return self.history

    def save_checkpoint(self) -> Path:
        acc = self.accelerator
        path = self.output_dir / "checkpoints" / f"step-{self.step}"
        acc.wait_for_everyone()
        if acc.is_main_process:
            save_checkpoint(
                path, acc.unwrap_model(self.model), self.optimizer, self.scheduler, self.step, self.recipe, {}
            )
        acc.wait_for_everyone()
        return path

    def save(self) -> Path:
        """Write the PEFT adapter (or the fine-tuned model), the tokenizer, and on request a merged model."""
        acc, r = self.accelerator, self.recipe
        acc.wait_for_everyone()
        model = acc.unwrap_model(self.model)
        out = self.output_dir / ("adapter" if r.lora.enabled else "model")
        if acc.is_main_process:
            model.save_pretrained(out, safe_serialization=True)
            self.tokenizer.save_pretrained(out)
            dump_recipe(r, out / "lat_config.yaml")
            if r.lora.enabled and r.train.merge:
                merged = model.merge_and_unload()
                merged.save_pretrained(self.output_dir / "merged", safe_serialization=True)
                self.tokenizer.save_pretrained(self.output_dir / "merged")
                self.model = merged
        acc.wait_for_everyone()
        return out

    def cleanup(self) -> None:
        if self.recipe.train.log_with:
            self.accelerator.end_training()


def _accumulate(store: dict[str, Any], values: dict[str, float], denom: int) -> None:
    for k, v in values.items():
        store[k] = store.get(k, 0.0) + v / denom


def _flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v if isinstance(v, (int, float, str, bool)) else str(v)
    return out


def train(recipe: Recipe, **kwargs: Any) -> LATTrainer:
    """Run a recipe end to end: ``setup → train → save → cleanup``. Returns the trainer (history, paths)."""
    trainer = LATTrainer(recipe, **kwargs).setup()
    trainer.train()
    trainer.save()
    trainer.cleanup()
    return trainer
