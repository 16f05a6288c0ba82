"""A/B benchmark of the attack-path optimisations, side by side in one process (interleaved, medians).

Each optimisation is switched off and on around the same batch and the same model, so the ratio is measured under
the same machine load: skipping the blocks δ cannot change (``skip_clean_blocks``), computing the prompt once for
both completions (``share_prompt``: in the attack, and in the defense under a fixed δ), computing only the
completions a loss reads (toward-only defense), attacking evaluation requests in batches instead of one by one, and
(``--lora R``) the PGD steps on LoRA merged into weight copies vs the unmerged adapter (``attack.merge_lora``).
``--only attack`` runs the jobs whose name starts so.

    python benchmarks/ab_attack.py --layers 4,10,16,22 --steps 8 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import statistics
from functools import partial

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m-instruct")
    ap.add_argument("--layers", default="4,10,16,22")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--prompt", type=int, default=64)
    ap.add_argument("--completion", type=int, default=64)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=None)
    ap.add_argument("--lora", type=int, default=0, help="a LoRA adapter of this rank on q,k,v,o,up,down (0 = none)")
    ap.add_argument("--only", default="", help="comma-separated job-name prefixes (attack, defense, latent_eval)")
    args = ap.parse_args()

    from lat.attack import PGDSettings, pgd_attack
    from lat.attack.generate import LatentConfig, attack_and_generate
    from lat.bench.step import interleaved, synthetic_batches
    from lat.data.builtin import jailbreak_harmful
    from lat.hooks import resolve_hook_points
    from lat.hooks.layers import parse_layers
    from lat.models import load_model
    from lat.objectives.attacker import TargetedAttack
    from lat.objectives.defender import TowardAwayDefense
    from lat.objectives.forward import ROWS, pair_logits, shared_prompt_logits, split_pairs

    model, tokenizer = load_model(args.model)
    if args.lora:  # the trainer's case: PEFT injects the adapter into the model the attack runs on
        from peft import LoraConfig, get_peft_model

        targets = ["q_proj", "k_proj", "v_proj", "o_proj", "up_proj", "down_proj"]
        model = get_peft_model(model, LoraConfig(r=args.lora, lora_alpha=16, target_modules=targets)).get_base_model()
    vocab = model.config.vocab_size
    pairs, _ = synthetic_batches(vocab, args.batch, args.prompt, args.completion, "cpu")
    points = resolve_hook_points(model, parse_layers(args.layers))
    defense = TowardAwayDefense(toward=0.5, away=0.0)
    requests = jailbreak_harmful("validation")[:8]

    def attack(skip: bool, share: bool = False, merge: bool = False):
        settings = PGDSettings(
            epsilon=6.0, steps=args.steps, skip_clean_blocks=skip, share_prompt=share, merge_lora=merge
        )
        return lambda: pgd_attack(model, pairs, points, TargetedAttack(), settings)

    def defense_step(rows):
        def run():
            loss, _ = defense(pair_logits(model, pairs, rows))
            loss.backward()
            model.zero_grad(set_to_none=True)

        return run

    both = TowardAwayDefense(toward=0.5, away=0.5)
    delta = pgd_attack(model, pairs, points, TargetedAttack(), PGDSettings(epsilon=6.0, steps=1))  # a fixed δ
    split = split_pairs(pairs, ROWS)

    def defense_under_delta(share: bool):
        """One defense forward + backward on both completions under a fixed δ on prompt positions (the trainer's
        ``_defense_loss``): whole sequences, or the prompt once and both completions on its cache."""

        def run():
            if share:
                out = shared_prompt_logits(model, split, ROWS, partial(delta.perturb_prompt, split["prompt_mask"]))
            else:
                with delta.perturb(ROWS):
                    out = pair_logits(model, pairs, ROWS)
            loss, _ = both(out)
            loss.backward()
            model.zero_grad(set_to_none=True)

        return run

    def latent(batch_size: int):
        config = LatentConfig(epsilons=[0.1], layers=parse_layers(args.layers), steps=4, batch_size=batch_size)
        return lambda: attack_and_generate(model, tokenizer, requests, points, config, 0.1, 0)

    jobs = {
        "attack/plain": attack(False),
        "attack/skip_clean_blocks": attack(True),
        "attack/share_prompt": attack(False, share=True),
        "defense/both_rows": defense_step(ROWS),
        "defense/read_rows_only": defense_step(("chosen",)),
        "defense/under_delta_whole": defense_under_delta(False),
        "defense/under_delta_shared_prompt": defense_under_delta(True),
        "latent_eval/one_by_one": latent(1),
        "latent_eval/batched_8": latent(8),
    }
    if args.lora:
        jobs["attack/lora_unmerged"] = attack(True, share=True)
        jobs["attack/lora_merged"] = attack(True, share=True, merge=True)
    if args.only:
        jobs = {k: v for k, v in jobs.items() if any(k.startswith(p) for p in args.only.split(","))}
    samples = interleaved(jobs, args.repeats)
    med = {k: statistics.median(v) for k, v in samples.items()}
    result = {
        "medians_s": med,
        "speedup": {
            name: med[plain] / med[fast]
            for name, plain, fast in (
                ("skip_clean_blocks", "attack/plain", "attack/skip_clean_blocks"),
                ("share_prompt", "attack/plain", "attack/share_prompt"),
                ("read_rows_only", "defense/both_rows", "defense/read_rows_only"),
                ("defense_share_prompt", "defense/under_delta_whole", "defense/under_delta_shared_prompt"),
                ("batched_latent_eval", "latent_eval/one_by_one", "latent_eval/batched_8"),
                ("merge_lora", "attack/lora_unmerged", "attack/lora_merged"),
            )
            if plain in med and fast in med
        },
        "config": vars(args) | {"threads": torch.get_num_threads()},
    }
    print(json.dumps(result, indent=1))
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()
