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

Work is never silently lost or corrupted (docs/failure-modes.md): inputs are checked before any weights load
(:mod:`lat.training.preflight`); a first Ctrl-C finishes the step in progress and checkpoints it; a non-finite loss
or gradient stops the run before the optimizer applies it; checkpoints and the adapter are written to a temporary
directory and renamed; a finished run is never trained over unless asked.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import sys
import threading
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any

import torch

from lat.attack.free import FreeAttacker
from lat.attack.pgd import AttackResult, PGDSettings, pgd_attack, shares_prompt
from lat.config import Recipe, dump_recipe
from lat.data.tokenize import collate_pairs, collate_sft
from lat.errors import LatError
from lat.hooks.layers import resolve_hook_points, unwrap_model
from lat.models.modes import enable_checkpointing, reference_mode
from lat.objectives import ATTACK_OBJECTIVES, DEFENSE_OBJECTIVES, build_objective, reference_logprobs
from lat.objectives.base import host_values
from lat.objectives.forward import (
    ROWS,
    completion_logits,
    pair_logits,
    shared_prompt_logits,
    split_pairs,
)
from lat.objectives.losses import kl_to_reference, toward_loss
from lat.training.checkpoint import latest_checkpoint, load_checkpoint, replace_dir, save_checkpoint
from lat.training.preflight import check_output_dir, lora_targets, preflight, refuse_sharded_parameters
from lat.training.sharding import maybe_no_sync, micro_batches


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

    targets = lora_targets(model, cfg)
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
        # Everything that can be checked without weights is checked before any work: the output directory, the
        # model's config (layers, LoRA targets, context length) and the data's columns.
        existing = check_output_dir(self.output_dir, r.train)
        preflight(r, self.model, check_data_sources=self.adversarial is None)
        refuse_sharded_parameters(self.accelerator)  # before Accelerate builds a sharded setup
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
        refuse_sharded_parameters(acc)
        if existing and r.train.overwrite and acc.is_main_process:
            for name in ("checkpoints", "adapter", "model", "merged", "metrics.jsonl"):
                target = self.output_dir / name
                shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        acc.wait_for_everyone()
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

            adv, ret = load_training_data(
                r.data, self.model, self.tokenizer, device=acc.device, model_name=r.model.name
            )
            self.adversarial = self.adversarial if self.adversarial is not None else adv
            self.retain = self.retain if self.retain is not None else ret
        if not self.adversarial:
            raise LatError("no adversarial training records: check data.adversarial / data.split / data.limit")
        self.model = apply_lora(self.model, r)
        if r.model.gradient_checkpointing:  # after PEFT, which would otherwise re-enable input gradients
            enable_checkpointing(self.model)
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
        self.attack_objective = build_objective(ATTACK_OBJECTIVES, a.objective, a)
        self.defense_objective = build_objective(DEFENSE_OBJECTIVES, d.objective, d)
        # What the defense declares (lat.objectives.base), read once: its own forward, its own retain term.
        self.defense_needs_model = bool(getattr(self.defense_objective, "needs_model", False))
        self.own_retain_loss = getattr(self.defense_objective, "retain_loss", None)
        # LoRA merged into weight copies for the PGD steps: fewer matmuls, at the memory of one copy of the adapted
        # weights — so by default on the CPU only (benchmarks/results/ab_attack_merge_lora_cpu.json).
        merge = a.merge_lora if a.merge_lora is not None else acc.device.type == "cpu"
        self.pgd = PGDSettings.from_config(a, checkpoint=r.model.gradient_checkpointing, merge_lora=merge)
        # attack.schedule=free: δ also steps from each defense forward (lat.attack.free), so that forward computes the
        # completions both losses read.
        self.free = a.enabled and a.schedule == "free"
        if self.free and self.defense_needs_model:
            raise LatError(
                f"attack.schedule=free takes the attacker's loss from the defense's logits; defense.objective="
                f"{d.objective} runs its own forward on activations. Use attack.schedule=pgd with it"
            )
        if a.enabled and a.spare_helpful and not any(rec.get("helpful") for rec in self.adversarial):
            raise LatError(
                "attack.spare_helpful=true spares the pairs marked helpful, but no pair in data.adversarial "
                f"({r.data.adversarial}) is: use a source that has them (e.g. jailbreak-helpful, backdoor-dpo-helpful) "
                "or set attack.spare_helpful=false"
            )
        if d.reference_under_attack and not self.defense_objective.needs_reference:
            raise LatError(
                f"defense.reference_under_attack=true changes the reference a DPO or NPO defense compares with; "
                f"defense.objective={d.objective}"
                + (f" (forget_loss={d.forget_loss})" if d.objective == "grad_diff" else "")
                + " uses none. Set defense.reference_under_attack=false"
            )
        if d.reference_under_attack and self.free:
            raise LatError(
                "defense.reference_under_attack=true scores the reference once per attack under its δ, but with "
                "attack.schedule=free δ moves during the defense updates: use attack.schedule=pgd with it"
            )
        wanted = set(self.defense_objective.rows) | (set(self.attack_objective.rows) if self.free else set())
        self.defense_rows = tuple(row for row in ROWS if row in wanted)
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
        if acc.is_main_process:  # metrics.jsonl holds exactly the steps this run's weights have seen
            _truncate_metrics(self.output_dir / "metrics.jsonl", self.step)
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
            if r.attack.spare_helpful and "helpful" in pairs:  # δ = 0 on the benign pairs (answer over refusal)
                pairs["attack_rows"] = 1 - pairs["helpful"]
            retain = None
            if ret_idx is not None and (r.defense.sft + r.defense.kl > 0 or self.own_retain_loss is not None):
                retain = collate_sft(self.tokenizer, [self.retain[i] for i in ret_idx], r.data.max_length, acc.device)
            out.append((pairs, retain))
        return out

    def attack(self, pairs: dict[str, torch.Tensor], reference=None) -> AttackResult:
        return pgd_attack(
            self.base, pairs, self.points, self.attack_objective, self.pgd, reference=reference, final_eval=False
        )

    def _defense_split(
        self, pairs: dict[str, torch.Tensor], attack: AttackResult | None, free: FreeAttacker | None
    ) -> dict[str, torch.Tensor] | None:
        """The pair batch cut for a defense that computes the prompt once for both completions, as the attack does
        (:func:`lat.attack.pgd.shares_prompt`: same losses and gradients, a quarter fewer tokens at equal lengths),
        or None where it cannot: on several processes (a DDP-wrapped model runs one forward per backward), with the
        free schedule, or an objective that runs its own forward. Built once per micro-batch and step."""
        length = pairs["prompt_mask"].shape[1]
        if (
            free is not None
            or self.defense_needs_model
            or self.accelerator.num_processes > 1
            or not shares_prompt(self.pgd, self.defense_rows, self.base, length, perturbed=attack is not None)
        ):
            return None
        return split_pairs(pairs, self.defense_rows)

    def _reference_under(self, pairs: dict[str, torch.Tensor], attack: AttackResult) -> dict[str, torch.Tensor]:
        """The reference's log-probs of the defense's completions under the attack's fixed δ
        (``defense.reference_under_attack``): the defense's forward with the adapter disabled."""
        with attack.perturb(self.defense_rows):
            return reference_logprobs(self.unwrapped, pairs, rows=self.defense_rows)

    def _reads_clean_reference(self, attacked: bool) -> bool:
        """Whether a micro-batch reads the δ-free reference log-probs: the attacker's objective (when it attacks), or
        the defense's — unless ``defense.reference_under_attack`` replaces them under δ and no clean term
        (``defense.clean``) reads them."""
        d = self.recipe.defense
        if attacked and self.attack_objective.needs_reference:
            return True
        replaced = attacked and d.reference_under_attack and d.clean <= 0
        return self.defense_objective.needs_reference and not replaced

    def _reference_shares_prompt(self, pairs: dict[str, torch.Tensor]) -> bool:
        """Whether the reference log-probs (no δ, adapter off, no gradient) compute the prompt once for both
        completions: wherever the attack's switch and the model allow it (the unwrapped model, any process count)."""
        return shares_prompt(self.pgd, ROWS, self.unwrapped, pairs["prompt_mask"].shape[1], perturbed=False)

    def _defense_loss(
        self,
        model,
        pairs: dict[str, torch.Tensor],
        ref,
        attack: AttackResult | None = None,
        free: FreeAttacker | None = None,
        split: dict[str, torch.Tensor] | None = None,
    ) -> tuple[torch.Tensor, dict[str, float], torch.Tensor | None]:
        """The defense objective on a pair batch under the attack's fixed δ (none: the baseline), and with the free
        schedule the attacker's loss on the same logits; with ``split`` (:meth:`_defense_split`) the prompt runs once
        for both completions. An objective that reads activations rather than logits (RMU) declares ``needs_model``
        and runs its own forward; δ acts on it all the same."""
        if split is not None:
            hooks = partial(attack.perturb_prompt, split["prompt_mask"]) if attack is not None else nullcontext
            out = shared_prompt_logits(model, split, self.defense_rows, hooks)
            return (*self.defense_objective(out, ref), None)
        with attack.perturb(self.defense_rows) if attack is not None else nullcontext():  # δ laid out for those rows
            if self.defense_needs_model:
                return (*self.defense_objective.model_loss(model, pairs, ref), None)
            # only the completions a loss reads run (defense.away=0 and no free attacker: the harmful rows are skipped)
            out = pair_logits(model, pairs, self.defense_rows)
            loss, parts = self.defense_objective(out, ref)
            return loss, parts, (self.attack_objective(out, ref)[0] if free is not None else None)

    def train_step(self, step: int) -> dict[str, Any]:
        r, acc, model = self.recipe, self.accelerator, self.model
        t0 = time.perf_counter()
        micro = self._micro(step)
        n = len(micro)
        # which micro-batches the adversary attacks: decided first, since it decides which references are read
        ons = [
            r.attack.enabled
            and (r.attack.steps > 0 or self.free)
            and ("attack_rows" not in pairs or bool(pairs["attack_rows"].any()))  # attack.spare_helpful
            for pairs, _ in micro
        ]
        refs = [
            reference_logprobs(self.unwrapped, pairs, self._reference_shares_prompt(pairs))
            if self._reads_clean_reference(on)
            else None
            for (pairs, _), on in zip(micro, ons)
        ]
        ref_logits = []
        for _, retain in micro:  # the KL reference does not depend on δ or on the adapter: once per step
            if retain is not None and r.defense.kl > 0:
                with reference_mode(self.unwrapped):
                    ref_logits.append(completion_logits(self.unwrapped, **retain)[0])
            else:
                ref_logits.append(None)
        # 1. one attack per micro-batch, all before any defender update of this step
        attacks = [self.attack(pairs, ref) if on else None for (pairs, _), ref, on in zip(micro, refs, ons)]
        # defense.reference_under_attack: the defense's DPO / NPO reference scored under the same δ (the attacker's
        # and the clean term's stay δ-free; the free schedule, whose attacker reads the defense's, is refused)
        def_refs = refs
        if r.defense.reference_under_attack:
            def_refs = [
                ref if a is None else self._reference_under(p, a) for (p, _), a, ref in zip(micro, attacks, refs)
            ]
        free = [FreeAttacker(a, self.pgd) if self.free and a is not None else None for a in attacks]
        splits = [self._defense_split(pairs, a, fa) for (pairs, _), a, fa in zip(micro, attacks, free)]
        d = r.defense
        # defense.clean: the same loss without δ on every attacked micro-batch (a micro-batch the adversary spared,
        # attack.spare_helpful, is clean already: its one loss takes both weights)
        cleans = [d.clean > 0 and a is not None for a in attacks]
        clean_splits = [self._defense_split(p, None, None) if c else None for (p, _), c in zip(micro, cleans)]
        bad = [x for a in attacks if a is not None for x in a.losses if not math.isfinite(x)]
        if self._any_rank(bool(bad)):
            raise NonFiniteError(
                f"the attack loss is not finite at step {step + 1} ({bad[0] if bad else 'on another process'}). "
                f"Likely cause: δ or the activations overflow — lower attack.lr ({r.attack.lr:g}) or attack.epsilon "
                f"({r.attack.epsilon:g}), or train in float32/bf16 instead of fp16"
            )
        t_attack = time.perf_counter() - t0
        # 2. defender updates under the fixed δ
        # The authors' scaling (defense.normalize): coefficients divided by their sum, KL by its own detached value.
        scale = 1.0 / max(d.toward + d.away + d.sft + d.kl + d.clean, 1e-12) if d.normalize else 1.0
        if r.train.reinit_optimizer:  # a fresh AdamW for this LAT step: zero moments, bias correction from 1
            self.optimizer.state.clear()
        logs: dict[str, Any] = {}  # detached tensors until each update reads them back
        model.train()
        for update in range(r.defense.steps_per_attack):
            for j, ((pairs, retain), attack, ref, def_ref, ref_lg, fa, split, clean, clean_split) in enumerate(
                zip(micro, attacks, refs, def_refs, ref_logits, free, splits, cleans, clean_splits)
            ):
                last = j == n - 1
                weight = 1.0 + d.clean if d.clean > 0 and attack is None else 1.0  # a spared micro-batch: see above
                with maybe_no_sync(acc, model, last and retain is None and not clean):
                    if fa is not None:
                        fa.track()
                    loss, parts, attack_loss = self._defense_loss(model, pairs, def_ref, attack, fa, split)
                    acc.backward(scale * weight * loss / n, retain_graph=attack_loss is not None)
                    if fa is not None and attack_loss is not None:
                        fa.step(attack_loss)  # the attacker's update from the same forward (free schedule)
                _accumulate(logs, {"def_loss": loss.detach(), **parts}, n * r.defense.steps_per_attack)
                if clean:  # its own forward and backward, so that one graph at a time is held
                    with maybe_no_sync(acc, model, last and retain is None):
                        clean_loss, _, _ = self._defense_loss(model, pairs, ref, None, None, clean_split)
                        acc.backward(scale * d.clean * clean_loss / n)
                    _accumulate(logs, {"def_clean": clean_loss.detach()}, n * r.defense.steps_per_attack)
                if retain is not None:
                    with maybe_no_sync(acc, model, last):
                        logits, targets = completion_logits(model, **retain)
                        sft = toward_loss(logits, targets)
                        total = d.sft * sft
                        extra = {"sft": sft.detach()}
                        if self.own_retain_loss is not None:  # e.g. RMU: activations ≈ the frozen model's
                            own, own_logs = self.own_retain_loss(model, retain)
                            total, extra = total + own, {**extra, **own_logs}
                        if ref_lg is not None:
                            kl = kl_to_reference(logits, ref_lg, targets, d.kl_direction)
                            extra["kl"] = kl.detach()
                            if d.normalize:
                                # The authors' KL / (KL.detach() + 1e-8): value ≈ 1, gradient ∇KL / KL. At KL = 0
                                # (the first update: a fresh adapter *is* the reference) ∇KL is 0 up to rounding,
                                # which that division would blow up by 1e8 into a random direction: skip it there.
                                kl = torch.where(kl.detach() > 0, kl / (kl.detach() + 1e-8), kl * 0.0)
                            total = total + d.kl * kl
                        acc.backward(scale * total / n)
                    _accumulate(logs, extra, n * r.defense.steps_per_attack)
            # Nothing non-finite ever reaches the weights: check before the optimizer applies this update. The
            # gradient norm is computed after the all-reduce, so every process takes the same decision.
            if r.train.grad_clip > 0:
                norm = acc.clip_grad_norm_(model.parameters(), r.train.grad_clip)
            else:
                grads = [p.grad.detach().float().norm() for p in model.parameters() if p.grad is not None]
                norm = torch.stack(grads).norm() if grads else 0.0
            # this update's losses and gradient norm, read back to the host together (one wait for the device)
            logs = host_values({**logs, "grad_norm_now": norm})
            norm = logs.pop("grad_norm_now")
            logs["grad_norm"] = logs.get("grad_norm", 0.0) + norm / r.defense.steps_per_attack
            losses = [v for k, v in logs.items() if k != "grad_norm"]
            if self._any_rank(not math.isfinite(norm) or not all(math.isfinite(v) for v in losses)):
                what = "the gradient norm" if all(math.isfinite(v) for v in losses) else "the defense loss"
                raise NonFiniteError(
                    f"{what} is not finite at step {step + 1} (defender update {update + 1} of "
                    f"{r.defense.steps_per_attack}). Likely cause: the learning rate is too high for this model "
                    f"(train.lr={r.train.lr:g}; the paper uses 2e-5 to 8e-5), or fp16 overflow "
                    f"(train.mixed_precision=bf16 or model.dtype=float32)"
                )
            self.optimizer.step()
            self.scheduler.step()
            self.optimizer.zero_grad(set_to_none=True)
        record: dict[str, Any] = {"step": step + 1, **logs, "lr": self.scheduler.get_last_lr()[0]}
        done = [a for a in attacks if a is not None]
        if done:
            record["attack_loss_first"] = sum(a.losses[0] for a in done) / len(done)
            record["attack_loss_last"] = sum(a.losses[-1] for a in done) / len(done)
            stepped = [fa.losses for fa in free if fa is not None and fa.losses]
            if stepped:  # the attacker's loss on the defense's forwards: first and last of this step
                record["attack_free_loss_first"] = sum(x[0] for x in stepped) / len(stepped)
                record["attack_free_loss_last"] = sum(x[-1] for x in stepped) / len(stepped)
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
        """Run the remaining steps. Ctrl-C finishes the step in progress, checkpoints it and re-raises."""
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
        interrupt = _DeferredInterrupt()
        try:
            with interrupt:
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
                    keys = ("def_loss", "sft", "attack_loss_last")
                    bar.set_postfix({k: f"{record[k]:.3g}" for k in keys if k in record})
                    if self._any_rank(interrupt.requested):
                        # The step finished, so the checkpoint is a state the uninterrupted run also passed through.
                        path = self.save_checkpoint()
                        interrupt.saved = True
                        acc.print(
                            f"\ninterrupted after step {self.step}: saved {path}; continue with train.resume=auto"
                        )
                        raise KeyboardInterrupt
                    every = r.train.save_every
                    if (every and self.step % every == 0) or self.step == r.train.steps:  # the final step too
                        self.save_checkpoint()
        except KeyboardInterrupt:
            if not interrupt.saved:  # a second Ctrl-C: the step in progress is partly applied, never saved
                last = latest_checkpoint(self.output_dir)
                acc.print(
                    f"\nstopped during step {self.step + 1}: its updates were partly applied, so it is not saved; "
                    + (f"the last checkpoint is {last} (train.resume=auto)" if last else "no checkpoint was written")
                )
            raise
        except NonFiniteError as err:
            last = latest_checkpoint(self.output_dir)
            keep = f"the last good checkpoint is {last} (train.resume=auto)" if last else "no checkpoint was written"
            raise LatError(f"training stopped: {err}. Nothing of this step was applied or saved; {keep}") from None
        finally:
            bar.close()
        return self.history

    def _any_rank(self, flag: bool) -> bool:
        """``flag`` on any process (one tiny all-reduce with several processes), so all take the same branch."""
        acc = self.accelerator
        if acc.num_processes == 1:
            return bool(flag)
        t = torch.tensor([1.0 if flag else 0.0], device=acc.device)
        return bool(acc.reduce(t, reduction="sum").item() > 0)

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
        bad = [n for n, p in model.named_parameters() if p.requires_grad and not torch.isfinite(p).all()]
        if bad:  # never write a model of NaNs as if it were a result
            raise LatError(f"not saving: {len(bad)} trained tensors hold NaN/inf (e.g. {bad[0]}); lower train.lr")
        if acc.is_main_process:
            # Written next to the target and renamed: a crash never leaves a half adapter that looks finished.
            tmp = out.with_name(out.name + ".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            model.save_pretrained(tmp, safe_serialization=True)
            self.tokenizer.save_pretrained(tmp)
            dump_recipe(r, tmp / "lat_config.yaml")
            replace_dir(tmp, out)
            if r.lora.enabled and r.train.merge:
                merged = model.merge_and_unload()
                tmp = self.output_dir / "merged.tmp"
                shutil.rmtree(tmp, ignore_errors=True)
                merged.save_pretrained(tmp, safe_serialization=True)
                self.tokenizer.save_pretrained(tmp)
                replace_dir(tmp, self.output_dir / "merged")
                self.model = merged
        acc.wait_for_everyone()
        return out

    def cleanup(self) -> None:
        if self.recipe.train.log_with:
            self.accelerator.end_training()


class NonFiniteError(Exception):
    """A loss or gradient became NaN/inf; :meth:`LATTrainer.train` turns it into a one-line :class:`LatError`."""


class _DeferredInterrupt:
    """Ctrl-C (SIGINT) handling for the training loop: the first one only sets ``requested``, so the step in progress
    finishes and the checkpoint is a state the uninterrupted run also reaches (resume then equals never stopping);
    a second one raises ``KeyboardInterrupt`` at once. Outside the main thread signals cannot be caught: no-op."""

    def __init__(self) -> None:
        self.requested = False
        self.saved = False
        self._previous: Any = None
        self._installed = False

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print(
            "\ninterrupt: finishing the current step, then saving a checkpoint (Ctrl-C again to stop at once)",
            file=sys.stderr,
        )

    def __enter__(self) -> _DeferredInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.default_int_handler)


def _truncate_metrics(path: Path, step: int) -> None:
    """Keep the records of steps 1..``step`` (a resumed run rewrites what came after its checkpoint)."""
    if not path.is_file():
        return
    keep = [line for line in path.read_text().splitlines() if line.strip() and json.loads(line).get("step", 0) <= step]
    path.write_text("".join(line + "\n" for line in keep))


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
